using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.TypedData;

/// <summary>
/// EIP-712 typed structured data, as eth_signTypedData_v4 carries it: struct types, a primary type, a domain and a
/// message. Building one validates every type and value and computes the hashes, so a malformed payload is rejected
/// up front with the path of the offending value; afterwards the instance is immutable.
/// </summary>
public sealed class Eip712TypedData
{
    /// <summary>The reserved name of the domain's struct type.</summary>
    public const string DomainTypeName = "EIP712Domain";

    // The standard domain fields in the order EIP-712 lists them, used when the types leave EIP712Domain out.
    private static readonly (string Name, string Type)[] StandardDomainFields =
    [
        ("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address"), ("salt", "bytes32"),
    ];

    private static readonly JsonElement EmptyObject = ToJsonElement(w => { w.WriteStartObject(); w.WriteEndObject(); });

    private readonly Eip712Types _types;
    private readonly Eip712Encoder _encoder;
    private readonly JsonElement _domain;
    private readonly JsonElement _message;
    private readonly byte[] _domainSeparator;
    private readonly byte[]? _messageHash;

    private Eip712TypedData(Eip712Types types, string primaryType, JsonElement domain, JsonElement message)
    {
        if (!types.IsStruct(primaryType))
            throw new FormatException($"EIP-712 primary type '{primaryType}' is not defined in types");
        _types = types;
        _encoder = new Eip712Encoder(types);
        PrimaryType = primaryType;
        _domain = domain;
        _message = message;
        _domainSeparator = _encoder.HashStruct(DomainTypeName, domain, "domain");
        // EIP712Domain as the primary type signs the domain alone, as eth-sig-util and cast do: no message hash.
        _messageHash = primaryType == DomainTypeName ? null : _encoder.HashStruct(primaryType, message, "message");
    }

    /// <summary>The struct type that <c>message</c> is an instance of.</summary>
    public string PrimaryType { get; }

    /// <summary>All struct types, EIP712Domain included (derived from the domain's fields when not given).</summary>
    public IReadOnlyDictionary<string, ImmutableArray<Eip712Field>> Types => _types.Structs;

    /// <summary>Builds typed data from JSON values for the domain and message.</summary>
    /// <exception cref="FormatException">A type or value is invalid; the message names it.</exception>
    public static Eip712TypedData Create(
        IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types, string primaryType, JsonElement domain, JsonElement message)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentException.ThrowIfNullOrEmpty(primaryType);
        if (domain.ValueKind != JsonValueKind.Object) throw new FormatException("EIP-712 domain must be a JSON object");
        if (message.ValueKind == JsonValueKind.Undefined)
        {
            // Only a domain-only signature may leave the message out; it is not part of the digest then.
            if (primaryType != DomainTypeName) throw new FormatException("EIP-712 typed data must have a 'message' object");
            message = EmptyObject;
        }
        var domainKeys = domain.EnumerateObject().Select(p => p.Name).ToList();
        var structs = WithDomainType(types, domainKeys);
        return new Eip712TypedData(new Eip712Types(structs), primaryType, domain.Clone(), message.Clone());
    }

    /// <summary>
    /// Builds typed data from C# values. Struct values are <c>IReadOnlyDictionary&lt;string, object?&gt;</c>; arrays any
    /// list; integers BigInteger, the built-in integer types or numeric strings; addresses <see cref="Address"/> or
    /// strings; bytes byte[] or 0x-hex; a <see cref="JsonElement"/> may stand for any value.
    /// </summary>
    /// <exception cref="FormatException">A type or value is invalid; the message names it.</exception>
    public static Eip712TypedData Create(
        IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types, string primaryType,
        IReadOnlyDictionary<string, object?> domain, IReadOnlyDictionary<string, object?> message)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentException.ThrowIfNullOrEmpty(primaryType);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(message);
        var structs = new Eip712Types(WithDomainType(types, [.. domain.Keys]));
        if (!structs.IsStruct(primaryType))
            throw new FormatException($"EIP-712 primary type '{primaryType}' is not defined in types");
        // Converting to JSON up front takes a snapshot: later changes to the caller's dictionaries cannot alter what is signed.
        var writer = new Eip712ValueWriter(structs);
        var domainJson = ToJsonElement(w => writer.WriteStruct(w, DomainTypeName, domain, "domain"));
        var messageJson = primaryType == DomainTypeName
            ? EmptyObject
            : ToJsonElement(w => writer.WriteStruct(w, primaryType, message, "message"));
        return new Eip712TypedData(structs, primaryType, domainJson, messageJson);
    }

    /// <summary>Builds typed data from C# values with a standard domain (only its set fields go into EIP712Domain).</summary>
    public static Eip712TypedData Create(
        IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types, string primaryType, Eip712Domain domain,
        IReadOnlyDictionary<string, object?> message) =>
        Create(types, primaryType, (domain ?? throw new ArgumentNullException(nameof(domain))).ToValues(), message);

    /// <summary>Parses the eth_signTypedData_v4 JSON: {"types", "primaryType", "domain", "message"}.</summary>
    /// <exception cref="FormatException">Not JSON, a member is missing or has the wrong shape, or a type or value is invalid.</exception>
    public static Eip712TypedData Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromJson(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"EIP-712 typed data is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads the eth_signTypedData_v4 object from an already parsed JSON element.</summary>
    /// <exception cref="FormatException">A member is missing or has the wrong shape, or a type or value is invalid.</exception>
    public static Eip712TypedData FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("EIP-712 typed data must be a JSON object");
        var typesJson = Member(root, "types", JsonValueKind.Object);
        var primaryType = Member(root, "primaryType", JsonValueKind.String).GetString()!;
        var domain = Member(root, "domain", JsonValueKind.Object);
        var message = root.TryGetProperty("message", out var m) ? m : default;

        var types = new Dictionary<string, IReadOnlyList<Eip712Field>>(StringComparer.Ordinal);
        foreach (var type in typesJson.EnumerateObject())
        {
            if (type.Value.ValueKind != JsonValueKind.Array)
                throw new FormatException($"EIP-712 types.{type.Name} must be an array of {{name, type}}");
            var fields = new List<Eip712Field>();
            foreach (var field in type.Value.EnumerateArray())
            {
                if (field.ValueKind != JsonValueKind.Object
                    || !field.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !field.TryGetProperty("type", out var fieldType) || fieldType.ValueKind != JsonValueKind.String
                    || string.IsNullOrEmpty(name.GetString()) || string.IsNullOrEmpty(fieldType.GetString()))
                    throw new FormatException($"EIP-712 types.{type.Name}[{fields.Count}] must be {{\"name\": string, \"type\": string}}");
                fields.Add(new Eip712Field(name.GetString()!, fieldType.GetString()!));
            }
            if (!types.TryAdd(type.Name, fields)) throw new FormatException($"EIP-712 type '{type.Name}' is defined twice");
        }
        return Create(types, primaryType, domain, message);
    }

    /// <summary>encodeType: "Primary(type name,...)" followed by every referenced struct type, sorted by name.</summary>
    public string EncodeType(string typeName) => _types.EncodeType(typeName);

    /// <summary>typeHash = keccak256(encodeType(typeName)).</summary>
    public byte[] HashType(string typeName) => _types.TypeHash(typeName);

    /// <summary>hashStruct of any value of one of this data's struct types.</summary>
    /// <exception cref="FormatException">The value does not match the type.</exception>
    public byte[] HashStruct(string typeName, JsonElement value) => _encoder.HashStruct(typeName, value, typeName);

    /// <summary>The domain separator: hashStruct(EIP712Domain, domain).</summary>
    public byte[] ComputeDomainSeparator() => (byte[])_domainSeparator.Clone();

    /// <summary>hashStruct(primaryType, message); null when the primary type is EIP712Domain itself.</summary>
    public byte[]? ComputeMessageHash() => (byte[]?)_messageHash?.Clone();

    /// <summary>The digest that is signed: keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)).</summary>
    public byte[] ComputeSigningHash()
    {
        Span<byte> buffer = stackalloc byte[66];
        buffer[0] = 0x19;
        buffer[1] = 0x01;
        _domainSeparator.CopyTo(buffer[2..]);
        if (_messageHash is null) return Keccak256.Hash(buffer[..34]);
        _messageHash.CopyTo(buffer[34..]);
        return Keccak256.Hash(buffer);
    }

    /// <summary>Signs the digest; <see cref="EcdsaSignature.ToBytes65"/> gives the r ‖ s ‖ v (27/28) wallets return.</summary>
    public EcdsaSignature Sign(EthKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.SignHash(ComputeSigningHash());
    }

    /// <summary>The address whose key made <paramref name="signature"/> over this data.</summary>
    /// <exception cref="InvalidSignatureException">No key can be recovered from the signature.</exception>
    public Address RecoverSigner(EcdsaSignature signature) =>
        EthKey.RecoverAddress(ComputeSigningHash(), signature ?? throw new ArgumentNullException(nameof(signature)));

    /// <summary>The eth_signTypedData_v4 JSON, EIP712Domain type included.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("types");
            foreach (var (name, fields) in _types.Structs.OrderBy(t => t.Key == DomainTypeName ? 0 : 1).ThenBy(t => t.Key, StringComparer.Ordinal))
            {
                writer.WriteStartArray(name);
                foreach (var field in fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", field.Name);
                    writer.WriteString("type", field.Type);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteString("primaryType", PrimaryType);
            writer.WritePropertyName("domain");
            _domain.WriteTo(writer);
            writer.WritePropertyName("message");
            _message.WriteTo(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public override string ToString() => $"Eip712TypedData {{ PrimaryType = {PrimaryType}, Types = [{string.Join(", ", _types.Structs.Keys.Order(StringComparer.Ordinal))}] }}";

    /// <summary>The types with EIP712Domain added from the domain's field names when the caller left it out.</summary>
    private static Dictionary<string, ImmutableArray<Eip712Field>> WithDomainType(
        IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types, IReadOnlyCollection<string> domainKeys)
    {
        var result = new Dictionary<string, ImmutableArray<Eip712Field>>(StringComparer.Ordinal);
        foreach (var (name, fields) in types)
        {
            ArgumentNullException.ThrowIfNull(fields, $"types[{name}]");
            result[name] = [.. fields];
        }
        if (result.ContainsKey(DomainTypeName)) return result;
        foreach (var key in domainKeys)
        {
            if (!StandardDomainFields.Any(f => f.Name == key))
                throw new FormatException($"EIP-712 domain field '{key}' is not one of name, version, chainId, verifyingContract, salt; declare {DomainTypeName} in types to use it");
        }
        result[DomainTypeName] = [.. StandardDomainFields.Where(f => domainKeys.Contains(f.Name)).Select(f => new Eip712Field(f.Name, f.Type))];
        return result;
    }

    private static JsonElement Member(JsonElement root, string name, JsonValueKind kind)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new FormatException($"EIP-712 typed data has no '{name}'");
        if (value.ValueKind != kind)
            throw new FormatException($"EIP-712 typed data '{name}' must be a JSON {kind.ToString().ToLowerInvariant()}, got {value.ValueKind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static JsonElement ToJsonElement(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
