using System.Globalization;
using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>bytes&lt;M&gt; (M = 1..32): exactly M bytes, left-aligned in a word; values are byte[].</summary>
public sealed class AbiFixedBytesType : AbiType
{
    private static readonly AbiFixedBytesType[] All = Enumerable.Range(1, 32).Select(n => new AbiFixedBytesType(n)).ToArray();

    private AbiFixedBytesType(int size)
        : base("bytes" + size.ToString(CultureInfo.InvariantCulture), isDynamic: false, AbiWords.Size, depth: 0) => Size = size;

    /// <summary>bytes32.</summary>
    public static AbiFixedBytesType Bytes32 => All[31];

    /// <summary>Number of bytes, 1..32.</summary>
    public int Size { get; }

    /// <exception cref="ArgumentOutOfRangeException">Size is not in 1..32.</exception>
    public static AbiFixedBytesType Get(int size) => size is >= 1 and <= 32
        ? All[size - 1]
        : throw new ArgumentOutOfRangeException(nameof(size), size, "bytesN size must be from 1 to 32");

    internal override bool IsWord => true;

    internal override int GetEncodedSize(object? value) => AbiWords.Size;

    internal override int Encode(object? value, Span<byte> destination)
    {
        CheckLength(value).CopyTo(destination);
        destination[Size..AbiWords.Size].Clear();
        return AbiWords.Size;
    }

    internal override object DecodeWord(ReadOnlySpan<byte> word, int position)
    {
        if (word[Size..].IndexOfAnyExcept((byte)0) >= 0)
            throw new AbiDecodingException(position, $"dirty low bytes: 0x{Convert.ToHexStringLower(word)} is not a valid {this} (bytes after the first {Size} must be zero)");
        return word[..Size].ToArray();
    }

    internal override int GetPackedSize(object? value) => Size;

    internal override int EncodePacked(object? value, Span<byte> destination)
    {
        CheckLength(value).CopyTo(destination);
        return Size;
    }

    internal override void Format(object? value, StringBuilder builder) =>
        builder.Append("0x").Append(Convert.ToHexStringLower(AbiValueConversion.ToBytes(value, this)));

    private ReadOnlySpan<byte> CheckLength(object? value)
    {
        var bytes = AbiValueConversion.ToBytes(value, this);
        if (bytes.Length != Size)
            throw new AbiEncodingException($"{this} needs exactly {Size} bytes, got {bytes.Length}");
        return bytes;
    }
}
