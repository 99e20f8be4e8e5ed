using Interop.Bridge.Configuration;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Keystore;
using Interop.Node.Hosting;

namespace Interop.Node.Tests.Hosting;

public sealed class RelayerNetworkSettingsFactoryTests : IDisposable
{
    private const string Phrase = "test test test test test test test test test test test junk";
    private static readonly EthereumHdWallet Wallet = new(Mnemonic.Parse(Phrase));
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static InteropOptions Chains() => new()
    {
        Devnet = { Enabled = false },
        Chains =
        [
            new ChainOptions { Name = "a", ChainId = 901, Rpc = ["http://127.0.0.1:1", "http://127.0.0.1:2"], ConfirmationDepth = 3, Contracts = { ["Mailbox"] = "0x5FbDB2315678afecb367f032d93F642f64180aa3" } },
            new ChainOptions { Name = "b", ChainId = 902, Rpc = ["http://127.0.0.1:3"], ReorgHistoryBlocks = 64, Contracts = { ["Mailbox"] = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" } },
        ],
    };

    private static RelayerNodeOptions Relayer() => new() { Validators = [Wallet.GetAddress(1).ToString(), Wallet.GetAddress(2).ToString()], Threshold = 2, PollIntervalSeconds = 0.5 };

    [Fact]
    public void Configured_chains_get_keys_from_the_mnemonic_variable_and_one_validator_set_per_origin()
    {
        var keys = new KeysOptions { MnemonicVariable = "MY_MNEMONIC", ValidatorIndices = [1], RelayerIndex = 11 };

        var settings = RelayerNetworkSettingsFactory.ForChains(Chains(), Relayer(), keys, name => name == "MY_MNEMONIC" ? Phrase : null);

        Assert.Equal([Wallet.GetAddress(1)], settings.ValidatorKeys.Select(k => k.Address));
        Assert.Equal(Wallet.GetAddress(11), settings.RelayerKey!.Address);
        Assert.Equal([901u, 902u], settings.ValidatorSets.Keys.Order());
        Assert.All(settings.ValidatorSets.Values, set => Assert.Equal(2, set.Threshold));
        var a = settings.Chains[0];
        Assert.Equal(2, a.Rpc.Count);
        Assert.Equal(3, a.ConfirmationDepth);
        Assert.Equal(TimeSpan.FromSeconds(0.5), a.PollInterval);
        Assert.Equal(Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), a.Mailbox);
        // The reorg window: depth + 32 unless configured.
        Assert.Null(a.ReorgHistoryBlocks);
        Assert.Equal(35, a.EffectiveReorgHistoryBlocks);
        Assert.Equal(64, settings.Chains[1].EffectiveReorgHistoryBlocks);
    }

    [Fact]
    public void A_chains_TokenBridge_is_followed_for_holds_and_claiming_them_is_on_unless_ClaimHolds_is_false()
    {
        var interop = Chains();
        interop.Chains[1].Contracts["TokenBridge"] = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";

        var settings = RelayerNetworkSettingsFactory.ForChains(interop, Relayer(), new KeysOptions(), _ => null);
        var off = RelayerNetworkSettingsFactory.ForChains(interop, new RelayerNodeOptions { Validators = [Wallet.GetAddress(1).ToString()], ClaimHolds = false },
            new KeysOptions(), _ => null);

        Assert.Empty(settings.Chains[0].TokenBridges);
        Assert.Equal([Address.Parse("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0")], settings.Chains[1].TokenBridges);
        Assert.True(settings.HoldClaims.Enabled);
        Assert.False(off.HoldClaims.Enabled);
    }

    [Fact]
    public void Without_configured_keys_the_node_is_watch_only()
    {
        var settings = RelayerNetworkSettingsFactory.ForChains(Chains(), Relayer(), new KeysOptions(), _ => null);

        Assert.Empty(settings.ValidatorKeys);
        Assert.Null(settings.RelayerKey);
    }

    [Fact]
    public void A_missing_mnemonic_variable_is_named_and_a_bad_mnemonic_is_not_echoed()
    {
        var keys = new KeysOptions { ValidatorIndices = [1] };

        var missing = Assert.Throws<ConfigurationException>(() => RelayerNetworkSettingsFactory.ForChains(Chains(), Relayer(), keys, _ => null));
        Assert.Contains("INTEROP_MNEMONIC", missing.Message, StringComparison.Ordinal);

        var bad = Assert.Throws<ConfigurationException>(() => RelayerNetworkSettingsFactory.ForChains(Chains(), Relayer(), keys, _ => "secret words that are not a mnemonic at all ok"));
        Assert.DoesNotContain("secret words", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_relayer_key_comes_from_a_keystore_with_the_password_variable_and_a_wrong_password_is_named_not_shown()
    {
        var file = Path.Combine(_dir, "relayer.json");
        File.WriteAllText(file, KeystoreFile.Encrypt(Wallet.GetKey(12), "pw-123", new ScryptParameters(1024, 8, 1)).ToJson());
        var keys = new KeysOptions { RelayerKeystore = file, KeystorePasswordVariable = "RELAYER_PW" };

        var settings = RelayerNetworkSettingsFactory.ForChains(Chains(), Relayer(), keys, name => name == "RELAYER_PW" ? "pw-123" : null);
        Assert.Equal(Wallet.GetAddress(12), settings.RelayerKey!.Address);

        var wrong = Assert.Throws<ConfigurationException>(() => RelayerNetworkSettingsFactory.ForChains(Chains(), Relayer(), keys, _ => "nope-nope"));
        Assert.Contains("Interop:Keys:RelayerKeystore", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nope-nope", wrong.Message, StringComparison.Ordinal);
        var unset = Assert.Throws<ConfigurationException>(() => RelayerNetworkSettingsFactory.ForChains(Chains(), Relayer(), keys, _ => null));
        Assert.Contains("RELAYER_PW", unset.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_without_a_mailbox_is_named()
    {
        var interop = Chains();
        interop.Chains[1].Contracts.Clear();

        var error = Assert.Throws<ConfigurationException>(() => RelayerNetworkSettingsFactory.ForChains(interop, Relayer(), new KeysOptions(), _ => null));

        Assert.Contains("Interop:Chains:1:Contracts:Mailbox", error.Message, StringComparison.Ordinal);
    }
}
