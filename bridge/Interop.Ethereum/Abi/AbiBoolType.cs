using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>bool: a word holding 0 or 1.</summary>
public sealed class AbiBoolType : AbiType
{
    private AbiBoolType() : base("bool", isDynamic: false, AbiWords.Size, depth: 0) { }

    public static AbiBoolType Instance { get; } = new();

    internal override bool IsWord => true;

    internal override int GetEncodedSize(object? value) => AbiWords.Size;

    internal override int Encode(object? value, Span<byte> destination)
    {
        destination[..31].Clear();
        destination[31] = ToBool(value) ? (byte)1 : (byte)0;
        return AbiWords.Size;
    }

    internal override object DecodeWord(ReadOnlySpan<byte> word, int position)
    {
        if (word[..31].IndexOfAnyExcept((byte)0) >= 0 || word[31] > 1)
            throw new AbiDecodingException(position, $"dirty high bits: 0x{Convert.ToHexStringLower(word)} is not a valid bool (0 or 1)");
        return word[31] == 1;
    }

    internal override int GetPackedSize(object? value) => 1;

    internal override int EncodePacked(object? value, Span<byte> destination)
    {
        destination[0] = ToBool(value) ? (byte)1 : (byte)0;
        return 1;
    }

    internal override void Format(object? value, StringBuilder builder) => builder.Append(ToBool(value) ? "true" : "false");

    private bool ToBool(object? value) => value is bool b
        ? b
        : throw new AbiEncodingException($"{this} needs a bool, got {AbiValueConversion.Describe(value)}");
}
