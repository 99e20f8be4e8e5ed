using Interop.Bridge.Protocol;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;

namespace Interop.Bridge.Tests.Protocol;

public class InteropMessageTests
{
    private static InteropMessage Sample(byte[] body) => new()
    {
        Version = 1,
        Nonce = 0x0102030405060708,
        Origin = 901,
        Sender = Bytes32.Parse("0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
        Destination = 902,
        Recipient = Bytes32.Parse("0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"),
        GasLimit = 200_000,
        Body = body,
    };

    [Fact]
    public void Encode_packs_the_header_big_endian()
    {
        var encoded = Sample([0xAB, 0xCD]).Encode();
        Assert.Equal(
            "0x01" + "0102030405060708" + "00000385" +
            "000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266" + "00000386" +
            "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8" + "00030d40" + "abcd",
            Hex.Encode(encoded));
    }

    [Fact]
    public void Decode_inverts_encode_for_random_bodies()
    {
        var rng = new Random(1);
        for (var i = 0; i < 100; i++)
        {
            var body = new byte[rng.Next(0, 600)];
            rng.NextBytes(body);
            var message = Sample(body) with { Nonce = (ulong)rng.NextInt64(), GasLimit = (uint)rng.Next() };
            var decoded = InteropMessage.Decode(message.Encode());
            Assert.Equal(message, decoded);
            Assert.Equal(message.Id, decoded.Id);
        }
    }

    [Fact]
    public void Decode_rejects_short_input_and_unknown_versions()
    {
        Assert.Contains("at least 85 bytes", Assert.Throws<FormatException>(() => InteropMessage.Decode(new byte[84])).Message, StringComparison.Ordinal);
        var v2 = Sample([]).Encode();
        v2[0] = 2;
        Assert.Contains("version 2", Assert.Throws<FormatException>(() => InteropMessage.Decode(v2)).Message, StringComparison.Ordinal);
    }
}
