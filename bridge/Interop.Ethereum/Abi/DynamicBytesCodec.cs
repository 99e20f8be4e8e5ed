namespace Interop.Ethereum.Abi;

/// <summary>The layout shared by bytes and string: a length word, then the content right-padded to whole words.</summary>
internal static class DynamicBytesCodec
{
    public static int EncodedSize(int length) => AbiSequence.CheckSize(AbiWords.Size + AbiWords.PaddedLength(length));

    /// <summary>Writes the length word and clears the padding; the caller writes the content at byte 32.</summary>
    public static int WriteFrame(int length, Span<byte> destination)
    {
        AbiWords.WriteUInt32(destination[..AbiWords.Size], (uint)length);
        var size = EncodedSize(length);
        destination[(AbiWords.Size + length)..size].Clear();
        return size;
    }

    /// <summary>In-place (event topic) form: the content padded to whole words, without a length.</summary>
    public static int WriteInPlace(ReadOnlySpan<byte> content, Span<byte> destination)
    {
        content.CopyTo(destination);
        var size = (int)AbiWords.PaddedLength(content.Length);
        destination[content.Length..size].Clear();
        return size;
    }

    /// <summary>Reads the content at <paramref name="position"/>; strict mode also demands zero padding up to a word boundary.</summary>
    public static ReadOnlySpan<byte> Read(ref AbiReader reader, int position, string what, out int end)
    {
        var length = reader.ReadLength(position, 1, what);
        var start = position + AbiWords.Size;
        var padded = (int)AbiWords.PaddedLength(length);
        if (reader.Strict)
        {
            reader.Require(start, padded, $"{what} of {length} bytes with its padding");
            var padding = reader.Data.Slice(start + length, padded - length);
            if (padding.IndexOfAnyExcept((byte)0) >= 0)
                throw new AbiDecodingException(start + length, $"non-zero padding after {what} content");
        }
        reader.Charge(AbiWords.Size + length, position);
        end = start + padded;
        return reader.Data.Slice(start, length);
    }
}
