using Interop.Ethereum.Encoding;
using Interop.Ethereum.Tests.Transactions;
using Interop.Ethereum.TypedData;
using Interop.Testing;

namespace Interop.Ethereum.Tests.TypedData;

/// <summary>Cross-checks against `cast wallet sign` (Rust, alloy): personal messages and random EIP-712 typed data.</summary>
public sealed class TypedDataCastOracleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("interop-eip712-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Personal_sign_of_random_bytes_matches_cast_wallet_sign()
    {
        var rng = new Random(191);
        for (var i = 0; i < 20; i++)
        {
            var key = RandomTransactions.Key(rng);
            var message = new byte[rng.Next(1, 100)];
            rng.NextBytes(message);
            var expected = Cast.Run("wallet", "sign", "--private-key", Hex.Encode(key.ExportPrivateKey()), Hex.Encode(message));
            Assert.Equal(expected, Hex.Encode(PersonalMessage.Sign(key, message).ToBytes65()));
        }
    }

    [Fact]
    public void Personal_sign_of_random_text_matches_cast_wallet_sign()
    {
        var rng = new Random(1910);
        for (var i = 0; i < 15; i++)
        {
            var key = RandomTransactions.Key(rng);
            var text = "m" + RandomTypedData.RandomText(rng); // cast reads a leading 0x as hex, so never start with it
            var expected = Cast.Run("wallet", "sign", "--private-key", Hex.Encode(key.ExportPrivateKey()), text);
            Assert.Equal(expected, Hex.Encode(PersonalMessage.Sign(key, text).ToBytes65()));
        }
    }

    [Fact]
    public void Eip712_domain_only_signature_matches_cast_wallet_sign_data()
    {
        var key = RandomTransactions.Key(new Random(1901));
        const string json = """{ "types": { "EIP712Domain": [{ "name": "name", "type": "string" }, { "name": "chainId", "type": "uint256" }] }, "primaryType": "EIP712Domain", "domain": { "name": "x", "chainId": 10 }, "message": {} }""";
        var path = Path.Combine(_directory, "domain-only.json");
        File.WriteAllText(path, json);
        var expected = Cast.Run("wallet", "sign", "--private-key", Hex.Encode(key.ExportPrivateKey()), "--data", "--from-file", path);
        Assert.Equal(expected, Hex.Encode(Eip712TypedData.Parse(json).Sign(key).ToBytes65()));
    }

    [Fact]
    public void Eip712_signature_of_random_typed_data_matches_cast_wallet_sign_data()
    {
        var rng = new Random(712);
        for (var i = 0; i < 30; i++)
        {
            var key = RandomTransactions.Key(rng);
            var typedData = RandomTypedData.Create(rng);
            var json = typedData.ToJson();
            var path = Path.Combine(_directory, $"typed-{i}.json");
            File.WriteAllText(path, json);

            var expected = Cast.Run("wallet", "sign", "--private-key", Hex.Encode(key.ExportPrivateKey()), "--data", "--from-file", path);

            Assert.True(expected == Hex.Encode(typedData.Sign(key).ToBytes65()), $"case {i}: signature differs from cast for {json}");
            Assert.Equal(typedData.ComputeSigningHash(), Eip712TypedData.Parse(json).ComputeSigningHash());
            Assert.Equal(key.Address, typedData.RecoverSigner(Interop.Ethereum.Signing.EcdsaSignature.FromBytes65(Hex.Decode(expected))));
        }
    }
}
