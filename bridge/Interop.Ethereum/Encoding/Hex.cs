namespace Interop.Ethereum.Encoding;

/// <summary>Hex encoding as Ethereum uses it: "0x"-prefixed, lower case on output, either case on input.</summary>
public static class Hex
{
    /// <summary>Encodes bytes as "0x" followed by two lower-case digits per byte.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true) =>
        prefix ? string.Concat("0x", System.Convert.ToHexStringLower(bytes)) : System.Convert.ToHexStringLower(bytes);

    /// <summary>Decodes a hex string with or without "0x"; an odd number of digits is read with a leading zero.</summary>
    /// <exception cref="FormatException">The string contains a character that is not a hex digit.</exception>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = StripPrefix(hex);
        if (digits.Length % 2 == 1)
            digits = string.Concat("0", digits);
        var result = new byte[digits.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var hi = Nibble(digits[2 * i], hex);
            var lo = Nibble(digits[2 * i + 1], hex);
            result[i] = (byte)((hi << 4) | lo);
        }
        return result;
    }

    /// <summary>Decodes exactly <paramref name="length"/> bytes, or throws naming the expected and actual lengths.</summary>
    public static byte[] DecodeFixed(string hex, int length, string what = "value")
    {
        var bytes = Decode(hex);
        if (bytes.Length != length)
            throw new FormatException($"{what} must be {length} bytes (0x + {length * 2} hex digits), got {bytes.Length} bytes: '{Shorten(hex)}'");
        return bytes;
    }

    /// <summary>True when the string is "0x" followed only by hex digits.</summary>
    public static bool IsHex(string? value, bool requirePrefix = true)
    {
        if (value is null) return false;
        var hasPrefix = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (requirePrefix && !hasPrefix) return false;
        var digits = hasPrefix ? value.AsSpan(2) : value.AsSpan();
        foreach (var c in digits)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    /// <summary>Removes a leading "0x" or "0X" if present.</summary>
    public static string StripPrefix(string hex) =>
        hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;

    private static int Nibble(char c, string source) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => throw new FormatException($"'{c}' is not a hex digit in '{Shorten(source)}'"),
    };

    internal static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
