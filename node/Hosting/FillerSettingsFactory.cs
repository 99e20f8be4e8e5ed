using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Keystore;
using Interop.Ethereum.Signing;
using Interop.Relayers.Filling;

namespace Interop.Node.Hosting;

/// <summary>Turns Interop:Filler (and the devnet manifest or Interop:Chains) into the fillers' settings.</summary>
public static class FillerSettingsFactory
{
    /// <summary>The embedded devnet: the filler key is HD <see cref="DevnetAccounts.Filler"/> (or KeyIndex) of the devnet mnemonic.</summary>
    public static FillerSettings ForDevnet(DevnetManifest manifest, DevnetOptions devnet, FillerNodeOptions filler)
    {
        var key = new EthereumHdWallet(Mnemonic.Parse(devnet.Mnemonic)).GetKey(filler.KeyIndex ?? DevnetAccounts.Filler);
        var chains = manifest.Chains.Select(c => (
            Chain: new FillerChain((uint)c.ChainId, [new Uri(c.Rpc)], 1,
                TimeSpan.FromSeconds(devnet.EffectiveChains.FirstOrDefault(o => o.ChainId == c.ChainId)?.BlockTimeSeconds ?? 1)),
            Contracts: (IReadOnlyDictionary<string, string>)c.Contracts)).ToList();
        return Build(key, chains, filler, devnet: true);
    }

    /// <summary>Configured chains: the key from Interop:Keys' mnemonic variable at KeyIndex, or from Keystore.</summary>
    /// <exception cref="ConfigurationException">No key configured, or its secret is missing.</exception>
    public static FillerSettings ForChains(InteropOptions interop, KeysOptions keys, FillerNodeOptions filler, Func<string, string?> environment)
    {
        EthKey key;
        if (!string.IsNullOrWhiteSpace(filler.Keystore))
        {
            var password = environment(keys.KeystorePasswordVariable);
            if (string.IsNullOrEmpty(password))
                throw new ConfigurationException($"{FillerNodeOptions.SectionName}:Keystore needs its password in the environment variable {keys.KeystorePasswordVariable}, which is not set");
            try
            {
                key = KeystoreFile.Decrypt(File.ReadAllText(filler.Keystore), password);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeystoreException)
            {
                throw new ConfigurationException($"{FillerNodeOptions.SectionName}:Keystore '{filler.Keystore}' cannot be opened: {e.Message}");
            }
        }
        else if (filler.KeyIndex is { } index)
        {
            var phrase = environment(keys.MnemonicVariable);
            if (string.IsNullOrWhiteSpace(phrase))
                throw new ConfigurationException($"{FillerNodeOptions.SectionName}:KeyIndex needs a mnemonic in the environment variable {keys.MnemonicVariable}, which is not set");
            key = new EthereumHdWallet(Mnemonic.Parse(phrase)).GetKey(index);
        }
        else
        {
            throw new ConfigurationException($"{FillerNodeOptions.SectionName} is enabled without a key: set {FillerNodeOptions.SectionName}:KeyIndex or :Keystore, or {FillerNodeOptions.SectionName}:Enabled=false");
        }
        var chains = interop.Chains.Select(c => (
            Chain: new FillerChain((uint)c.ChainId, c.Rpc.Select(u => new Uri(u)).ToList(), c.ConfirmationDepth, TimeSpan.FromSeconds(2)),
            Contracts: (IReadOnlyDictionary<string, string>)c.Contracts)).ToList();
        return Build(key, chains, filler, devnet: false);
    }

    private static FillerSettings Build(EthKey key, IReadOnlyList<(FillerChain Chain, IReadOnlyDictionary<string, string> Contracts)> chains, FillerNodeOptions filler, bool devnet)
    {
        var byId = chains.ToDictionary(c => c.Chain.ChainId);
        var pairs = filler.Routes.Count > 0
            ? filler.Routes.Select(r => FillerNodeOptions.ParseRoute(r)!.Value).ToList()
            : chains.SelectMany(o => chains.Where(d => d.Chain.ChainId != o.Chain.ChainId).Select(d => (o.Chain.ChainId, d.Chain.ChainId))).ToList();
        var routes = new List<FillerRoute>();
        foreach (var (origin, destination) in pairs)
        {
            if (!byId.TryGetValue(origin, out var o) || !byId.TryGetValue(destination, out var d))
                throw new ConfigurationException($"{FillerNodeOptions.SectionName}:Routes: {origin}->{destination} names a chain that is not configured");
            if (!o.Contracts.TryGetValue("IntentPool", out var originPool) || !d.Contracts.TryGetValue("IntentPool", out var destinationPool))
            {
                if (filler.Routes.Count > 0) throw new ConfigurationException($"{FillerNodeOptions.SectionName}:Routes: {origin}->{destination} needs an IntentPool on both chains");
                continue;
            }
            var tokens = filler.Tokens
                .Where(s => o.Contracts.ContainsKey(s) && d.Contracts.ContainsKey(s))
                .Select(s => new FillerToken(s, Address.Parse(o.Contracts[s]), Address.Parse(d.Contracts[s])))
                .ToList();
            if (tokens.Count > 0) routes.Add(new FillerRoute(origin, Address.Parse(originPool), destination, Address.Parse(destinationPool), tokens));
        }
        var policy = filler.Policy();
        var settings = new FillerSettings
        {
            Key = key, Chains = chains.Select(c => c.Chain).ToList(), Routes = routes, Policy = policy, Timing = filler.Timing(),
            Rebalance = Rebalance(filler, byId, routes, policy, devnet),
        };
        var errors = settings.Validate();
        if (errors.Count > 0) throw new ConfigurationException($"invalid {FillerNodeOptions.SectionName}: " + string.Join("; ", errors));
        return settings;
    }

    /// <summary>
    /// Each rebalanced token on every chain where a route fills or is repaid in it and its canonical bridge is deployed
    /// (a chain without the bridge cannot send or receive a move).
    /// </summary>
    private static RebalanceSettings Rebalance(FillerNodeOptions filler, IReadOnlyDictionary<uint, (FillerChain Chain, IReadOnlyDictionary<string, string> Contracts)> byId,
        IReadOnlyList<FillerRoute> routes, FillerPolicy policy, bool devnet)
    {
        var options = filler.Rebalance;
        if (!options.IsEnabled(devnet)) return new RebalanceSettings();
        var tokens = new List<RebalanceToken>();
        foreach (var symbol in options.TokensOf(filler.Tokens))
        {
            var bridgeName = options.Bridges[symbol];
            var venues = routes.Where(r => r.Tokens.Any(t => t.Symbol == symbol))
                .SelectMany(r => new[] { r.Origin, r.Destination }).Distinct().Order()
                .Where(id => byId[id].Contracts.ContainsKey(bridgeName) && byId[id].Contracts.ContainsKey(symbol))
                .Select(id => new RebalanceVenue(id, Address.Parse(byId[id].Contracts[symbol]), Address.Parse(byId[id].Contracts[bridgeName]), options.LimitsFor(symbol, id, policy)))
                .ToList();
            if (venues.Count >= 2) tokens.Add(new RebalanceToken(symbol, options.MinMoveFor(policy), venues));
        }
        return new RebalanceSettings { Enabled = tokens.Count > 0, Tokens = tokens };
    }
}
