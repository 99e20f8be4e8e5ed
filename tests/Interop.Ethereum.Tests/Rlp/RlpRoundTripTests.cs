using Interop.Ethereum.Rlp;

namespace Interop.Ethereum.Tests.Rlp;

public class RlpRoundTripTests
{
    [Fact]
    public void Decode_of_encode_returns_the_same_item_for_random_trees()
    {
        var rng = new Random(20240601);
        for (var i = 0; i < 500; i++)
        {
            var item = RandomRlp.Item(rng);
            var encoded = item.Encode();
            Assert.Equal(item.EncodedLength, encoded.Length);
            var decoded = RlpDecoder.Decode(encoded);
            Assert.Equal(item, decoded);
            Assert.Equal(item.GetHashCode(), decoded.GetHashCode());
            Assert.Equal(encoded, decoded.Encode());
        }
    }

    [Fact]
    public void Decode_rejects_every_truncation_and_any_appended_byte_of_random_encodings()
    {
        var rng = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var encoded = RandomRlp.Item(rng, maxDepth: 3).Encode();
            var cut = rng.Next(0, encoded.Length);
            Assert.Throws<FormatException>(() => RlpDecoder.Decode(encoded.AsSpan(0, cut)));
            var extended = new byte[encoded.Length + 1];
            encoded.CopyTo(extended, 0);
            extended[^1] = (byte)rng.Next(256);
            Assert.Contains("trailing", Assert.Throws<FormatException>(() => RlpDecoder.Decode(extended)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Integers_round_trip_through_their_minimal_encoding()
    {
        var rng = new Random(3);
        var buffer = new byte[8];
        for (var i = 0; i < 500; i++)
        {
            rng.NextBytes(buffer);
            var value = BitConverter.ToUInt64(buffer) >> rng.Next(64);
            var item = RlpDecoder.Decode(RlpEncoder.EncodeUInt64(value)).AsString();
            Assert.Equal(value, item.ToUInt64());
            Assert.Equal(value, (ulong)item.ToBigInteger());
            Assert.Equal(RlpString.FromBigInteger(value), item);
        }
    }
}
