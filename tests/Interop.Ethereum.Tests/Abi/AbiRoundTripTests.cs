using Interop.Ethereum.Abi;

namespace Interop.Ethereum.Tests.Abi;

/// <summary>Properties over seeded random types (nested up to depth 3) and values.</summary>
public class AbiRoundTripTests
{
    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 6));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decode_of_encode_returns_the_values_for_random_types(int seed)
    {
        var random = new AbiRandom(seed);
        for (var i = 0; i < 60; i++)
        {
            var types = random.Types(random.Random.Next(0, 5), maxDepth: 3);
            var values = random.Values(types);

            var encoded = AbiEncoder.Encode(types, values);
            Assert.Equal(encoded.Length, AbiEncoder.GetEncodedSize(types, values));
            Assert.Equal(0, encoded.Length % 32);

            var decoded = AbiDecoder.Decode(types, encoded, AbiDecodingMode.Strict);
            Assert.True(AbiRandom.DeepEquals(values, decoded), $"seed {seed} case {i}: ({string.Join(",", types)}) did not round-trip");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EncodeTo_overwrites_every_byte_of_a_dirty_buffer(int seed)
    {
        var random = new AbiRandom(seed + 100);
        for (var i = 0; i < 30; i++)
        {
            var types = random.Types(random.Random.Next(1, 4), maxDepth: 3);
            var values = random.Values(types);
            var expected = AbiEncoder.Encode(types, values);
            var buffer = Enumerable.Repeat((byte)0xAA, expected.Length + 7).ToArray();

            var written = AbiEncoder.EncodeTo(types, values, buffer);

            Assert.Equal(expected.Length, written);
            Assert.Equal(expected, buffer[..written]);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Canonical_names_parse_back_to_equal_types(int seed)
    {
        var random = new AbiRandom(seed + 200);
        for (var i = 0; i < 100; i++)
        {
            var type = random.Type(maxDepth: 3);
            var parsed = AbiType.Parse(type.CanonicalName);
            Assert.Equal(type, parsed);
            Assert.Equal(type.CanonicalName, parsed.CanonicalName);
            Assert.Equal(type.IsDynamic, parsed.IsDynamic);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decoding_truncated_or_corrupted_data_fails_only_with_AbiDecodingException(int seed)
    {
        var random = new AbiRandom(seed + 300);
        for (var i = 0; i < 40; i++)
        {
            var types = random.Types(random.Random.Next(1, 4), maxDepth: 3);
            var encoded = AbiEncoder.Encode(types, random.Values(types));

            for (var cut = 0; cut < encoded.Length; cut += 1 + random.Random.Next(31))
                DecodeMustNotCrash(types, encoded[..cut]);

            for (var mutation = 0; mutation < 20 && encoded.Length > 0; mutation++)
            {
                var corrupted = (byte[])encoded.Clone();
                // Hit offsets and lengths (low bytes of words) often: that is where bounds checks matter.
                var word = random.Random.Next(corrupted.Length / 32);
                var at = random.Random.Next(2) == 0 ? word * 32 + 31 - random.Random.Next(4) : word * 32 + random.Random.Next(32);
                corrupted[at] = (byte)random.Random.Next(256);
                DecodeMustNotCrash(types, corrupted);
            }
        }
    }

    private static void DecodeMustNotCrash(IReadOnlyList<AbiType> types, byte[] data)
    {
        foreach (var mode in new[] { AbiDecodingMode.Standard, AbiDecodingMode.Strict })
        {
            try
            {
                AbiDecoder.Decode(types, data, mode);
            }
            catch (AbiDecodingException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Problem));
            }
        }
    }
}
