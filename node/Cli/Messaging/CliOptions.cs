using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;

namespace Interop.Node.Cli.Messaging;

/// <summary>Option parsers whose every bad value is a parse error naming the option (the CLI exits 2 on parse errors).</summary>
internal static class CliOptions
{
    public static Option<uint> ChainId(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        HelpName = "CHAIN_ID",
        CustomParser = result =>
        {
            var token = Token(result);
            if (uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0) return value;
            result.AddError($"{name} must be a chain id between 1 and {uint.MaxValue}, got '{token}'");
            return 0;
        },
    };

    public static Option<Address?> Address(string name, string description, bool required) => new(name)
    {
        Description = description,
        Required = required,
        HelpName = "0xADDRESS",
        CustomParser = result =>
        {
            var token = Token(result);
            if (Interop.Ethereum.Address.TryParse(token, out var address, out var error)) return address;
            result.AddError($"{name} must be a 20-byte address (0x + 40 hex digits): {error}");
            return null;
        },
    };

    public static Option<byte[]> HexBytes(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        HelpName = "0xHEX",
        CustomParser = result =>
        {
            var token = Token(result);
            if (Hex.IsHex(token) && token.Length % 2 == 0) return Hex.Decode(token);
            result.AddError($"{name} must be 0x followed by an even number of hex digits, got '{Shorten(token)}'");
            return [];
        },
    };

    public static Option<BigInteger> PositiveInteger(string name, string description, string helpName, BigInteger? max = null) => new(name)
    {
        Description = description,
        Required = true,
        HelpName = helpName,
        CustomParser = result =>
        {
            var token = Token(result);
            if (BigInteger.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && (max is null || value <= max)) return value;
            result.AddError($"{name} must be a whole number between 1 and {max?.ToString(CultureInfo.InvariantCulture) ?? "2^256-1"}, got '{Shorten(token)}'");
            return BigInteger.Zero;
        },
    };

    public static Option<int> Int(string name, string description, int defaultValue, int min, int max, string helpName) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        HelpName = helpName,
        CustomParser = result =>
        {
            var token = Token(result);
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
            result.AddError($"{name} must be between {min} and {max}, got '{token}'");
            return defaultValue;
        },
    };

    private static string Token(System.CommandLine.Parsing.ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    public static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    public static readonly BigInteger MaxUint256 = BigInteger.Pow(2, 256) - 1;
}
