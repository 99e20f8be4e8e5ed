using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.TypedData;

/// <summary>
/// Writes C# values as the eth_signTypedData_v4 JSON for their declared EIP-712 types. Conversion is driven by the
/// type, so a value of the wrong kind (a byte[] for a string field) is an error rather than a silent reinterpretation.
/// </summary>
internal sealed class Eip712ValueWriter(Eip712Types types)
{
    // Integers beyond 2^53 lose precision in JavaScript, so wallets expect them as strings.
    private static readonly BigInteger MaxSafeJsonInteger = (BigInteger.One << 53) - 1;

    public void WriteStruct(Utf8JsonWriter writer, string structName, object? value, string path)
    {
        if (value is JsonElement json)
        {
            json.WriteTo(writer);
            return;
        }
        if (value is not IReadOnlyDictionary<string, object?> members)
            throw Error(path, $"must be a dictionary of field values for struct {structName}, got {Describe(value)}");
        writer.WriteStartObject();
        foreach (var field in types.FieldsOf(structName))
        {
            var fieldPath = path + "." + field.Name;
            if (!members.TryGetValue(field.Name, out var member))
                throw Error(fieldPath, $"is missing (struct {structName} declares it as {field.Type})");
            writer.WritePropertyName(field.Name);
            WriteValue(writer, field.Type, member, fieldPath);
        }
        writer.WriteEndObject();
    }

    private void WriteValue(Utf8JsonWriter writer, string type, object? value, string path)
    {
        if (value is JsonElement json)
        {
            json.WriteTo(writer); // checked against the type when hashed
            return;
        }
        if (value is null) throw Error(path, $"is null; a {type} needs a value");
        var info = types.Parse(type);
        switch (info.Kind)
        {
            case Eip712Kind.Struct:
                WriteStruct(writer, type, value, path);
                break;
            case Eip712Kind.Array:
                if (value is string or byte[] or IReadOnlyDictionary<string, object?> || value is not IEnumerable elements)
                    throw Error(path, $"must be a list for {type}, got {Describe(value)}");
                writer.WriteStartArray();
                var index = 0;
                foreach (var element in elements) WriteValue(writer, info.ElementType!, element, $"{path}[{index++}]");
                writer.WriteEndArray();
                break;
            case Eip712Kind.String:
                writer.WriteStringValue(value as string ?? throw Error(path, $"must be a string, got {Describe(value)}"));
                break;
            case Eip712Kind.Bytes:
            case Eip712Kind.FixedBytes:
                writer.WriteStringValue(value switch
                {
                    byte[] bytes => Hex.Encode(bytes),
                    ReadOnlyMemory<byte> memory => Hex.Encode(memory.Span),
                    ImmutableArray<byte> array => Hex.Encode(array.AsSpan()),
                    string hex => hex,
                    _ => throw Error(path, $"must be a byte[] or 0x-hex string for {type}, got {Describe(value)}"),
                });
                break;
            case Eip712Kind.Bool:
                writer.WriteBooleanValue(value as bool? ?? throw Error(path, $"must be a bool, got {Describe(value)}"));
                break;
            case Eip712Kind.Address:
                writer.WriteStringValue(value switch
                {
                    Address address => address.ToChecksumString(),
                    string text => text,
                    _ => throw Error(path, $"must be an Address or address string, got {Describe(value)}"),
                });
                break;
            case Eip712Kind.Uint:
            case Eip712Kind.Int:
                if (value is string numeric)
                {
                    writer.WriteStringValue(numeric);
                    break;
                }
                var integer = value switch
                {
                    BigInteger big => big,
                    sbyte or byte or short or ushort or int or uint or long => new BigInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                    ulong u => new BigInteger(u),
                    _ => throw Error(path, $"must be an integer (BigInteger, int, long, ...) or numeric string for {type}, got {Describe(value)}"),
                };
                if (BigInteger.Abs(integer) <= MaxSafeJsonInteger) writer.WriteNumberValue((long)integer);
                else writer.WriteStringValue(integer.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidOperationException($"unhandled EIP-712 kind {info.Kind}");
        }
    }

    private static string Describe(object? value) => value is null ? "null" : $"a {value.GetType().Name}";

    private static FormatException Error(string path, string problem) => new($"EIP-712 value {path} {problem}");
}
