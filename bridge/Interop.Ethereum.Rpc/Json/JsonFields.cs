using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rpc.Json;

/// <summary>
/// Reads JSON-RPC result objects field by field (quantities, data, hashes, addresses). Every failure is a
/// <see cref="FormatException"/> naming the field, which the client wraps with the method and endpoint.
/// </summary>
internal static class JsonFields
{
    public static JsonElement Required(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new FormatException($"expected a JSON object holding '{name}', got {obj.ValueKind}");
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw new FormatException($"missing field '{name}'");
        return value;
    }

    public static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static ulong GetUlong(JsonElement obj, string name) => AsUlong(Required(obj, name), name);

    public static ulong? GetOptionalUlong(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) ? AsUlong(v, name) : null;

    public static BigInteger GetBigInt(JsonElement obj, string name) => AsBigInteger(Required(obj, name), name);

    public static BigInteger? GetOptionalBigInt(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) ? AsBigInteger(v, name) : null;

    public static byte[] GetBytes(JsonElement obj, string name) => AsBytes(Required(obj, name), name);

    public static byte[] GetHash(JsonElement obj, string name) => AsHash(Required(obj, name), name);

    public static byte[]? GetOptionalHash(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) ? AsHash(v, name) : null;

    public static Address GetAddress(JsonElement obj, string name) => AsAddress(Required(obj, name), name);

    public static Address? GetOptionalAddress(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) ? AsAddress(v, name) : null;

    public static bool GetOptionalBool(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) && v.ValueKind == JsonValueKind.True;

    public static IReadOnlyList<T> GetArray<T>(JsonElement obj, string name, Func<JsonElement, T> read) =>
        AsArray(Required(obj, name), name, read);

    public static IReadOnlyList<T> AsArray<T>(JsonElement value, string name, Func<JsonElement, T> read)
    {
        if (value.ValueKind != JsonValueKind.Array) throw new FormatException($"'{name}' must be an array, got {value.ValueKind}");
        var result = new T[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray()) result[i++] = read(item);
        return result;
    }

    public static string AsString(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"'{name}' must be a string, got {value.ValueKind}");

    public static ulong AsUlong(JsonElement value, string name)
    {
        // Quantities are hex strings by the spec; a few nodes send small ones as plain JSON numbers.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var n)) return n;
        var big = AsBigInteger(value, name);
        if (big > ulong.MaxValue) throw new FormatException($"'{name}' = {big} does not fit in 64 bits");
        return (ulong)big;
    }

    public static BigInteger AsBigInteger(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var n)) return n;
        var text = AsString(value, name);
        try
        {
            return HexBigInteger.ParseQuantity(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{name}': {e.Message}", e);
        }
    }

    public static byte[] AsBytes(JsonElement value, string name)
    {
        var text = AsString(value, name);
        if (!Hex.IsHex(text)) throw new FormatException($"'{name}' must be 0x-prefixed hex data, got '{Shorten(text)}'");
        return Hex.Decode(text);
    }

    public static byte[] AsHash(JsonElement value, string name)
    {
        var bytes = AsBytes(value, name);
        if (bytes.Length != 32) throw new FormatException($"'{name}' must be a 32-byte hash, got {bytes.Length} bytes");
        return bytes;
    }

    public static Address AsAddress(JsonElement value, string name)
    {
        var text = AsString(value, name);
        // Nodes send lower-case addresses; checksum validation is for human input, so decode the bytes directly.
        if (!Hex.IsHex(text) || text.Length != 42) throw new FormatException($"'{name}' must be a 20-byte address, got '{Shorten(text)}'");
        return new Address(Hex.Decode(text));
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
