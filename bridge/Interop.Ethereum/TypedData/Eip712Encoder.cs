using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.TypedData;

/// <summary>
/// EIP-712 encodeData / hashStruct over JSON values. Every value is checked against its declared type, and an error
/// names the path to the value ("Mail.to[1].wallet") and what was wrong with it.
/// </summary>
internal sealed class Eip712Encoder(Eip712Types types)
{
    private const NumberStyles IntegerStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent | NumberStyles.AllowDecimalPoint;
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    /// <summary>hashStruct(s) = keccak256(typeHash ‖ encodeData(s)).</summary>
    public byte[] HashStruct(string structName, JsonElement value, string path) => Keccak256.Hash(EncodeData(structName, value, path));

    /// <summary>typeHash ‖ one 32-byte word per field.</summary>
    public byte[] EncodeData(string structName, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(path, $"must be a JSON object for struct {structName}, got {Describe(value)}");
        var fields = types.FieldsOf(structName);
        var buffer = new byte[32 * (fields.Length + 1)];
        types.TypeHashNoCopy(structName).CopyTo(buffer, 0);
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            var fieldPath = path + "." + field.Name;
            if (!value.TryGetProperty(field.Name, out var member))
                throw Error(fieldPath, $"is missing (struct {structName} declares it as {field.Type})");
            EncodeValue(field.Type, member, fieldPath, buffer.AsSpan(32 * (i + 1), 32));
        }
        return buffer;
    }

    private void EncodeValue(string type, JsonElement value, string path, Span<byte> word)
    {
        if (value.ValueKind == JsonValueKind.Null)
            throw Error(path, $"is null; a {type} needs a value");
        var info = types.Parse(type);
        switch (info.Kind)
        {
            case Eip712Kind.Struct:
                HashStruct(type, value, path).CopyTo(word);
                break;
            case Eip712Kind.Array:
                EncodeArray(info, type, value, path, word);
                break;
            case Eip712Kind.String:
                if (value.ValueKind != JsonValueKind.String) throw Error(path, $"must be a string, got {Describe(value)}");
                Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(value.GetString()!), word);
                break;
            case Eip712Kind.Bytes:
                Keccak256.Hash(ReadHexBytes(value, path, "bytes"), word);
                break;
            case Eip712Kind.FixedBytes:
                var bytes = ReadHexBytes(value, path, type);
                if (bytes.Length != info.Size) throw Error(path, $"must be exactly {info.Size} bytes for {type}, got {bytes.Length}");
                word.Clear();
                bytes.CopyTo(word); // bytesN is left-aligned in its word
                break;
            case Eip712Kind.Bool:
                word.Clear();
                word[31] = value.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => throw Error(path, $"must be true or false, got {Describe(value)}"),
                };
                break;
            case Eip712Kind.Address:
                if (value.ValueKind != JsonValueKind.String)
                    throw Error(path, $"must be an address string, got {Describe(value)}");
                if (!Address.TryParse(value.GetString(), out var address, out var reason))
                    throw Error(path, $"is not an address: {reason}");
                word.Clear();
                address.Bytes.CopyTo(word[12..]);
                break;
            case Eip712Kind.Uint:
            case Eip712Kind.Int:
                WriteInteger(ReadInteger(value, path, type), info, type, path, word);
                break;
            default:
                throw new InvalidOperationException($"unhandled EIP-712 kind {info.Kind}");
        }
    }

    private void EncodeArray(Eip712TypeInfo info, string type, JsonElement value, string path, Span<byte> word)
    {
        if (value.ValueKind != JsonValueKind.Array) throw Error(path, $"must be a JSON array for {type}, got {Describe(value)}");
        var length = value.GetArrayLength();
        if (info.FixedLength is { } fixedLength && length != fixedLength)
            throw Error(path, $"must have exactly {fixedLength} elements for {type}, got {length}");
        // Each element contributes one word (a struct or nested array as its hash), and the array is their hash.
        var buffer = new byte[32 * length];
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            EncodeValue(info.ElementType!, element, $"{path}[{index}]", buffer.AsSpan(32 * index, 32));
            index++;
        }
        Keccak256.Hash(buffer, word);
    }

    private static BigInteger ReadInteger(JsonElement value, string path, string type)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (BigInteger.TryParse(value.GetRawText(), IntegerStyles, CultureInfo.InvariantCulture, out var number)) return number;
                throw Error(path, $"must be an integer for {type}, got {value.GetRawText()}");
            case JsonValueKind.String:
                var text = value.GetString()!;
                var negative = text.StartsWith('-');
                var digits = negative ? text[1..] : text;
                if (digits.Length > 0 && (Hex.IsHex(digits) && digits.Length > 2 || digits.All(char.IsAsciiDigit)))
                {
                    var magnitude = HexBigInteger.ParseQuantity(digits);
                    return negative ? -magnitude : magnitude;
                }
                throw Error(path, $"must be a decimal or 0x-hex integer for {type}, got '{Hex.Shorten(text)}'");
            default:
                throw Error(path, $"must be a number or a numeric string for {type}, got {Describe(value)}");
        }
    }

    private static void WriteInteger(BigInteger value, Eip712TypeInfo info, string type, string path, Span<byte> word)
    {
        var bits = info.Size;
        var (min, max) = info.Kind == Eip712Kind.Uint
            ? (BigInteger.Zero, (BigInteger.One << bits) - 1)
            : (-(BigInteger.One << (bits - 1)), (BigInteger.One << (bits - 1)) - 1);
        if (value < min || value > max) throw Error(path, $"{value} is out of range for {type} [{min}, {max}]");
        // intN is sign-extended to 256 bits: negative values are two's complement over the whole word.
        var unsigned = value.Sign < 0 ? value + TwoTo256 : value;
        word.Clear();
        unsigned.TryWriteBytes(word[(32 - unsigned.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
    }

    private static byte[] ReadHexBytes(JsonElement value, string path, string type)
    {
        if (value.ValueKind != JsonValueKind.String) throw Error(path, $"must be a 0x-hex string for {type}, got {Describe(value)}");
        var text = value.GetString()!;
        if (!Hex.IsHex(text) || text.Length % 2 != 0)
            throw Error(path, $"must be 0x followed by an even number of hex digits for {type}, got '{Hex.Shorten(text)}'");
        return Hex.Decode(text);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string '{Hex.Shorten(value.GetString()!)}'",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        _ => "null",
    };

    private static FormatException Error(string path, string problem) => new($"EIP-712 value {path} {problem}");
}
