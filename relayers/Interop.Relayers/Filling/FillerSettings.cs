using Interop.Ethereum.Signing;
using Interop.Relayers.Network;

namespace Interop.Relayers.Filling;

/// <summary>A chain a filler reads or fills on.</summary>
/// <param name="ConfirmationDepth">Blocks a filler's transaction must be buried under before the TxSender reports it confirmed.</param>
public sealed record FillerChain(uint ChainId, IReadOnlyList<Uri> Rpc, int ConfirmationDepth, TimeSpan BlockTime);

/// <summary>What a node's fillers run: the filler key (never logged), the chains, the routes, the policy and the pacing.</summary>
public sealed record FillerSettings
{
    public required EthKey Key { get; init; }
    public required IReadOnlyList<FillerChain> Chains { get; init; }
    public required IReadOnlyList<FillerRoute> Routes { get; init; }
    public FillerPolicy Policy { get; init; } = new();
    public FillerTiming Timing { get; init; } = new();
    public NetworkTxSettings Transactions { get; init; } = new();
    public RebalanceSettings Rebalance { get; init; } = new();

    /// <summary>The problems, each naming its key; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(Policy.Validate("Policy:"));
        if (Routes.Count == 0) errors.Add("Routes: at least one route is required");
        for (var i = 0; i < Routes.Count; i++)
        {
            var r = Routes[i];
            if (r.Origin == r.Destination) errors.Add($"Routes:{i}: origin and destination are both {r.Origin}");
            foreach (var chain in new[] { r.Origin, r.Destination })
                if (Chains.All(c => c.ChainId != chain)) errors.Add($"Routes:{i}: chain {chain} is not in Chains");
            if (r.Tokens.Count == 0) errors.Add($"Routes:{i}: no token to fill");
        }
        foreach (var duplicate in Routes.GroupBy(r => (r.Origin, r.Destination)).Where(g => g.Count() > 1))
            errors.Add($"Routes: {duplicate.Key.Origin}->{duplicate.Key.Destination} appears {duplicate.Count()} times");
        foreach (var c in Chains.Where(c => c.Rpc.Count == 0)) errors.Add($"Chains: chain {c.ChainId} needs at least one RPC endpoint");
        if (Timing.PollInterval <= TimeSpan.Zero) errors.Add($"Timing:PollInterval must be positive, got {Timing.PollInterval}");
        if (Timing.SettleBatchSize is < 1 or > 100) errors.Add($"Timing:SettleBatchSize must be within 1..100 (the IntentPool's MAX_SETTLE_BATCH), got {Timing.SettleBatchSize}");
        if (Timing.SnapshotEvery < 1) errors.Add($"Timing:SnapshotEvery must be at least 1, got {Timing.SnapshotEvery}");
        if (Timing.ResendAfter <= TimeSpan.Zero) errors.Add($"Timing:ResendAfter must be positive, got {Timing.ResendAfter}");
        if (Timing.SettleMaxWait < TimeSpan.Zero) errors.Add($"Timing:SettleMaxWait must not be negative, got {Timing.SettleMaxWait}");
        errors.AddRange(Rebalance.Validate(Chains.Select(c => c.ChainId).ToList()));
        return errors;
    }
}
