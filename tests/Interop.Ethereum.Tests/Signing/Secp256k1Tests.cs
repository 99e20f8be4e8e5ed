using Interop.Ethereum.Crypto;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Tests.Signing;

public class Secp256k1Tests
{
    [Fact]
    public void Sign_then_recover_returns_the_signer_for_random_keys_and_messages()
    {
        var rng = new Random(42);
        for (var i = 0; i < 50; i++)
        {
            var key = EthKey.Generate();
            var hash = new byte[32];
            rng.NextBytes(hash);
            var signature = key.SignHash(hash);
            Assert.True(Secp256k1.IsLowS(signature.S));
            Assert.Equal(key.Address, EthKey.RecoverAddress(hash, signature));
            Assert.True(Secp256k1.Verify(hash, signature, key.PublicKey));
            hash[0] ^= 1;
            Assert.NotEqual(key.Address, EthKey.RecoverAddress(hash, signature));
            Assert.False(Secp256k1.Verify(hash, signature, key.PublicKey));
        }
    }

    [Fact]
    public void Sign_is_deterministic_rfc6979()
    {
        var key = EthKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var hash = Keccak256.HashUtf8("interop");
        Assert.Equal(key.SignHash(hash), key.SignHash(hash));
    }

    [Fact]
    public void Recover_rejects_zero_r_and_high_recovery_id()
    {
        var hash = new byte[32];
        Assert.Throws<InvalidSignatureException>(() => Secp256k1.Recover(hash, new EcdsaSignature(new byte[32], Enumerable.Repeat((byte)1, 32).ToArray(), 0)));
        Assert.Throws<InvalidSignatureException>(() => EcdsaSignature.FromBytes65(new byte[65].Select((_, i) => i == 64 ? (byte)29 : (byte)1).ToArray()));
    }
}
