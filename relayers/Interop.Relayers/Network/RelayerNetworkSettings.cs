using Interop.Bridge.Relaying;
using Interop.Ethereum;
using Interop.Ethereum.Signing;

namespace Interop.Relayers.Network;

/// <summary>One chain the network watches and delivers to.</summary>
/// <param name="ChainId">Chain id = message domain.</param>
/// <param name="Name">For logs and metrics labels.</param>
/// <param name="Rpc">JSON-RPC endpoints in order of preference (failover).</param>
/// <param name="Mailbox">The chain's Mailbox.</param>
/// <param name="ConfirmationDepth">Blocks a log must be buried under before it is validated/relayed.</param>
/// <param name="PollInterval">How often the watcher polls when caught up (about the block time).</param>
/// <param name="ReorgHistoryBlocks">
/// How deep a reorg of this chain the node can undo, in blocks; null (the default) = <see cref="ConfirmationDepth"/> +
/// <see cref="DefaultReorgMarginBlocks"/>. The chain's watcher keeps this many block hashes (its reorg detection), the
/// validators of this origin keep the leaves of this many blocks, and a route keeps the leaves and deliveries of the larger
/// of its two chains' windows. A reorg deeper than this halts the watcher (<c>ReorgBeyondHistory</c>, logged as an ALERT;
/// every consumer of the chain stops there and nothing is signed or relayed from that chain until an operator intervenes):
/// it is never undone partially or silently. Memory of the validators and routes grows with this window times the message
/// rate, which is why it is tied to the confirmation depth and not a fixed 128/256 blocks.
/// </param>
public sealed record NetworkChain(uint ChainId, string Name, IReadOnlyList<Uri> Rpc, Address Mailbox, int ConfirmationDepth, TimeSpan PollInterval,
    int? ReorgHistoryBlocks = null)
{
    /// <summary>Blocks of reorg history kept beyond the confirmation depth when <see cref="ReorgHistoryBlocks"/> is not set.</summary>
    public const int DefaultReorgMarginBlocks = 32;

    /// <summary>The reorg window in effect: <see cref="ReorgHistoryBlocks"/>, or the confirmation depth plus <see cref="DefaultReorgMarginBlocks"/>.</summary>
    public int EffectiveReorgHistoryBlocks => ReorgHistoryBlocks ?? ConfirmationDepth + DefaultReorgMarginBlocks;

    /// <summary>
    /// The canonical TokenBridges on this chain: their large-transfer holds are indexed with the Mailbox (a delivery they held
    /// is reported Held until released) and, with <see cref="RelayerNetworkSettings.HoldClaims"/> on, claimed once mature.
    /// </summary>
    public IReadOnlyList<Address> TokenBridges { get; init; } = [];
}

/// <summary>
/// What a node's relayer network runs: the chains, the local validator keys (one Validator actor per key and origin),
/// each origin's validator set as the destination ISMs have it, where remote validators serve checkpoints, the relayer key
/// (one TxSender per destination chain), and the relay policy. Keys are never logged.
/// </summary>
public sealed record RelayerNetworkSettings
{
    public required IReadOnlyList<NetworkChain> Chains { get; init; }

    /// <summary>Validator keys this node signs with (may be empty: a relay-only node).</summary>
    public required IReadOnlyList<EthKey> ValidatorKeys { get; init; }

    /// <summary>The validator set and threshold per origin domain.</summary>
    public required IReadOnlyDictionary<uint, ValidatorSet> ValidatorSets { get; init; }

    /// <summary>Base URLs of other nodes serving <c>GET /v1/checkpoints/{origin}/{index}</c> (their validators' signatures).</summary>
    public IReadOnlyList<Uri> RemoteCheckpointEndpoints { get; init; } = [];

    /// <summary>The key that signs processBatch transactions; null for a validate-only node.</summary>
    public EthKey? RelayerKey { get; init; }

    public RelayerOptions Relay { get; init; } = new();

    /// <summary>How the relayer key's transactions are sent (one TxSender per destination chain).</summary>
    public NetworkTxSettings Transactions { get; init; } = new();

    /// <summary>Claiming users' matured TokenBridge holds on the chains with <see cref="NetworkChain.TokenBridges"/> (needs <see cref="RelayerKey"/>).</summary>
    public HoldClaimOptions HoldClaims { get; init; } = new();

    /// <summary>Time limit of one JSON-RPC request (a down endpoint fails a call after this).</summary>
    public TimeSpan RpcTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time limit of one question to an actor (checkpoint, status and admin queries).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems with these settings, each naming its field; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Chains.Count == 0) errors.Add("Chains: at least one chain is required");
        foreach (var duplicate in Chains.GroupBy(c => c.ChainId).Where(g => g.Count() > 1))
            errors.Add($"Chains: chain {duplicate.Key} appears {duplicate.Count()} times");
        for (var i = 0; i < Chains.Count; i++)
        {
            var c = Chains[i];
            if (c.Rpc.Count == 0) errors.Add($"Chains:{i}:Rpc: chain {c.ChainId} needs at least one endpoint");
            if (c.ConfirmationDepth < 0) errors.Add($"Chains:{i}:ConfirmationDepth must not be negative, got {c.ConfirmationDepth}");
            if (c.PollInterval <= TimeSpan.Zero) errors.Add($"Chains:{i}:PollInterval must be positive, got {c.PollInterval}");
            if (c.ReorgHistoryBlocks is { } history && history <= c.ConfirmationDepth)
                errors.Add($"Chains:{i}:ReorgHistoryBlocks must be greater than the confirmation depth {c.ConfirmationDepth}, got {history}");
        }
        if (RelayerKey is not null && Chains.Count > 1)
            foreach (var c in Chains.Where(c => !ValidatorSets.ContainsKey(c.ChainId)))
                errors.Add($"ValidatorSets: origin {c.ChainId} has no validator set (a relayer needs one per origin)");
        if (RpcTimeout <= TimeSpan.Zero) errors.Add($"RpcTimeout must be positive, got {RpcTimeout}");
        if (HoldClaims.RetryAfter <= TimeSpan.Zero) errors.Add($"HoldClaims:RetryAfter must be positive, got {HoldClaims.RetryAfter}");
        if (HoldClaims.ResendAfter <= TimeSpan.Zero) errors.Add($"HoldClaims:ResendAfter must be positive, got {HoldClaims.ResendAfter}");
        if (AskTimeout <= TimeSpan.Zero) errors.Add($"AskTimeout must be positive, got {AskTimeout}");
        try
        {
            Relay.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            errors.Add($"Relay:{e.ParamName}: {e.Message}");
        }
        return errors;
    }
}

/// <summary>How the relayer key's transactions are sent and replaced (see the TxSender).</summary>
public sealed record NetworkTxSettings
{
    /// <summary>A transaction without a receipt this long is re-signed with higher fees.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Also replace after this many new blocks without it (0: time only).</summary>
    public ulong StuckAfterBlocks { get; init; } = 5;

    /// <summary>How often pending transactions are checked.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>How the relayer network claims users' matured TokenBridge holds (<c>claim(holdId)</c>, which anyone may call).</summary>
public sealed record HoldClaimOptions
{
    /// <summary>Claim held transfers once their release time passed (default on); off: they stay Held until someone else claims them.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>After a failed claim (e.g. the route is cursed), the hold is read again and claimed again no sooner than this.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A claim the TxSender has not acknowledged within this is handed to it again under the same request id.</summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(10);
}
