using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Ethereum;

namespace Interop.Relayers.Network;

/// <summary>
/// The running relayer network of one node (watchers, validators, relayers, tx senders, status tracker) as the host and
/// its HTTP endpoints see it. Every method is safe to call concurrently; answers come from the actors (Ask), never from
/// shared mutable state.
/// </summary>
public interface IRelayerNetwork : IMessageStatusSource, IAsyncDisposable
{
    /// <summary>True once every chain watcher indexed up to its confirmed head at least once since start.</summary>
    bool IsReady { get; }

    /// <summary>Every signature this node's validators gave for checkpoint <paramref name="index"/> of <paramref name="origin"/> (empty when none).</summary>
    Task<IReadOnlyList<SignedCheckpoint>> GetCheckpointsAsync(uint origin, uint index, CancellationToken cancellationToken = default);

    /// <summary>The highest checkpoint of <paramref name="origin"/> each local validator signed.</summary>
    Task<IReadOnlyList<SignedCheckpoint>> GetLatestCheckpointsAsync(uint origin, CancellationToken cancellationToken = default);

    /// <summary>Makes a failed, dropped or backing-off message ready for delivery now (ignores the denylist only if it was removed from it).</summary>
    Task<AdminResult> RetryAsync(Bytes32 messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Looks up <paramref name="transactionHash"/> on <paramref name="chainId"/> and queues every Dispatched message in it
    /// (for a message the watcher missed or that another node's relayer should deliver).
    /// </summary>
    Task<AdminResult> RelayTransactionAsync(uint chainId, Bytes32 transactionHash, CancellationToken cancellationToken = default);

    /// <summary>The denylist every route applies.</summary>
    Denylist Denylist { get; }

    /// <summary>Replaces the denylist (persisted); queued messages it now matches are dropped, ones it no longer matches are not revived (use retry).</summary>
    Task<Denylist> SetDenylistAsync(Denylist denylist, CancellationToken cancellationToken = default);
}

/// <summary>The answer to an admin command: whether it was done, and what happened in words an operator can act on.</summary>
public sealed record AdminResult(AdminResultKind Kind, string Detail, IReadOnlyList<Bytes32>? MessageIds = null);

public enum AdminResultKind
{
    /// <summary>Done.</summary>
    Accepted,

    /// <summary>No such message or transaction (HTTP 404).</summary>
    NotFound,

    /// <summary>Nothing to do or not allowed in the current state, e.g. already delivered (HTTP 409).</summary>
    Conflict,
}
