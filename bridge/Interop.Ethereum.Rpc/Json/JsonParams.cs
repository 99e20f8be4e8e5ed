using System.Buffers;
using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rpc.Json;

/// <summary>Writes a JSON-RPC "params" array once, up front, so a request can be resent to another endpoint as bytes.</summary>
internal static class JsonParams
{
    public static readonly byte[] Empty = "[]"u8.ToArray();

    public static byte[] Write(Action<Utf8JsonWriter> writeItems)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writeItems(writer);
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteQuantity(this Utf8JsonWriter writer, ulong value) => writer.WriteStringValue(HexBigInteger.ToQuantity(value));

    public static void WriteQuantity(this Utf8JsonWriter writer, BigInteger value) => writer.WriteStringValue(HexBigInteger.ToQuantity(value));

    public static void WriteData(this Utf8JsonWriter writer, ReadOnlySpan<byte> data) => writer.WriteStringValue(Hex.Encode(data));

    // Lower-case hex: every node accepts it and it skips the EIP-55 hashing of ToString().
    public static void WriteAddress(this Utf8JsonWriter writer, Address address) => writer.WriteStringValue(Hex.Encode(address.Bytes));

    public static void WriteQuantity(this Utf8JsonWriter writer, string name, ulong? value)
    {
        if (value is { } v) writer.WriteString(name, HexBigInteger.ToQuantity(v));
    }

    public static void WriteQuantity(this Utf8JsonWriter writer, string name, BigInteger? value)
    {
        if (value is { } v) writer.WriteString(name, HexBigInteger.ToQuantity(v));
    }

    public static void WriteAddress(this Utf8JsonWriter writer, string name, Address? value)
    {
        if (value is { } v) writer.WriteString(name, Hex.Encode(v.Bytes));
    }
}
