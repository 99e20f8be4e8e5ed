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

    private static DevnetManifest Manifest(bool withBridge = true) => new()
    {
        Chains = new[] { 900UL, 901UL }.Select(id => new DevnetManifestChain
        {
            Name = $"c{id}", ChainId = id, Rpc = "http://127.0.0.1:1",
            Contracts = new Dictionary<string, string>
            {
                ["IntentPool"] = $"0x00000000000000000000000000000000000000{id - 800:x2}",
                ["USDC"] = $"0x00000000000000000000000000000000000001{id - 800:x2}",
                ["TokenBridge"] = withBridge ? $"0x00000000000000000000000000000000000002{id - 800:x2}" : "",
            }.Where(kv => kv.Value.Length > 0).ToDictionary(),
        }).ToList(),
    };

    [Fact]
    public void Devnet_rebalancing_is_on_by_default_with_limits_derived_from_the_largest_order()
    {
        var settings = FillerSettingsFactory.ForDevnet(Manifest(), new DevnetOptions(), new FillerNodeOptions { MaxOrderOutput = "1000" });
        Assert.True(settings.Rebalance.Enabled);
        var token = Assert.Single(settings.Rebalance.Tokens);
        Assert.Equal(("USDC", 100), (token.Symbol, (int)token.MinMove));
        Assert.Equal([900u, 901u], token.Chains.Select(c => c.Chain));
        Assert.All(token.Chains, c => Assert.Equal(new Interop.Relayers.Filling.RebalanceLimits(2000, 1000), c.Limits));
        Assert.Equal(Interop.Ethereum.Address.Parse("0x0000000000000000000000000000000000000265"), token.Chains[1].Bridge);
    }

    [Fact]
    public void The_rebalancer_leaves_held_moves_to_the_relayer_network_when_that_claims_holds()
    {
        var settings = FillerSettingsFactory.ForDevnet(Manifest(), new DevnetOptions(), new FillerNodeOptions());
        Assert.True(settings.Rebalance.ClaimHolds);
        Assert.False(FillerService.WithHoldClaims(settings, new RelayerNodeOptions()).Rebalance.ClaimHolds);
        Assert.True(FillerService.WithHoldClaims(settings, new RelayerNodeOptions { ClaimHolds = false }).Rebalance.ClaimHolds);
        Assert.Equal(settings.Rebalance.Tokens, FillerService.WithHoldClaims(settings, new RelayerNodeOptions()).Rebalance.Tokens);
    }

    [Fact]
    public void Rebalancing_limits_are_overridden_per_token_and_chain_and_can_be_switched_off()
    {
        var options = new FillerNodeOptions
        {
            Rebalance = new RebalanceNodeOptions { Target = "5000", LowWater = "1000", MinMove = "1", Limits = [new RebalanceLimitOptions { Token = "USDC", ChainId = 901, LowWater = "4000" }] },
        };
        var token = Assert.Single(FillerSettingsFactory.ForDevnet(Manifest(), new DevnetOptions(), options).Rebalance.Tokens);
        Assert.Equal([new(5000, 1000), new(5000, 4000)], token.Chains.Select(c => c.Limits));
        Assert.Equal(1, token.MinMove);
        Assert.False(FillerSettingsFactory.ForDevnet(Manifest(), new DevnetOptions(), new FillerNodeOptions { Rebalance = new() { Enabled = false } }).Rebalance.Enabled);
        // Without the bridge on a chain there is nothing to move between.
        Assert.False(FillerSettingsFactory.ForDevnet(Manifest(withBridge: false), new DevnetOptions(), new FillerNodeOptions()).Rebalance.Enabled);
    }

    [Fact]
    public void Bad_rebalancing_values_are_named_by_their_configuration_key()
    {
        var errors = new FillerNodeOptions
        {
            Rebalance = new RebalanceNodeOptions
            {
                Target = "1e6", MinMove = "0", Tokens = ["WETH"], Bridges = new(),
                Limits = [new RebalanceLimitOptions { Token = "DAI", ChainId = 900, LowWater = "-1" }],
            },
        }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:Rebalance:Target ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:Rebalance:MinMove must be positive", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:Rebalance:Tokens:0: WETH", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:Rebalance:Bridges:WETH", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:Rebalance:Limits:0:Token DAI", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:Rebalance:Limits:0:LowWater", StringComparison.Ordinal));
        Assert.Empty(new FillerNodeOptions { Rebalance = new RebalanceNodeOptions { MinMove = "1" } }.Validate());
        // A low-water mark above the target is refused when the settings are built, naming the token's chain.
        var error = Assert.Throws<ConfigurationException>(() => FillerSettingsFactory.ForDevnet(Manifest(), new DevnetOptions(),
            new FillerNodeOptions { Rebalance = new RebalanceNodeOptions { Target = "10", LowWater = "11" } }));
        Assert.Contains("Rebalance:Tokens:0:Chains:0:LowWater (11) must not be above Target (10)", error.Message, StringComparison.Ordinal);
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
