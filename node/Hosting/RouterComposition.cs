using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Router;

namespace Interop.Node.Hosting;

/// <summary>Where the router's settings come from in this node: the devnet manifest, or Interop:Chains with a mnemonic from the environment.</summary>
internal static class RouterComposition
{
    /// <summary>The settings, or null with the reason the quote API is off (logged at start).</summary>
    public static (RouterSettings? Settings, string? Disabled) Settings(InteropOptions interop, KeysOptions keys, DevnetManifest? manifest,
        Func<string, string?> environment)
    {
        if (interop.Devnet.Enabled)
            return manifest is null
                ? (null, "the devnet was not started before the host was built (the router needs its manifest)")
                : (RouterSettings.FromManifest(manifest, interop.Devnet.Mnemonic), null);

        var phrase = environment(keys.MnemonicVariable);
        if (string.IsNullOrWhiteSpace(phrase))
            return (null, $"the quote API signs quotes with market-maker key m/44'/60'/0'/0/{DevnetAccounts.FirstMarketMaker} of the mnemonic in "
                + $"{keys.MnemonicVariable} ({KeysOptions.SectionName}:MnemonicVariable), which is not set");
        var configured = new DevnetManifest
        {
            Chains = interop.Chains.Select(c => new DevnetManifestChain { Name = c.Name, ChainId = c.ChainId, Rpc = c.Rpc[0], Contracts = c.Contracts }).ToList(),
        };
        var settings = RouterSettings.FromManifest(configured, phrase);
        // Every configured endpoint, not just the first: the router's reads fail over like the relayers'.
        return (settings with
        {
            Chains = settings.Chains.Select(c => c with { Rpc = interop.Chains.First(o => o.ChainId == c.ChainId).Rpc.Select(u => new Uri(u)).ToList() }).ToList(),
        }, null);
    }
}

/// <summary>The relayer network's message records for the router's status endpoint (none while the network starts).</summary>
internal sealed class NetworkStatusSource(RelayerNetworkService relayers) : IMessageStatusSource
{
    public Task<MessageRecord?> GetAsync(Bytes32 id, CancellationToken cancellationToken = default) =>
        relayers.Network is { } network ? network.GetAsync(id, cancellationToken) : Task.FromResult<MessageRecord?>(null);

    public Task<IReadOnlyList<MessageRecord>> FindByTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default) =>
        relayers.Network is { } network ? network.FindByTransactionAsync(transactionHash, cancellationToken) : Task.FromResult<IReadOnlyList<MessageRecord>>([]);

    public Task<IReadOnlyList<MessageRecord>> ListAsync(MessageStage? stage, int limit, CancellationToken cancellationToken = default) =>
        relayers.Network is { } network ? network.ListAsync(stage, limit, cancellationToken) : Task.FromResult<IReadOnlyList<MessageRecord>>([]);
}
