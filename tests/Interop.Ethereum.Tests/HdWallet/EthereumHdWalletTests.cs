using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;
using Interop.Testing;

namespace Interop.Ethereum.Tests.HdWallet;

public class EthereumHdWalletTests
{
    private const string AnvilMnemonic = "test test test test test test test test test test test junk";

    [Fact]
    public void GetAddress_gives_anvils_default_accounts_for_its_mnemonic()
    {
        var wallet = new EthereumHdWallet(Mnemonic.Parse(AnvilMnemonic));

        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", wallet.GetAddress(0).ToString());
        Assert.Equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", wallet.GetAddress(1).ToString());
        Assert.Equal("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", wallet.GetAddress(2).ToString());
        Assert.Equal("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", Hex.Encode(wallet.GetKey(0).ExportPrivateKey()));
    }

    [Fact]
    public void GetKeys_lists_consecutive_paths_matching_single_derivations()
    {
        var wallet = new EthereumHdWallet(Mnemonic.Parse(AnvilMnemonic));

        var keys = wallet.GetKeys(account: 0, startIndex: 0, count: 3).ToList();

        Assert.Equal(["m/44'/60'/0'/0/0", "m/44'/60'/0'/0/1", "m/44'/60'/0'/0/2"], keys.Select(k => k.Path.ToString()));
        Assert.Equal([wallet.GetAddress(0), wallet.GetAddress(1), wallet.GetAddress(2)], keys.Select(k => k.Key.Address));
    }

    [Fact]
    public void A_watch_only_xpub_derives_the_same_addresses_as_the_private_keys()
    {
        var wallet = new EthereumHdWallet(Mnemonic.Parse(AnvilMnemonic));
        var accountXpub = ExtendedPublicKey.Parse(wallet.MasterKey.Derive(Bip44.EthereumChain()).Neuter().ToXpub());

        for (uint i = 0; i < 3; i++)
            Assert.Equal(wallet.GetAddress((int)i), accountXpub.Derive(i).Address);
    }

    [Fact]
    public void ToString_shows_no_secret()
    {
        var wallet = new EthereumHdWallet(Mnemonic.Parse(AnvilMnemonic));

        Assert.Matches("^EthereumHdWallet\\(master fingerprint [0-9a-f]{8}\\)$", wallet.ToString());
    }

    public static TheoryData<int, int, int, string> RandomCases()
    {
        // Seeded, so a failure reproduces; 20 cases over all word counts, accounts, indices and passphrases.
        var rng = new Random(20240611);
        var data = new TheoryData<int, int, int, string>();
        int[] wordCounts = [12, 15, 18, 21, 24];
        string[] passphrases = ["", "", "TREZOR", "correct horse battery staple", "p@ss w0rd"];
        for (var i = 0; i < 20; i++)
            data.Add(rng.Next(), wordCounts[i % wordCounts.Length], i % 4 == 0 ? rng.Next(0, 5) : 0, passphrases[rng.Next(passphrases.Length)]);
        return data;
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Derivation_matches_cast_for_random_mnemonics_and_paths(int entropySeed, int words, int account, string passphrase)
    {
        var rng = new Random(entropySeed);
        var entropy = new byte[words * 11 * 32 / 33 / 8];
        rng.NextBytes(entropy);
        var mnemonic = Mnemonic.FromEntropy(entropy);
        var index = rng.Next(0, 1000);
        var path = Bip44.EthereumPath(account, index);

        var ours = new EthereumHdWallet(mnemonic, passphrase).GetKey(path);

        var castArgs = new List<string> { "wallet", "address", "--mnemonic", mnemonic.Phrase, "--mnemonic-derivation-path", path.ToString() };
        if (passphrase.Length > 0) castArgs.AddRange(["--mnemonic-passphrase", passphrase]);
        Assert.Equal(Cast.Run([.. castArgs]), ours.Address.ToString());

        var castMnemonic = Cast.Run("wallet", "new-mnemonic", "--entropy", Hex.Encode(entropy));
        Assert.Contains(mnemonic.Phrase, castMnemonic.Split('\n').Select(l => l.Trim()));
    }
}
