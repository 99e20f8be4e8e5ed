using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Node.Hosting;

namespace Interop.Node.Tests.Hosting;

public sealed class FillerNodeOptionsTests
{
    [Fact]
    public void Bad_values_are_named_by_their_configuration_key()
    {
        var errors = new FillerNodeOptions
        {
            Routes = ["901->902", "901-902", "901->901"],
            MaxExposurePerOrigin = "1e6",
            MinFeeBps = 10_000,
            SettleBatchSize = 101,
        }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:Routes:1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:Routes:2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:MaxExposurePerOrigin", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:SettleBatchSize", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("Interop:Filler:Routes:0", StringComparison.Ordinal));
        Assert.Empty(new FillerNodeOptions { Enabled = false, MinFeeBps = -5 }.Validate());
    }

    [Fact]
    public void Devnet_settings_fill_every_pair_of_chains_with_the_funded_devnet_filler_key()
    {
        var manifest = new DevnetManifest
        {
            Chains = new[] { 900UL, 901UL }.Select(id => new DevnetManifestChain
            {
                Name = $"c{id}", ChainId = id, Rpc = "http://127.0.0.1:1",
                Contracts = new Dictionary<string, string>
                {
                    ["IntentPool"] = $"0x00000000000000000000000000000000000000{id - 800:x2}",
                    ["USDC"] = $"0x00000000000000000000000000000000000001{id - 800:x2}",
                },
            }).ToList(),
        };
        var devnet = new DevnetOptions();
        var settings = FillerSettingsFactory.ForDevnet(manifest, devnet, new FillerNodeOptions { MinFeeBps = 7 });
        var wallet = new Interop.Ethereum.HdWallet.EthereumHdWallet(Interop.Ethereum.HdWallet.Mnemonic.Parse(devnet.Mnemonic));
        Assert.Equal(wallet.GetAddress(DevnetAccounts.Filler), settings.Key.Address);
        Assert.Equal([(900u, 901u), (901u, 900u)], settings.Routes.Select(r => (r.Origin, r.Destination)));
        Assert.Equal(7, settings.Policy.MinFeeBps);
        Assert.All(settings.Routes, r => Assert.Equal("USDC", Assert.Single(r.Tokens).Symbol));
    }

    [Fact]
    public void Configured_chains_without_the_mnemonic_variable_fail_with_the_key_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => FillerSettingsFactory.ForChains(new InteropOptions(), new KeysOptions(),
            new FillerNodeOptions { KeyIndex = 3 }, _ => null));
        Assert.Contains("Interop:Filler:KeyIndex", error.Message, StringComparison.Ordinal);
        Assert.Contains("INTEROP_MNEMONIC", error.Message, StringComparison.Ordinal);
    }
}
