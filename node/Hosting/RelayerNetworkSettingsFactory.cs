using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Relaying;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Keystore;
using Interop.Ethereum.Signing;
using Interop.Relayers.Network;

namespace Interop.Node.Hosting;

/// <summary>Turns the node's configuration (and the devnet manifest, when the devnet runs) into the relayer network's settings.</summary>
public static class RelayerNetworkSettingsFactory
{
    /// <summary>Settings for the embedded devnet: its validators (HD 1..Validators) sign, HD 11 relays, every origin shares the devnet set.</summary>
    public static RelayerNetworkSettings ForDevnet(DevnetManifest manifest, DevnetOptions devnet, RelayerNodeOptions relayer)
    {
        var wallet = new EthereumHdWallet(Mnemonic.Parse(devnet.Mnemonic));
        var validators = Enumerable.Range(DevnetAccounts.FirstValidator, devnet.Validators).Select(i => wallet.GetKey(i)).ToList();
        var set = new ValidatorSet(validators.Select(v => v.Address), devnet.Threshold);
        var chains = manifest.Chains.Select(c =>
        {
            var blockTime = devnet.EffectiveChains.FirstOrDefault(o => o.ChainId == c.ChainId)?.BlockTimeSeconds ?? 1;
            var poll = TimeSpan.FromSeconds(Math.Max(0.25, blockTime));
            return new NetworkChain((uint)c.ChainId, c.Name, [new Uri(c.Rpc)], Address.Parse(c.Contracts["Mailbox"]), relayer.DevnetConfirmationDepth, poll)
            {
                TokenBridges = TokenBridgesOf(c.Contracts),
            };
        }).ToList();
        return new RelayerNetworkSettings
        {
            Chains = chains,
            ValidatorKeys = validators,
            ValidatorSets = chains.ToDictionary(c => c.ChainId, _ => set),
            RelayerKey = wallet.GetKey(DevnetAccounts.FirstRelayer),
            RemoteCheckpointEndpoints = relayer.RemoteCheckpointEndpoints.Select(u => new Uri(u)).ToList(),
            Relay = RelayOptions(relayer),
            HoldClaims = new HoldClaimOptions { Enabled = relayer.ClaimHolds },
        };
    }

    /// <summary>Settings for the configured chains (Interop:Chains) with keys from Interop:Keys.</summary>
    /// <exception cref="ConfigurationException">A chain has no Mailbox, or a key cannot be loaded; the message names the key, never a secret.</exception>
    public static RelayerNetworkSettings ForChains(InteropOptions interop, RelayerNodeOptions relayer, KeysOptions keys, Func<string, string?> environment)
    {
        var chains = new List<NetworkChain>();
        for (var i = 0; i < interop.Chains.Count; i++)
        {
            var chain = interop.Chains[i];
            if (!chain.Contracts.TryGetValue("Mailbox", out var mailbox))
                throw new ConfigurationException($"{InteropOptions.SectionName}:Chains:{i}:Contracts:Mailbox is required to relay on chain {chain.ChainId}");
            chains.Add(new NetworkChain((uint)chain.ChainId, chain.Name, chain.Rpc.Select(r => new Uri(r)).ToList(), Address.Parse(mailbox),
                chain.ConfirmationDepth, TimeSpan.FromSeconds(relayer.PollIntervalSeconds), chain.ReorgHistoryBlocks)
            {
                TokenBridges = TokenBridgesOf(chain.Contracts),
            });
        }
        var set = new ValidatorSet(relayer.Validators.Select(Address.Parse), relayer.Threshold);
        var (validatorKeys, relayerKey) = LoadKeys(keys, environment);
        return new RelayerNetworkSettings
        {
            Chains = chains,
            ValidatorKeys = validatorKeys,
            ValidatorSets = chains.ToDictionary(c => c.ChainId, _ => set),
            RelayerKey = relayerKey,
            RemoteCheckpointEndpoints = relayer.RemoteCheckpointEndpoints.Select(u => new Uri(u)).ToList(),
            Relay = RelayOptions(relayer),
            HoldClaims = new HoldClaimOptions { Enabled = relayer.ClaimHolds },
        };
    }

    /// <summary>The validator keys and relayer key of Interop:Keys (secrets from the environment variables it names).</summary>
    public static (IReadOnlyList<EthKey> Validators, EthKey? Relayer) LoadKeys(KeysOptions keys, Func<string, string?> environment)
    {
        EthereumHdWallet? wallet = null;
        if (keys.ValidatorIndices.Count > 0 || keys.RelayerIndex is not null)
        {
            var phrase = environment(keys.MnemonicVariable);
            if (string.IsNullOrWhiteSpace(phrase))
                throw new ConfigurationException($"{KeysOptions.SectionName}: ValidatorIndices/RelayerIndex need a mnemonic in the environment variable {keys.MnemonicVariable} (named by {KeysOptions.SectionName}:MnemonicVariable), which is not set");
            if (!Mnemonic.TryParse(phrase, out var mnemonic, out var problem))
                throw new ConfigurationException($"the mnemonic in {keys.MnemonicVariable} is invalid: {problem!.Message}");
            wallet = new EthereumHdWallet(mnemonic!);
        }
        var validators = keys.ValidatorIndices.Select(i => wallet!.GetKey(i)).ToList();
        EthKey? relayer = keys.RelayerIndex is { } index ? wallet!.GetKey(index) : null;
        if (!string.IsNullOrWhiteSpace(keys.RelayerKeystore))
        {
            var password = environment(keys.KeystorePasswordVariable);
            if (string.IsNullOrEmpty(password))
                throw new ConfigurationException($"{KeysOptions.SectionName}:RelayerKeystore needs its password in the environment variable {keys.KeystorePasswordVariable}, which is not set");
            try
            {
                relayer = KeystoreFile.Decrypt(File.ReadAllText(keys.RelayerKeystore), password);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeystoreException)
            {
                throw new ConfigurationException($"{KeysOptions.SectionName}:RelayerKeystore '{keys.RelayerKeystore}' cannot be opened: {e.Message}");
            }
        }
        return (validators, relayer);
    }

    /// <summary>The chain's canonical TokenBridge (contract name "TokenBridge"), whose holds the relayer network follows and claims.</summary>
    private static IReadOnlyList<Address> TokenBridgesOf(IReadOnlyDictionary<string, string> contracts) =>
        contracts.TryGetValue("TokenBridge", out var bridge) ? [Address.Parse(bridge)] : [];

    private static RelayerOptions RelayOptions(RelayerNodeOptions relayer) => new()
    {
        MaxBatchSize = relayer.MaxBatchSize,
        MaxWait = TimeSpan.FromSeconds(relayer.MaxWaitSeconds),
    };
}
