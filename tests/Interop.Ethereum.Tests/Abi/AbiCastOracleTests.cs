using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;
using Interop.Testing;

namespace Interop.Ethereum.Tests.Abi;

/// <summary>
/// Cross-checks against Foundry's cast (alloy's ABI codec) on random signatures and values. Where cast 1.7 disagrees
/// with solc the cases are left out here and covered by solc-recorded vectors instead: packed arrays (solc pads
/// elements like the standard encoding; cast neither sign-extends nor left-aligns them) and, in abi-encode-event,
/// indexed bytes, arrays and tuples and dynamic data.
/// </summary>
public class AbiCastOracleTests
{
    public static TheoryData<int> EncodeSeeds => new(Enumerable.Range(1, 16));
    public static TheoryData<int> SmallSeeds => new(Enumerable.Range(1, 5));

    private static string Signature(string name, IEnumerable<AbiType> types) => $"{name}({string.Join(",", types)})";

    private static string[] Arguments(IReadOnlyList<AbiType> types, object?[] values) =>
        ["--", .. types.Select((t, i) => AbiRandom.CastArgument(t, values[i]))];

    [Theory]
    [MemberData(nameof(EncodeSeeds))]
    public void Encode_matches_cast_abi_encode_and_decodes_cast_output(int seed)
    {
        var random = new AbiRandom(seed * 7919, castSafeStrings: true);
        var types = random.Types(random.Random.Next(1, 5), maxDepth: 3);
        var values = random.Values(types);

        var expected = Cast.Run(["abi-encode", Signature("f", types), .. Arguments(types, values)]);

        Assert.Equal(expected, Hex.Encode(AbiEncoder.Encode(types, values)));
        Assert.True(AbiRandom.DeepEquals(values, AbiDecoder.Decode(types, Hex.Decode(expected), AbiDecodingMode.Strict)),
            $"decoding cast's encoding of {Signature("f", types)} did not give the values back");
    }

    [Theory]
    [MemberData(nameof(SmallSeeds))]
    public void EncodeCall_matches_cast_calldata(int seed)
    {
        var random = new AbiRandom(seed * 104729, castSafeStrings: true);
        var types = random.Types(random.Random.Next(0, 4), maxDepth: 2);
        var values = random.Values(types);
        var signature = Signature("call" + seed, types);

        var expected = Cast.Run(["calldata", signature, .. Arguments(types, values)]);

        Assert.Equal(expected, Hex.Encode(AbiFunction.Parse(signature).EncodeCall(values)));
    }

    [Theory]
    [MemberData(nameof(SmallSeeds))]
    public void Cast_decode_abi_reads_our_encoding_as_the_same_values(int seed)
    {
        var random = new AbiRandom(seed * 15485863, castSafeStrings: true);
        var types = random.Types(random.Random.Next(1, 4), maxDepth: 3);
        var values = random.Values(types);

        var json = Cast.Run("decode-abi", "--json", $"f()({string.Join(",", types)})", Hex.Encode(AbiEncoder.Encode(types, values)));

        using var document = JsonDocument.Parse(json);
        var decoded = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(types.Count, decoded.Length);
        for (var i = 0; i < types.Count; i++) AssertJsonMatches(types[i], values[i], decoded[i]);
    }

    [Theory]
    [MemberData(nameof(SmallSeeds))]
    public void Selector_and_topic0_match_cast_sig_and_sig_event(int seed)
    {
        var random = new AbiRandom(seed * 31337);
        var types = random.Types(random.Random.Next(0, 4), maxDepth: 2);
        var name = "fn" + seed;

        Assert.Equal(Cast.Run("sig", Signature(name, types)), AbiFunction.Parse(Signature(name, types)).Selector.ToString());
        Assert.Equal(Cast.Run("sig-event", Signature(name, types)), Hex.Encode(AbiEvent.Parse(Signature(name, types)).Topic0));
    }

    [Theory]
    [MemberData(nameof(SmallSeeds))]
    public void EncodePacked_of_scalars_and_strings_matches_cast(int seed)
    {
        var random = new AbiRandom(seed * 7, castSafeStrings: true);
        var types = Enumerable.Range(0, random.Random.Next(1, 6))
            .Select(_ => random.Type(maxDepth: 0))
            .ToList();
        var values = random.Values(types);

        var expected = Cast.Run(["abi-encode", "--packed", Signature("f", types), .. Arguments(types, values)]);

        Assert.Equal(expected, Hex.Encode(AbiEncoder.EncodePacked(types, values)));
    }

    [Theory]
    [MemberData(nameof(SmallSeeds))]
    public void Custom_error_decoding_matches_cast_decode_error(int seed)
    {
        var random = new AbiRandom(seed * 65537, castSafeStrings: true);
        var types = random.Types(random.Random.Next(1, 4), maxDepth: 2);
        var values = random.Values(types);
        var error = AbiError.Parse(Signature("Failed" + seed, types));
        var data = error.Encode(values);

        var json = Cast.Run("decode-error", "--json", "--sig", error.Signature, Hex.Encode(data));

        var reason = Assert.IsType<RevertReason.Custom>(RevertReason.Decode(data, new ContractAbi([], [], [error])));
        using var document = JsonDocument.Parse(json);
        var decoded = document.RootElement.EnumerateArray().ToArray();
        for (var i = 0; i < types.Count; i++) AssertJsonMatches(types[i], reason.Arguments[i], decoded[i]);
    }

    [Theory]
    [MemberData(nameof(SmallSeeds))]
    public void EncodeLog_topics_match_cast_abi_encode_event(int seed)
    {
        var random = new AbiRandom(seed * 271828, castSafeStrings: true);
        // cast 1.7 agrees with solc only for indexed value types and strings (it mis-hashes indexed bytes, arrays and
        // tuples) and only for static data (it encodes each dynamic data value on its own, with its own offset), so
        // the event is built from those; the data layout itself is abi.encode, checked against cast above.
        var parameters = Enumerable.Range(0, random.Random.Next(1, 6)).Select(i =>
        {
            var indexed = i < 3 && random.Random.Next(2) == 0;
            var type = random.Type(maxDepth: 0);
            while (type is AbiBytesType || (!indexed && type.IsDynamic)) type = random.Type(maxDepth: 0);
            return new AbiParameter("p" + i, type, indexed);
        }).ToList();
        var e = new AbiEvent("Ev" + seed, parameters);
        var values = random.Values(parameters.Select(p => p.Type));
        var castSignature = $"{e.Name}({string.Join(",", parameters.Select(p => p.Indexed ? p.Type + " indexed" : p.Type.CanonicalName))})";

        var output = Cast.Run(["abi-encode-event", castSignature, .. Arguments([.. parameters.Select(p => p.Type)], values)]);

        var (topics, data) = e.EncodeLog(values);
        var lines = output.Split('\n').Select(line => line.Split(": ", 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        Assert.Equal(lines.Where(l => l.Key.StartsWith("[topic", StringComparison.Ordinal)).Select(l => l.Value), topics.Select(t => Hex.Encode(t)));
        // cast leaves out the [data] line when there is no data.
        Assert.Equal(lines.GetValueOrDefault("[data]", "0x"), Hex.Encode(data));
    }

    private static void AssertJsonMatches(AbiType type, object? value, JsonElement json)
    {
        switch (type)
        {
            case AbiIntegerType:
                var text = json.ValueKind == JsonValueKind.String ? json.GetString()! : json.GetRawText();
                Assert.Equal((BigInteger)value!, BigInteger.Parse(text, CultureInfo.InvariantCulture));
                break;
            case AbiAddressType:
                Assert.Equal(((Address)value!).ToString(), json.GetString());
                break;
            case AbiBoolType:
                Assert.Equal((bool)value!, json.GetBoolean());
                break;
            case AbiFixedBytesType or AbiBytesType:
                Assert.Equal(Hex.Encode((byte[])value!), json.GetString());
                break;
            case AbiStringType:
                Assert.Equal((string)value!, json.GetString());
                break;
            case AbiArrayType array:
                var items = (object?[])value!;
                var elements = json.EnumerateArray().ToArray();
                Assert.Equal(items.Length, elements.Length);
                for (var i = 0; i < items.Length; i++) AssertJsonMatches(array.ElementType, items[i], elements[i]);
                break;
            case AbiTupleType tuple:
                var components = (object?[])value!;
                var fields = json.EnumerateArray().ToArray();
                for (var i = 0; i < components.Length; i++) AssertJsonMatches(tuple.Components[i], components[i], fields[i]);
                break;
        }
    }
}
