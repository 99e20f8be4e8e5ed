using Interop.Ethereum.Encoding;
using Interop.Ethereum.Keystore;

namespace Interop.Ethereum.Tests.Keystore;

public class ScryptTests
{
    [Theory]
    // RFC 7914 §12 vectors (also checked against node's crypto.scryptSync).
    [InlineData("", "", 16, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")]
    [InlineData("password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")]
    public void DeriveKey_matches_the_rfc_7914_vectors(string password, string salt, int n, int r, int p, string expected)
    {
        var key = Scrypt.DeriveKey(System.Text.Encoding.UTF8.GetBytes(password), System.Text.Encoding.UTF8.GetBytes(salt), n, r, p, 64);

        Assert.Equal(expected, Hex.Encode(key, prefix: false));
    }

    [Fact]
    public void DeriveKey_matches_bouncy_castle_for_random_inputs()
    {
        var rng = new Random(7914);
        for (var i = 0; i < 12; i++)
        {
            var password = new byte[rng.Next(0, 40)];
            var salt = new byte[rng.Next(0, 40)];
            rng.NextBytes(password);
            rng.NextBytes(salt);
            var n = 1 << rng.Next(1, 10);
            var r = rng.Next(1, 9);
            var p = rng.Next(1, 4);
            var length = rng.Next(1, 80);

            Assert.Equal(
                Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(password, salt, n, r, p, length),
                Scrypt.DeriveKey(password, salt, n, r, p, length));
        }
    }
}
