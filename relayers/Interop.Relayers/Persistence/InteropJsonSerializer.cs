using Interop.Ethereum;
using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Interop.Bridge.Protocol;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Akka.Actor;
using Akka.Serialization;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Persistence;

/// <summary>
/// Serializes persisted events and snapshots as UTF-8 JSON under the manifest of their <see cref="PersistedAsAttribute"/>.
/// Chosen over Akka's default (Newtonsoft with CLR type names) so that the journal survives type renames and can be
/// read by a person; quantities are decimal strings so no JSON reader rounds them through a double.
/// </summary>
public sealed class InteropJsonSerializer : SerializerWithStringManifest
{
    /// <summary>Akka serializer id (user range; must not change once data is written).</summary>
    public const int SerializerId = 1601;

    private static readonly FrozenDictionary<string, Type> TypesByManifest;
    private static readonly FrozenDictionary<Type, string> ManifestsByType;

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        AllowOutOfOrderMetadataProperties = true,
        Converters =
        {
            new BigIntegerJsonConverter(), new AddressJsonConverter(), new Bytes32JsonConverter(),
            new InteropMessageJsonConverter(), new EcdsaSignatureJsonConverter(), new CheckpointJsonConverter(),
        },
        // The protocol cores' event hierarchies live in Interop.Bridge, which knows nothing of JSON: their stable
        // discriminators are declared here (PersistedCoreTypes), never CLR type names.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { PersistedCoreTypes.AddPolymorphism } },
    };

    // What JsonSerializer.SerializeToUtf8Bytes writes with for these options (same bytes).
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JsonOptions.Encoder, Indented = JsonOptions.WriteIndented, MaxDepth = JsonOptions.MaxDepth, SkipValidation = true,
    };

    static InteropJsonSerializer()
    {
        var types = typeof(InteropJsonSerializer).Assembly.GetTypes()
            .Where(t => typeof(IPersistedMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToArray();
        var missing = types.Where(t => t.GetCustomAttribute<PersistedAsAttribute>() is null).Select(t => t.FullName).ToArray();
        if (missing.Length > 0)
            throw new InvalidOperationException($"persisted types without [PersistedAs]: {string.Join(", ", missing)}");
        var pairs = types.Select(t => (Type: t, t.GetCustomAttribute<PersistedAsAttribute>()!.Manifest)).ToArray();
        var duplicate = pairs.GroupBy(p => p.Manifest).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"manifest '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(p => p.Type.FullName))}");
        TypesByManifest = pairs.ToFrozenDictionary(p => p.Manifest, p => p.Type, StringComparer.Ordinal);
        ManifestsByType = pairs.ToFrozenDictionary(p => p.Type, p => p.Manifest);
    }

    public InteropJsonSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => SerializerId;

    /// <summary>Every registered manifest and its type.</summary>
    public static IReadOnlyDictionary<string, Type> Manifests => TypesByManifest;

    public override string Manifest(object o) =>
        ManifestsByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} is not a registered persisted type (implement {nameof(IPersistedMessage)} and add [PersistedAs])");

    public override byte[] ToBinary(object obj)
    {
        _ = Manifest(obj);
        // Not SerializeToUtf8Bytes: its buffer doubles through ArrayPool.Shared, so a 10 MB snapshot left 1+2+4+8+16 MiB arrays in
        // the large object heap (and in the pool's per-thread slots of whichever dispatcher thread saved it): tens of MiB of RSS
        // for a moment's work. Chunks below the large-object threshold and one exact-size result instead.
        var buffer = new ChunkedBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            JsonSerializer.Serialize(writer, obj, obj.GetType(), JsonOptions);
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!TypesByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"unknown persisted manifest '{manifest}': the journal was written by a newer or different version of the node");
        return JsonSerializer.Deserialize(bytes, type, JsonOptions)
               ?? throw new SerializationException($"persisted '{manifest}' decoded to null");
    }

    private sealed class BigIntegerJsonConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            BigInteger.Parse(reader.GetString() ?? throw new JsonException("a quantity must be a decimal string"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    private sealed class AddressJsonConverter : JsonConverter<Address>
    {
        public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Address.Parse(reader.GetString() ?? throw new JsonException("an address must be a hex string"));

        public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToChecksumString());
    }

    private sealed class Bytes32JsonConverter : JsonConverter<Bytes32>
    {
        public override Bytes32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Bytes32.Parse(reader.GetString() ?? throw new JsonException("a 32-byte value must be a hex string"));

        public override void Write(Utf8JsonWriter writer, Bytes32 value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());

        // Dictionaries keyed by id (unmatched gas payments) need the key form too.
        public override Bytes32 ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Bytes32.Parse(reader.GetString() ?? throw new JsonException("a 32-byte key must be a hex string"));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, Bytes32 value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.ToString());
    }

    /// <summary>A message as its packed protocol encoding (hex): the id is its hash, so nothing can drift.</summary>
    private sealed class InteropMessageJsonConverter : JsonConverter<InteropMessage>
    {
        public override InteropMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            InteropMessage.Decode(Hex.Decode(reader.GetString() ?? throw new JsonException("a message must be a hex string")));

        public override void Write(Utf8JsonWriter writer, InteropMessage value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Hex.Encode(value.Encode()));
    }

    /// <summary>A signature as 65 bytes r‖s‖v (hex), the form the contracts and the checkpoint API use.</summary>
    private sealed class EcdsaSignatureJsonConverter : JsonConverter<EcdsaSignature>
    {
        public override EcdsaSignature Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            EcdsaSignature.FromBytes65(Hex.Decode(reader.GetString() ?? throw new JsonException("a signature must be a hex string")));

        public override void Write(Utf8JsonWriter writer, EcdsaSignature value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Hex.Encode(value.ToBytes65()));
    }

    /// <summary>A checkpoint's four fields only (its digests are derived).</summary>
    private sealed class CheckpointJsonConverter : JsonConverter<Checkpoint>
    {
        private sealed record Fields(uint Origin, Bytes32 OriginMailbox, Bytes32 Root, uint Index);

        public override Checkpoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var f = JsonSerializer.Deserialize<Fields>(ref reader, options) ?? throw new JsonException("a checkpoint must be an object");
            return new Checkpoint(f.Origin, f.OriginMailbox, f.Root, f.Index);
        }

        public override void Write(Utf8JsonWriter writer, Checkpoint value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new Fields(value.Origin, value.OriginMailbox, value.Root, value.Index), options);
    }
}
