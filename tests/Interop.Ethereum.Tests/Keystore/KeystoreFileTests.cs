using System.Text.Json.Nodes;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Keystore;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Tests.Keystore;

public class KeystoreFileTests
{
    private const string SpecPassword = "testpassword";
    private const string SpecPrivateKey = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
    private const string SpecAddress = "0x008AeEda4D805471dF9b2A5B0f38A0C3bCBA786b";

    // Web3 Secret Storage definition, test vectors (password "testpassword").
    private const string SpecPbkdf2 = """
        {
          "crypto": {
            "cipher": "aes-128-ctr",
            "cipherparams": { "iv": "6087dab2f9fdbbfaddc31a909735c1e6" },
            "ciphertext": "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
            "kdf": "pbkdf2",
            "kdfparams": { "c": 262144, "dklen": 32, "prf": "hmac-sha256", "salt": "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd" },
            "mac": "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"
          },
          "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
          "version": 3
        }
        """;

    private const string SpecScrypt = """
        {
          "crypto": {
            "cipher": "aes-128-ctr",
            "cipherparams": { "iv": "83dbcc02d8ccb40e466191a123791e0e" },
            "ciphertext": "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
            "kdf": "scrypt",
            "kdfparams": { "dklen": 32, "n": 262144, "r": 1, "p": 8, "salt": "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19" },
            "mac": "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"
          },
          "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
          "version": 3
        }
        """;

    private static readonly ScryptParameters Fast = new(N: 1024, R: 8, P: 1);

    [Theory]
    [InlineData(SpecPbkdf2)]
    // n = 2^18 with r = 1 breaks RFC 7914's bound n < 2^(16·r), so BouncyCastle and cast (InvalidParams) refuse this vector;
    // geth opens it, and so must we.
    [InlineData(SpecScrypt)]
    public void Decrypt_opens_the_spec_test_vectors(string json)
    {
        var key = KeystoreFile.Decrypt(json, SpecPassword);

        Assert.Equal(SpecPrivateKey, Hex.Encode(key.ExportPrivateKey()));
        Assert.Equal(SpecAddress, key.Address.ToString());
    }

    [Theory]
    [InlineData("pbkdf2")]
    [InlineData("scrypt")]
    public void Encrypt_with_the_spec_salt_and_iv_reproduces_the_spec_ciphertext_and_mac(string kdf)
    {
        var vector = JsonNode.Parse(kdf == "pbkdf2" ? SpecPbkdf2 : SpecScrypt)!["crypto"]!;
        KdfParameters parameters = kdf == "pbkdf2" ? new Pbkdf2Parameters(262144) : new ScryptParameters(262144, 1, 8);

        var file = KeystoreFile.Encrypt(Hex.Decode(SpecPrivateKey), SpecPassword, parameters,
            Hex.Decode(vector["kdfparams"]!["salt"]!.GetValue<string>()), Hex.Decode(vector["cipherparams"]!["iv"]!.GetValue<string>()),
            Guid.Parse("3198bc9c-6672-5ab3-d995-4942343ae5b6"));
        var written = JsonNode.Parse(file.ToJson())!["crypto"]!;

        Assert.Equal(vector["ciphertext"]!.GetValue<string>(), written["ciphertext"]!.GetValue<string>());
        Assert.Equal(vector["mac"]!.GetValue<string>(), written["mac"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(FastKdfs))]
    public void Encrypt_then_decrypt_round_trips_a_fresh_key(KdfParameters kdf)
    {
        var key = EthKey.Generate();

        var json = KeystoreFile.Encrypt(key, "correct horse", kdf).ToJson();
        var opened = KeystoreFile.Decrypt(json, "correct horse");

        Assert.Equal(key.ExportPrivateKey(), opened.ExportPrivateKey());
        Assert.Equal(kdf, KeystoreFile.Parse(json).Kdf);
    }

    public static TheoryData<KdfParameters> FastKdfs => new() { Fast, new ScryptParameters(N: 2, R: 1, P: 3), new Pbkdf2Parameters(1000) };

    [Fact]
    public void Encrypt_uses_scrypt_n_262144_r_8_p_1_by_default_and_writes_the_v3_layout()
    {
        var key = EthKey.Generate();

        var file = KeystoreFile.Encrypt(key, "pw");
        var json = JsonNode.Parse(file.ToJson())!;

        Assert.Equal(new ScryptParameters(262144, 8, 1), file.Kdf);
        Assert.Equal(3, json["version"]!.GetValue<int>());
        Assert.Equal("aes-128-ctr", json["crypto"]!["cipher"]!.GetValue<string>());
        Assert.Equal("scrypt", json["crypto"]!["kdf"]!.GetValue<string>());
        Assert.Equal(262144, json["crypto"]!["kdfparams"]!["n"]!.GetValue<int>());
        Assert.Equal(32, json["crypto"]!["kdfparams"]!["dklen"]!.GetValue<int>());
        Assert.Equal(64, json["crypto"]!["kdfparams"]!["salt"]!.GetValue<string>().Length);
        Assert.Equal(32, json["crypto"]!["cipherparams"]!["iv"]!.GetValue<string>().Length);
        Assert.Equal(Hex.Encode(key.Address.Bytes, prefix: false), json["address"]!.GetValue<string>());
        Assert.True(Guid.TryParse(json["id"]!.GetValue<string>(), out _));
    }

    [Fact]
    public void Decrypt_with_a_wrong_password_throws_a_typed_mac_mismatch_error()
    {
        var json = KeystoreFile.Encrypt(EthKey.Generate(), "right", Fast).ToJson();

        var error = Assert.Throws<WrongKeystorePasswordException>(() => KeystoreFile.Decrypt(json, "wrong"));

        Assert.StartsWith("wrong password (MAC mismatch)", error.Message);
        Assert.Throws<WrongKeystorePasswordException>(() => KeystoreFile.Decrypt(SpecPbkdf2, "testpassworD"));
    }

    [Fact]
    public void Decrypt_rejects_a_tampered_ciphertext()
    {
        var json = JsonNode.Parse(KeystoreFile.Encrypt(EthKey.Generate(), "pw", Fast).ToJson())!;
        var cipherText = json["crypto"]!["ciphertext"]!.GetValue<string>();
        json["crypto"]!["ciphertext"] = (cipherText[0] == '0' ? "1" : "0") + cipherText[1..];

        Assert.Throws<WrongKeystorePasswordException>(() => KeystoreFile.Decrypt(json.ToJsonString(), "pw"));
    }

    [Fact]
    public void Decrypt_rejects_a_file_whose_address_is_not_its_key()
    {
        var json = JsonNode.Parse(KeystoreFile.Encrypt(EthKey.Generate(), "pw", Fast).ToJson())!;
        json["address"] = Hex.Encode(EthKey.Generate().Address.Bytes, prefix: false);

        var error = Assert.Throws<InvalidKeystoreException>(() => KeystoreFile.Decrypt(json.ToJsonString(), "pw"));
        Assert.Contains("claims address", error.Message);
    }

    [Fact]
    public void Parse_accepts_the_capitalised_crypto_key_old_geth_wrote()
    {
        var json = SpecPbkdf2.Replace("\"crypto\"", "\"Crypto\"", StringComparison.Ordinal);

        Assert.Equal(SpecAddress, KeystoreFile.Decrypt(json, SpecPassword).Address.ToString());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"version":3}""", "no crypto field")]
    [InlineData("""{"version":2,"crypto":{}}""", "unsupported keystore version 2")]
    [InlineData("""{"version":3,"crypto":{"cipher":"aes-128-cbc"}}""", "unsupported cipher 'aes-128-cbc'")]
    [InlineData("""{"version":3,"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"00"}}}""", "crypto.cipherparams.iv must be 16 bytes")]
    [InlineData("""{"version":3,"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"000102030405060708090a0b0c0d0e0f"},"ciphertext":"zz"}}""", "crypto.ciphertext is not hex")]
    public void Parse_names_what_is_wrong_with_a_malformed_file(string json, string expected)
    {
        var error = Assert.Throws<InvalidKeystoreException>(() => KeystoreFile.Parse(json));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("kdf", "\"argon2\"", "unsupported kdf 'argon2'")]
    [InlineData("kdfparams.n", "3", "power of two")]
    [InlineData("kdfparams.n", "1073741824", "MiB; the limit is 1024 MiB")]
    [InlineData("kdfparams.dklen", "16", "dklen must be 32")]
    [InlineData("kdfparams.salt", "\"xyz\"", "crypto.kdfparams.salt is not hex")]
    [InlineData("mac", "\"00\"", "crypto.mac must be 32 bytes")]
    public void Parse_rejects_unsupported_or_unsafe_kdf_settings(string field, string value, string expected)
    {
        var json = JsonNode.Parse(SpecScrypt)!;
        var crypto = json["crypto"]!.AsObject();
        var parts = field.Split('.');
        var parent = parts.Length == 1 ? crypto : crypto[parts[0]]!.AsObject();
        parent[parts[^1]] = JsonNode.Parse(value);

        var error = Assert.Throws<InvalidKeystoreException>(() => KeystoreFile.Parse(json.ToJsonString()));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ToString_shows_no_key_material()
    {
        var key = EthKey.Generate();
        var file = KeystoreFile.Encrypt(key, "pw", Fast);
        var cipherText = JsonNode.Parse(file.ToJson())!["crypto"]!["ciphertext"]!.GetValue<string>();

        var text = file.ToString();

        Assert.Contains(key.Address.ToString(), text);
        Assert.DoesNotContain(cipherText, text);
        Assert.DoesNotContain(Hex.Encode(key.ExportPrivateKey(), prefix: false), text);
    }

    [Fact]
    public void Kdf_parameters_are_validated_before_encrypting()
    {
        Assert.Throws<ArgumentException>(() => KeystoreFile.Encrypt(EthKey.Generate(), "pw", new ScryptParameters(N: 1000)));
        Assert.Throws<ArgumentException>(() => KeystoreFile.Encrypt(EthKey.Generate(), "pw", new Pbkdf2Parameters(0)));
    }
}
