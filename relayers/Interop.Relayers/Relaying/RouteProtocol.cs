using Interop.Bridge.Relaying;
using Interop.Ethereum;
using Interop.Relayers.Persistence;
using Interop.Relayers.Watching;

namespace Interop.Relayers.Relaying;

/// <summary>Operator retry of message <paramref name="Nonce"/>; answered with <see cref="Network.AdminResult"/>.</summary>
public sealed record RetryMessage(ulong Nonce);

/// <summary>Relay-by-transaction of message <paramref name="Nonce"/> (<paramref name="Id"/>); answered with <see cref="Network.AdminResult"/>.</summary>
public sealed record RelayMessageNow(ulong Nonce, Bytes32 Id);

/// <summary>Replaces the route's denylist (persisted); answered with <see cref="DenylistReplaced"/>.</summary>
public sealed record ReplaceDenylist(Denylist Denylist);

public sealed record DenylistReplaced(Denylist Denylist, int Dropped);

/// <summary>Asks a route for its <see cref="RouteStatus"/>.</summary>
public sealed record GetRouteStatus
{
    public static readonly GetRouteStatus Instance = new();

    private GetRouteStatus()
    {
    }
}

public sealed record RouteStatus(uint Origin, uint Destination, int Pending, int Submitted, int Delivered, int Dropped, int InFlightBatches,
    string? HaltReason, Denylist Denylist);

/// <summary>A processBatch request handed to the TxSender: its id (deterministic per batch attempt), its messages and calldata.</summary>
public sealed record BatchRequest(string RequestId, IReadOnlyList<ulong> Nonces, byte[] Calldata);

/// <summary>
/// What a route persists: the core events decided from one watcher event (with chain and position) or one pipeline stage,
/// and the batch request it sent (<see cref="Sent"/>, persisted before the TxSender sees it) or finished (<see cref="Finished"/>).
/// </summary>
[PersistedAs("route.events.v1")]
public sealed record RouteEventsRecorded(uint? Chain, long? Position, IReadOnlyList<IRelayerEvent> Events, BatchRequest? Sent = null, string? Finished = null)
    : IPersistedMessage;

/// <summary>The denylist was replaced at runtime; <see cref="Events"/> drop the queued messages it now matches.</summary>
[PersistedAs("route.denylist-replaced.v1")]
public sealed record RouteDenylistRecorded(Denylist Denylist, IReadOnlyList<IRelayerEvent> Events) : IPersistedMessage;

/// <summary>
/// A route's snapshot: core state (pruned below its watermark, see <see cref="RouteSnapshot.PrunedBelow"/>), watcher positions,
/// unfinished batch requests, batch counter and the runtime denylist. The journal up to it is deleted once it is saved.
/// </summary>
[PersistedAs("route.snapshot.v2")]
public sealed record RouteActorSnapshot(RouteSnapshot State, ChainCursor Cursor, IReadOnlyList<BatchRequest> InFlight, long Batches, Denylist? Denylist)
    : IPersistedMessage;

/// <summary>
/// A route snapshot written before pruning (its state holds every leaf and message from 0, no pruning fields); read only, so a
/// node upgraded in place recovers from it. Newer snapshots are <see cref="RouteActorSnapshot"/> (<c>route.snapshot.v2</c>), which
/// an older node refuses by manifest rather than misreading.
/// </summary>
[PersistedAs("route.snapshot.v1")]
public sealed record RouteActorSnapshotV1(RouteSnapshot State, ChainCursor Cursor, IReadOnlyList<BatchRequest> InFlight, long Batches, Denylist? Denylist)
    : IPersistedMessage
{
    public RouteActorSnapshot Upgrade() => new(State, Cursor, InFlight, Batches, Denylist);
}
