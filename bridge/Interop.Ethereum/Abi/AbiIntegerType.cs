using System.Globalization;
using System.Numerics;
using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>uint&lt;M&gt; or int&lt;M&gt; (M = 8..256 in steps of 8); values are <see cref="BigInteger"/>s.</summary>
public sealed class AbiIntegerType : AbiType
{
    private static readonly AbiIntegerType[] Unsigned = Enumerable.Range(1, 32).Select(n => new AbiIntegerType(n * 8, false)).ToArray();
    private static readonly AbiIntegerType[] Signed = Enumerable.Range(1, 32).Select(n => new AbiIntegerType(n * 8, true)).ToArray();

    private AbiIntegerType(int bits, bool isSigned)
        : base((isSigned ? "int" : "uint") + bits.ToString(CultureInfo.InvariantCulture), isDynamic: false, AbiWords.Size, depth: 0)
    {
        Bits = bits;
        IsSigned = isSigned;
        MaxValue = isSigned ? (BigInteger.One << (bits - 1)) - 1 : (BigInteger.One << bits) - 1;
        MinValue = isSigned ? -(BigInteger.One << (bits - 1)) : BigInteger.Zero;
    }

    /// <summary>uint256.</summary>
    public static AbiIntegerType UInt256 => Unsigned[31];

    /// <summary>int256.</summary>
    public static AbiIntegerType Int256 => Signed[31];

    public int Bits { get; }

    public bool IsSigned { get; }

    public BigInteger MinValue { get; }

    public BigInteger MaxValue { get; }

    /// <summary>The uint/int type of <paramref name="bits"/> bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bits is not a multiple of 8 in 8..256.</exception>
    public static AbiIntegerType Get(int bits, bool isSigned)
    {
        if (bits is < 8 or > 256 || bits % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "integer bit size must be a multiple of 8 from 8 to 256");
        return (isSigned ? Signed : Unsigned)[bits / 8 - 1];
    }

    internal override bool IsWord => true;

    internal override int GetEncodedSize(object? value) => AbiWords.Size;

    internal override int Encode(object? value, Span<byte> destination)
    {
        AbiWords.WriteInteger(destination[..AbiWords.Size], CheckRange(value));
        return AbiWords.Size;
    }

    internal override object DecodeWord(ReadOnlySpan<byte> word, int position)
    {
        var width = Bits / 8;
        var field = word[^width..];
        // Solidity's decoder rejects words whose unused high bytes are not the zero- or sign-extension of the value.
        var extension = IsSigned && (field[0] & 0x80) != 0 ? (byte)0xFF : (byte)0;
        if (word[..^width].IndexOfAnyExcept(extension) >= 0)
            throw new AbiDecodingException(position, $"dirty high bits: 0x{Convert.ToHexStringLower(word)} is not a valid {this}");
        return new BigInteger(field, isUnsigned: !IsSigned, isBigEndian: true);
    }

    internal override int GetPackedSize(object? value) => Bits / 8;

    internal override int EncodePacked(object? value, Span<byte> destination)
    {
        AbiWords.WriteInteger(destination[..(Bits / 8)], CheckRange(value));
        return Bits / 8;
    }

    internal override void Format(object? value, StringBuilder builder) =>
        builder.Append(AbiValueConversion.ToInteger(value, this).ToString(CultureInfo.InvariantCulture));

    private BigInteger CheckRange(object? value)
    {
        var integer = AbiValueConversion.ToInteger(value, this);
        if (integer < MinValue || integer > MaxValue)
        {
            throw new AbiEncodingException(!IsSigned && integer.Sign < 0
                ? $"negative value {integer} for {this}"
                : $"value {integer} is out of range for {this} ({MinValue} to {MaxValue})");
        }
        return integer;
    }
}
