using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>bytes: a dynamic byte string; values are byte[].</summary>
public sealed class AbiBytesType : AbiType
{
    private AbiBytesType() : base("bytes", isDynamic: true, staticSize: 0, depth: 0) { }

    public static AbiBytesType Instance { get; } = new();

    internal override int GetEncodedSize(object? value) => DynamicBytesCodec.EncodedSize(AbiValueConversion.ToBytes(value, this).Length);

    internal override int Encode(object? value, Span<byte> destination)
    {
        var bytes = AbiValueConversion.ToBytes(value, this);
        var size = DynamicBytesCodec.WriteFrame(bytes.Length, destination);
        bytes.CopyTo(destination[AbiWords.Size..]);
        return size;
    }

    internal override object Decode(ref AbiReader reader, int position, out int end) =>
        DynamicBytesCodec.Read(ref reader, position, "bytes", out end).ToArray();

    internal override int GetPackedSize(object? value) => AbiValueConversion.ToBytes(value, this).Length;

    internal override int EncodePacked(object? value, Span<byte> destination)
    {
        var bytes = AbiValueConversion.ToBytes(value, this);
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    internal override int GetInPlaceSize(object? value) => (int)AbiWords.PaddedLength(AbiValueConversion.ToBytes(value, this).Length);

    internal override int EncodeInPlace(object? value, Span<byte> destination) =>
        DynamicBytesCodec.WriteInPlace(AbiValueConversion.ToBytes(value, this), destination);

    internal override void Format(object? value, StringBuilder builder) =>
        builder.Append("0x").Append(Convert.ToHexStringLower(AbiValueConversion.ToBytes(value, this)));
}
