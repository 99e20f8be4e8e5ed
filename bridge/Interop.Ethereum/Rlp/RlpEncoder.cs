using System.Buffers.Binary;
using System.Numerics;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rlp;

/// <summary>Canonical RLP encoding of items and of single values without building an item tree.</summary>
public static class RlpEncoder
{
    // Payloads shorter than this get a one-byte header; longer ones a header carrying the length's length.
    private const int ShortLimit = 56;

    /// <summary>The encoding of an item tree, written into one exactly-sized array.</summary>
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var result = new byte[item.EncodedLength];
        item.WriteTo(result);
        return result;
    }

    /// <summary>The encoding of a byte string.</summary>
    public static byte[] EncodeString(ReadOnlySpan<byte> bytes)
    {
        var result = new byte[GetStringEncodedLength(bytes)];
        WriteString(bytes, result);
        return result;
    }

    /// <summary>The encoding of a non-negative integer (minimal big-endian bytes; zero is 0x80).</summary>
    public static byte[] EncodeBigInteger(BigInteger value) => EncodeString(HexBigInteger.ToBytes(value));

    /// <summary>The encoding of an unsigned integer (minimal big-endian bytes; zero is 0x80).</summary>
    public static byte[] EncodeUInt64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        return EncodeString(MinimalBigEndian(value, buffer));
    }

    /// <summary>The encoding of an address (a 20-byte string).</summary>
    public static byte[] EncodeAddress(Address address) => EncodeString(address.Bytes);

    /// <summary>The encoding of a list of items.</summary>
    public static byte[] EncodeList(params ReadOnlySpan<RlpItem> items) => Encode(new RlpList(items));

    internal static int GetStringEncodedLength(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 1 && bytes[0] < 0x80 ? 1 : GetHeaderLength(bytes.Length) + bytes.Length;

    internal static int GetHeaderLength(int payloadLength) =>
        payloadLength < ShortLimit ? 1 : 1 + ByteCount((ulong)payloadLength);

    internal static void WriteString(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            // A single byte below 0x80 is its own encoding; wrapping it would be a second, non-canonical form.
            destination[0] = bytes[0];
            return;
        }
        var header = WriteHeader(0x80, bytes.Length, destination);
        bytes.CopyTo(destination[header..]);
    }

    /// <summary>Writes the header for a string (<paramref name="offset"/> 0x80) or list (0xc0) payload; returns its size.</summary>
    internal static int WriteHeader(byte offset, int payloadLength, Span<byte> destination)
    {
        if (payloadLength < ShortLimit)
        {
            destination[0] = (byte)(offset + payloadLength);
            return 1;
        }
        var lengthOfLength = ByteCount((ulong)payloadLength);
        destination[0] = (byte)(offset + ShortLimit - 1 + lengthOfLength);
        Span<byte> buffer = stackalloc byte[8];
        MinimalBigEndian((ulong)payloadLength, buffer).CopyTo(destination[1..]);
        return 1 + lengthOfLength;
    }

    /// <summary>The big-endian bytes of <paramref name="value"/> without leading zeros (empty for zero).</summary>
    internal static ReadOnlySpan<byte> MinimalBigEndian(ulong value, Span<byte> buffer8)
    {
        BinaryPrimitives.WriteUInt64BigEndian(buffer8, value);
        return buffer8[(8 - ByteCount(value))..];
    }

    private static int ByteCount(ulong value) => (64 - BitOperations.LeadingZeroCount(value) + 7) / 8;
}
