using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Relayers.Persistence;
using Interop.Relayers.Watching;

namespace Interop.Relayers.Status;

/// <summary>What a route tells the StatusTracker about its messages (stages only a relayer knows: attested, submitted, failed, dropped, gas).</summary>
public interface IRouteProgress
{
    IReadOnlyList<Bytes32> Ids { get; }
}

/// <summary>A quorum signed a checkpoint covering these messages and a batch was built.</summary>
public sealed record MessagesAttested(IReadOnlyList<Bytes32> Ids) : IRouteProgress;

/// <summary>A processBatch transaction carrying these messages was broadcast (again, when replaced).</summary>
public sealed record MessagesSubmitted(IReadOnlyList<Bytes32> Ids, Bytes32 Transaction) : IRouteProgress;

/// <summary>
/// The batch transaction is confirmed: <paramref name="GasUsedEach"/> = receipt gasUsed / batch size. <see cref="Held"/>: the
/// ids among them whose delivery the receipt shows held by a TokenBridge (their stage comes from the watcher's logs, which carry the hold).
/// </summary>
public sealed record MessagesSettled(IReadOnlyList<Bytes32> Ids, Bytes32 Transaction, ulong Block, ulong GasUsedEach) : IRouteProgress
{
    public IReadOnlySet<Bytes32> Held { get; init; } = new HashSet<Bytes32>();
}

/// <summary>A delivery attempt failed for these messages.</summary>
public sealed record DeliveryAttemptFailed(IReadOnlyList<Bytes32> Ids, string Reason) : IRouteProgress;

/// <summary>The route will not deliver these messages (denylist, fee policy).</summary>
public sealed record MessagesDropped(IReadOnlyList<Bytes32> Ids, string Reason) : IRouteProgress;

/// <summary>Asks the tracker for one record; answered with <see cref="StatusAnswer"/>.</summary>
public sealed record GetMessageStatus(Bytes32 Id);

/// <summary>Asks for the records of an origin or delivery transaction; answered with <see cref="StatusAnswer"/>.</summary>
public sealed record FindMessagesByTransaction(Bytes32 TransactionHash);

/// <summary>Asks for the messages held by a TokenBridge on <paramref name="Destination"/> (stage Held); answered with <see cref="StatusAnswer"/>.</summary>
public sealed record GetHeldMessages(uint Destination);

/// <summary>Asks for up to <paramref name="Limit"/> records, newest first; answered with <see cref="StatusAnswer"/>.</summary>
public sealed record ListMessages(MessageStage? Stage, int Limit);

public sealed record StatusAnswer(IReadOnlyList<MessageRecord> Records);

/// <summary>What the StatusTracker persists: changed and removed records, with the watcher position when a chain event caused them.</summary>
[PersistedAs("status.records-changed.v1")]
public sealed record StatusRecordsChanged(uint? Chain, long? Position, IReadOnlyList<MessageRecord> Upserts, IReadOnlyList<Bytes32> Removed)
    : IPersistedMessage;

/// <summary>The StatusTracker's snapshot: every record and the watcher positions applied.</summary>
[PersistedAs("status.snapshot.v1")]
public sealed record StatusTrackerSnapshot(IReadOnlyList<MessageRecord> Records, ChainCursor Cursor) : IPersistedMessage;
