using System.Collections.Immutable;

namespace Interop.Ethereum.Rlp;

/// <summary>
/// Strict RLP decoding: exactly one item, canonical lengths only, no trailing bytes. Every encoding has a single
/// accepted form, so decoded data re-encodes to the same bytes (and hashes the same).
/// </summary>
public static class RlpDecoder
{
    /// <summary>Nesting limit: real data stays in single digits, and unbounded recursion on hostile input would overflow the stack.</summary>
    public const int MaxDepth = 256;

    /// <summary>Decodes one item that must span the whole input.</summary>
    /// <exception cref="FormatException">Empty, truncated, non-canonical or trailing input; the message names the problem and its offset.</exception>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty) throw new FormatException("RLP input is empty");
        // One private copy: every decoded string can then be a slice of it without further copies or aliasing the caller's buffer.
        var buffer = encoded.ToArray();
        var offset = 0;
        var item = ReadItem(buffer, ref offset, buffer.Length, depth: 0);
        if (offset != buffer.Length)
            throw new FormatException($"RLP input has {buffer.Length - offset} trailing byte(s) after the item that ends at offset {offset}");
        return item;
    }

    /// <summary>Decodes one item that must be a list spanning the whole input.</summary>
    /// <exception cref="FormatException">As <see cref="Decode"/>, or the item is a byte string.</exception>
    public static RlpList DecodeList(ReadOnlySpan<byte> encoded, string what = "input") => Decode(encoded).AsList(what);

    private static RlpItem ReadItem(byte[] buffer, ref int offset, int end, int depth)
    {
        var start = offset;
        var prefix = buffer[start];
        if (prefix < 0x80)
        {
            offset = start + 1;
            return new RlpString(buffer.AsMemory(start, 1), copy: false);
        }

        var isList = prefix >= 0xc0;
        var shortBase = isList ? 0xc0 : 0x80;
        int payloadOffset;
        int payloadLength;
        if (prefix - shortBase < 56)
        {
            payloadOffset = start + 1;
            payloadLength = prefix - shortBase;
        }
        else
        {
            var lengthOfLength = prefix - shortBase - 55;
            if (end - (start + 1) < lengthOfLength)
                throw new FormatException($"RLP input is truncated: the {Kind(isList)} at offset {start} needs {lengthOfLength} length byte(s), only {end - start - 1} remain");
            if (buffer[start + 1] == 0)
                throw new FormatException($"RLP {Kind(isList)} at offset {start} is not canonical: its length has a leading zero byte");
            ulong declared = 0;
            for (var i = 0; i < lengthOfLength; i++) declared = (declared << 8) | buffer[start + 1 + i];
            if (declared < 56)
                throw new FormatException($"RLP {Kind(isList)} at offset {start} is not canonical: a length of {declared} must use the short form");
            payloadOffset = start + 1 + lengthOfLength;
            if (declared > (ulong)(end - payloadOffset))
                throw Truncated(isList, start, declared, end - payloadOffset, end == buffer.Length);
            payloadLength = (int)declared;
        }
        if (payloadLength > end - payloadOffset)
            throw Truncated(isList, start, (ulong)payloadLength, end - payloadOffset, end == buffer.Length);

        offset = payloadOffset + payloadLength;
        if (!isList)
        {
            if (payloadLength == 1 && buffer[payloadOffset] < 0x80)
                throw new FormatException($"RLP string at offset {start} is not canonical: the single byte 0x{buffer[payloadOffset]:x2} must be encoded as itself");
            return new RlpString(buffer.AsMemory(payloadOffset, payloadLength), copy: false);
        }

        if (depth >= MaxDepth)
            throw new FormatException($"RLP lists are nested more than {MaxDepth} deep at offset {start}");
        var items = ImmutableArray.CreateBuilder<RlpItem>();
        var cursor = payloadOffset;
        var payloadEnd = payloadOffset + payloadLength;
        while (cursor < payloadEnd)
            items.Add(ReadItem(buffer, ref cursor, payloadEnd, depth + 1));
        return new RlpList(items.ToImmutable());
    }

    private static string Kind(bool isList) => isList ? "list" : "string";

    private static FormatException Truncated(bool isList, int start, ulong declared, int available, bool atInputEnd) =>
        new(atInputEnd
            ? $"RLP input is truncated: the {Kind(isList)} at offset {start} declares {declared} byte(s), only {available} remain"
            : $"RLP {Kind(isList)} at offset {start} declares {declared} byte(s) but runs past the end of its enclosing list ({available} byte(s) left)");
}
