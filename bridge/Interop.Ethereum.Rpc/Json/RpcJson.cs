using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Ethereum.Rpc.Json;

/// <summary>
/// Serializer options for the generic <c>CallAsync</c> path (anvil_/evm_/debug_ methods with ad-hoc parameters):
/// Ethereum encodings instead of .NET defaults (byte[] as 0x-hex rather than base64, BigInteger as a quantity,
/// Address as hex), camelCase names, nulls omitted. Typed methods write their JSON by hand and do not use it.
/// </summary>
internal static class RpcJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters =
            {
                new AddressConverter(), new HexBytesConverter(), new QuantityConverter(), new LenientUInt64Converter(),
                new BlockParameterConverter(),
            },
        };
        options.MakeReadOnly();
        return options;
    }

    private sealed class AddressConverter : JsonConverter<Address>
    {
        public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(Hex.DecodeFixed(reader.GetString() ?? throw new JsonException("address is null"), 20, "address"));

        public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Hex.Encode(value.Bytes));
    }

    private sealed class HexBytesConverter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Hex.Decode(reader.GetString() ?? throw new JsonException("data is null"));

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Hex.Encode(value));
    }

    private sealed class QuantityConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? BigInteger.Parse(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), NumberStyles.None, CultureInfo.InvariantCulture)
                : HexBigInteger.ParseQuantity(reader.GetString() ?? throw new JsonException("quantity is null"));

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(HexBigInteger.ToQuantity(value));
    }

    // Reads ulong results from hex quantities ("0x1a") as well as numbers; writes plain numbers, which anvil_/evm_
    // methods taking counts (anvil_mine, evm_increaseTime) accept. Pass a BigInteger for a hex quantity.
    private sealed class LenientUInt64Converter : JsonConverter<ulong>
    {
        public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number) return reader.GetUInt64();
            var value = HexBigInteger.ParseQuantity(reader.GetString() ?? throw new JsonException("quantity is null"));
            return value <= ulong.MaxValue ? (ulong)value : throw new JsonException($"{value} does not fit in 64 bits");
        }

        public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class BlockParameterConverter : JsonConverter<BlockParameter>
    {
        public override BlockParameter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("a block parameter is only ever sent, never read");

        public override void Write(Utf8JsonWriter writer, BlockParameter value, JsonSerializerOptions options) =>
            value.WriteTo(writer, allowHash: true);
    }
}
