using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>address: a 20-byte <see cref="Ethereum.Address"/> right-aligned in a word.</summary>
public sealed class AbiAddressType : AbiType
{
    private AbiAddressType() : base("address", isDynamic: false, AbiWords.Size, depth: 0) { }

    public static AbiAddressType Instance { get; } = new();

    internal override bool IsWord => true;

    internal override int GetEncodedSize(object? value) => AbiWords.Size;

    internal override int Encode(object? value, Span<byte> destination)
    {
        destination[..12].Clear();
        ToAddress(value).Bytes.CopyTo(destination[12..AbiWords.Size]);
        return AbiWords.Size;
    }

    internal override object DecodeWord(ReadOnlySpan<byte> word, int position)
    {
        if (word[..12].IndexOfAnyExcept((byte)0) >= 0)
            throw new AbiDecodingException(position, $"dirty high bits: 0x{Convert.ToHexStringLower(word)} is not a valid address");
        return new Address(word[12..]);
    }

    internal override int GetPackedSize(object? value) => 20;

    internal override int EncodePacked(object? value, Span<byte> destination)
    {
        ToAddress(value).Bytes.CopyTo(destination);
        return 20;
    }

    internal override void Format(object? value, StringBuilder builder) => builder.Append(ToAddress(value).ToChecksumString());

    private Address ToAddress(object? value) => value is Address address
        ? address
        : throw new AbiEncodingException($"{this} needs an Address, got {AbiValueConversion.Describe(value)}");
}
