using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Org.BouncyCastle.Crypto.Digests;

namespace Interop.Ethereum.Tests.Crypto;

/// <summary>Our Keccak-f[1600] sponge against BouncyCastle's KeccakDigest and against cast, around every block boundary.</summary>
public sealed class Keccak256ReferenceTests
{
    private const int Rate = 136;

    private static byte[] Reference(params byte[][] parts)
    {
        var digest = new KeccakDigest(256);
        foreach (var part in parts) digest.BlockUpdate(part, 0, part.Length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    [Theory]
    // `cast keccak` of "a" repeated n times: one byte short of, exactly at and one past one and two blocks.
    [InlineData(135, "0x34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446")]
    [InlineData(136, "0xa6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e")]
    [InlineData(137, "0xd869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39")]
    [InlineData(271, "0x132f47effd6c8b1b299efa53fe68aece77ec8ae4eb2e294f668eec94f76001e1")]
    [InlineData(272, "0xcf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8")]
    [InlineData(273, "0x5a7b8187d2778e614097fac3097573de1fee4d972304d3360796a857029bb176")]
    public void Hash_matches_cast_at_the_block_boundaries(int length, string expected) =>
        Assert.Equal(expected, Hex.Encode(Keccak256.HashUtf8(new string('a', length))));

    [Fact]
    public void Hash_matches_BouncyCastle_for_random_inputs_of_every_length_up_to_600()
    {
        var random = new Random(1600);
        Span<byte> output = stackalloc byte[32];
        for (var length = 0; length <= 600; length++)
        {
            for (var sample = 0; sample < 5; sample++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                var expected = Reference(data);

                Assert.Equal(expected, Keccak256.Hash(data));
                Keccak256.Hash(data, output);
                Assert.True(output.SequenceEqual(expected), $"span overload differs at length {length}");
            }
        }
    }

    [Fact]
    public void Hash_matches_BouncyCastle_for_all_zero_and_all_ff_inputs_around_the_rate()
    {
        // Includes 135 bytes (both padding bits in the last byte: 0x81) and data ending exactly on a block (a whole padding block).
        for (var length = Rate - 2; length <= 2 * Rate + 2; length++)
        {
            foreach (var fill in new byte[] { 0x00, 0x01, 0x80, 0xff })
            {
                var data = Enumerable.Repeat(fill, length).ToArray();
                Assert.Equal(Reference(data), Keccak256.Hash(data));
            }
        }
    }

    [Fact]
    public void Hash_of_parts_matches_BouncyCastle_however_the_input_is_split()
    {
        var random = new Random(25);
        for (var trial = 0; trial < 2000; trial++)
        {
            var parts = new byte[random.Next(0, 6)][];
            for (var i = 0; i < parts.Length; i++)
            {
                // Mostly small parts so that splits fall inside, on and across block boundaries.
                parts[i] = new byte[random.Next(4) == 0 ? random.Next(0, 400) : random.Next(0, Rate + 2)];
                random.NextBytes(parts[i]);
            }
            Assert.Equal(Reference(parts), Keccak256.HashConcat(parts));
        }
    }

    [Fact]
    public void Hash_writes_only_the_first_32_bytes_of_a_larger_output()
    {
        var output = Enumerable.Repeat((byte)0xaa, 40).ToArray();
        Keccak256.Hash([1, 2, 3], output.AsSpan());
        Assert.Equal(Reference([1, 2, 3]), output[..32]);
        Assert.All(output[32..], b => Assert.Equal(0xaa, b));
    }

    [Fact]
    public void Hash_rejects_an_output_shorter_than_32_bytes() =>
        Assert.Throws<ArgumentException>(() => Keccak256.Hash([1], new byte[31].AsSpan()));
}
