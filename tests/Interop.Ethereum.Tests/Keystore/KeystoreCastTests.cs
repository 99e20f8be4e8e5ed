using System.Text.RegularExpressions;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Keystore;
using Interop.Ethereum.Signing;
using Interop.Testing;

namespace Interop.Ethereum.Tests.Keystore;

/// <summary>Foundry's cast (eth-keystore) as an independent implementation, in both directions.</summary>
public sealed partial class KeystoreCastTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("interop-keystore-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Decrypt_opens_a_keystore_written_by_cast()
    {
        var output = Cast.Run("wallet", "new", _directory, "--unsafe-password", "pw from cast");
        var castAddress = AddressLine().Match(output).Groups[1].Value;
        var file = Directory.GetFiles(_directory).Single();

        var key = KeystoreFile.Decrypt(File.ReadAllText(file), "pw from cast");

        Assert.Equal(castAddress, key.Address.ToString());
        Assert.Throws<WrongKeystorePasswordException>(() => KeystoreFile.Decrypt(File.ReadAllText(file), "pw"));
    }

    [Fact]
    public void Decrypt_opens_a_keystore_cast_imported_a_known_key_into()
    {
        const string privateKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
        Cast.Run("wallet", "import", "imported", "--keystore-dir", _directory, "--private-key", privateKey, "--unsafe-password", "pässwörd");

        var key = KeystoreFile.Decrypt(File.ReadAllText(Path.Combine(_directory, "imported")), "pässwörd");

        Assert.Equal(privateKey, Hex.Encode(key.ExportPrivateKey()));
    }

    [Theory]
    [MemberData(nameof(Kdfs))]
    public void Cast_decrypts_a_keystore_we_wrote(KdfParameters kdf)
    {
        var key = EthKey.Generate();
        File.WriteAllText(Path.Combine(_directory, "ours"), KeystoreFile.Encrypt(key, "our pw", kdf).ToJson());

        var decrypted = Cast.Run("wallet", "decrypt-keystore", "ours", "--keystore-dir", _directory, "--unsafe-password", "our pw");
        var address = Cast.Run("wallet", "address", "--keystore", Path.Combine(_directory, "ours"), "--password", "our pw");

        Assert.Contains(Hex.Encode(key.ExportPrivateKey()), decrypted);
        Assert.Equal(key.Address.ToString(), address);
    }

    public static TheoryData<KdfParameters> Kdfs => new() { new ScryptParameters(N: 8192), new Pbkdf2Parameters(10_000) };

    [GeneratedRegex(@"Address:\s+(0x[0-9a-fA-F]{40})")]
    private static partial Regex AddressLine();
}
