using System.Globalization;
using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>string: UTF-8 text laid out like bytes. Invalid UTF-8 decodes with U+FFFD, as Solidity does not validate it.</summary>
public sealed class AbiStringType : AbiType
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private AbiStringType() : base("string", isDynamic: true, staticSize: 0, depth: 0) { }

    public static AbiStringType Instance { get; } = new();

    internal override int GetEncodedSize(object? value) => DynamicBytesCodec.EncodedSize(Utf8.GetByteCount(ToText(value)));

    internal override int Encode(object? value, Span<byte> destination)
    {
        var text = ToText(value);
        var length = Utf8.GetByteCount(text);
        var size = DynamicBytesCodec.WriteFrame(length, destination);
        Utf8.GetBytes(text, destination[AbiWords.Size..]);
        return size;
    }

    internal override object Decode(ref AbiReader reader, int position, out int end) =>
        Utf8.GetString(DynamicBytesCodec.Read(ref reader, position, "string", out end));

    internal override int GetPackedSize(object? value) => Utf8.GetByteCount(ToText(value));

    internal override int EncodePacked(object? value, Span<byte> destination) => Utf8.GetBytes(ToText(value), destination);

    internal override int GetInPlaceSize(object? value) => (int)AbiWords.PaddedLength(Utf8.GetByteCount(ToText(value)));

    internal override int EncodeInPlace(object? value, Span<byte> destination) =>
        DynamicBytesCodec.WriteInPlace(Utf8.GetBytes(ToText(value)), destination);

    internal override void Format(object? value, StringBuilder builder)
    {
        // Quoted and escaped like Rust's Debug formatting, which is what cast prints.
        builder.Append('"');
        foreach (var c in ToText(value))
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) builder.Append("\\u{").Append(((int)c).ToString("x", CultureInfo.InvariantCulture)).Append('}');
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }

    private string ToText(object? value) => value is string text
        ? text
        : throw new AbiEncodingException($"{this} needs a string, got {AbiValueConversion.Describe(value)}");
}
