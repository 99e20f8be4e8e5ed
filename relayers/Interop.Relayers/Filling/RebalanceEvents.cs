using System.Numerics;
using Interop.Ethereum;
using Interop.Relayers.Persistence;

namespace Interop.Relayers.Filling;

/// <summary>An event of the rebalancer's journal.</summary>
public interface IRebalanceEvent : IPersistedMessage;

/// <summary>
/// The rebalancer committed to a move: journaled before anything is sent. Its request ids are <see cref="RebalanceState.MoveId"/>
/// (the transfer) and that plus <c>:approve</c>; arrival is looked for in the destination bridge's <c>TransferReceived</c>
/// logs from <paramref name="DestinationFromBlock"/> (the block after the destination's head at the decision).
/// </summary>
[PersistedAs("rebalancer.move-started.v1")]
public sealed record RebalanceStarted(long Number, string Symbol, uint From, uint To, BigInteger Amount, ulong DestinationFromBlock) : IRebalanceEvent;

/// <summary>The approve of the source bridge was mined.</summary>
[PersistedAs("rebalancer.move-approved.v1")]
public sealed record RebalanceApproved(string MoveId) : IRebalanceEvent;

/// <summary>The transferRemote was mined on the source in <paramref name="Block"/>.</summary>
[PersistedAs("rebalancer.move-sent.v1")]
public sealed record RebalanceSent(string MoveId, Bytes32 TransactionHash, ulong Block) : IRebalanceEvent;

/// <summary>
/// The destination bridge held the move (it is above its <c>largeTransferThreshold</c>): it logged
/// <c>TransferHeld(<paramref name="HoldId"/>, from, filler, amount, <paramref name="ReleaseAt"/>)</c> in <paramref name="Block"/>.
/// The move stays in flight (incoming on the destination) until <c>claim(holdId)</c> releases it, which logs the
/// <c>TransferReceived</c> that ends it; the claim's request id is <see cref="RebalanceState.ClaimId"/>.
/// </summary>
[PersistedAs("rebalancer.move-held.v1")]
public sealed record RebalanceHeld(string MoveId, BigInteger HoldId, ulong ReleaseAt, ulong Block) : IRebalanceEvent;

/// <summary>The move ended: arrived on the destination in <paramref name="Block"/>, or failed (<paramref name="Error"/>) and nothing left the source.</summary>
[PersistedAs("rebalancer.move-finished.v1")]
public sealed record RebalanceFinished(string MoveId, bool Arrived, ulong Block, string? Error) : IRebalanceEvent;

/// <summary>A move in flight as a snapshot keeps it (<see cref="RebalanceMove"/> without its derived id and stage).</summary>
public sealed record RebalanceMoveSnapshot(RebalanceStarted Started, bool Approved, ulong? SentBlock, RebalanceHold? Hold);

/// <summary>The rebalancer's whole state (<see cref="RebalanceState.ToSnapshot"/>); the journal before it is deleted.</summary>
[PersistedAs("rebalancer.snapshot.v1")]
public sealed record RebalancerSnapshot(long NextNumber, int Arrived, int Failed, int Held, IReadOnlyList<RebalanceMoveSnapshot> InFlight) : IPersistedMessage;
