using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Relayers.Persistence;

namespace Interop.Relayers.Filling;

/// <summary>An event of a filler's journal.</summary>
public interface IFillerEvent : IPersistedMessage;

/// <summary>An order seen opened on the origin at <paramref name="Block"/>.</summary>
public sealed record ObservedOrder(IntentOrder Order, ulong Block);

/// <summary>The origin was scanned up to <paramref name="ToBlock"/>: new orders for this route, and orders repaid to this filler.</summary>
[PersistedAs("filler.logs-scanned.v1")]
public sealed record FillerLogsScanned(ulong ToBlock, IReadOnlyList<ObservedOrder> Opened, IReadOnlyList<Bytes32> Repaid) : IFillerEvent;

/// <summary>The filler committed to fill: journaled before the fill goes to the TxSender (request id <c>fill:{orderId}</c>).</summary>
[PersistedAs("filler.fill-started.v1")]
public sealed record FillStarted(Bytes32 OrderId) : IFillerEvent;

/// <summary>The fill's transaction was mined (or will never be): <paramref name="Succeeded"/> false releases the order.</summary>
[PersistedAs("filler.fill-finished.v1")]
public sealed record FillFinished(Bytes32 OrderId, bool Succeeded, Bytes32? TransactionHash, ulong Block, DateTimeOffset At, string? Error) : IFillerEvent;

/// <summary>The filler will never fill this order (unprofitable, deadline, filled by someone else).</summary>
[PersistedAs("filler.order-dropped.v1")]
public sealed record OrderDropped(Bytes32 OrderId, string Reason) : IFillerEvent;

/// <summary>A settle(origin, ids) batch: journaled before it goes to the TxSender (request id from <see cref="FillerState.SettleRequestId"/>).</summary>
[PersistedAs("filler.settlement-started.v1")]
public sealed record SettlementStarted(long Batch, IReadOnlyList<Bytes32> OrderIds, System.Numerics.BigInteger Fee) : IFillerEvent;

/// <summary>The settle transaction was mined (or failed before it was sent).</summary>
[PersistedAs("filler.settlement-finished.v1")]
public sealed record SettlementFinished(long Batch, bool Succeeded, DateTimeOffset At, string? Error) : IFillerEvent;

/// <summary>A fill that landed and waits to be put in a settlement batch.</summary>
public sealed record UnsettledFill(IntentOrder Order, DateTimeOffset At, ulong Block);

/// <summary>A fill that landed and is not repaid on the origin yet.</summary>
public sealed record OutstandingFill(IntentOrder Order, ulong Block);

/// <summary>An order id the filler has handled, with its fill deadline (unix seconds).</summary>
public sealed record SeenOrder(Bytes32 OrderId, uint FillDeadline);

/// <summary>A filler's whole state (<see cref="FillerState.ToSnapshot"/>); the journal before it is deleted.</summary>
[PersistedAs("filler.snapshot.v1")]
public sealed record FillerSnapshot(
    ulong NextBlock,
    long NextBatch,
    int FilledCount,
    int RepaidCount,
    IReadOnlyList<ObservedOrder> Open,
    IReadOnlyList<IntentOrder> Filling,
    IReadOnlyList<UnsettledFill> Unsettled,
    IReadOnlyList<SettlementStarted> Settling,
    IReadOnlyList<OutstandingFill> Outstanding,
    IReadOnlyList<SeenOrder> Seen) : IPersistedMessage;
