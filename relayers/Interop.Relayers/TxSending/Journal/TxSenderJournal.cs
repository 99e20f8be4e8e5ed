using Interop.Ethereum;
using Interop.Relayers.Persistence;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.State;

namespace Interop.Relayers.TxSending.Journal;

/// <summary>An event in a TxSender's journal; the sender's state is the fold of these.</summary>
public interface ITxSenderJournalEvent : IPersistedMessage
{
    string RequestId { get; }
}

/// <summary>A request was accepted and waits for a nonce.</summary>
[PersistedAs("tx-sender.request-queued.v1")]
public sealed record RequestQueued(TxRequest Request) : ITxSenderJournalEvent
{
    public string RequestId => Request.RequestId;
}

/// <summary>
/// A transaction was signed for a request: its first (taking <paramref name="Nonce"/>) or a fee-escalated replacement
/// with the same nonce. Persisted before it is broadcast, so no broadcast transaction is ever unknown after a crash.
/// </summary>
[PersistedAs("tx-sender.attempt-signed.v1")]
public sealed record AttemptSigned(string RequestId, ulong Nonce, ulong GasLimit, TxAttempt Attempt) : ITxSenderJournalEvent;

/// <summary>The request's nonce was used by a transaction that is not ours; it waits for a fresh nonce again.</summary>
[PersistedAs("tx-sender.request-requeued.v1")]
public sealed record RequestRequeued(string RequestId, ulong Nonce, string Reason) : ITxSenderJournalEvent;

/// <summary>One of the request's transactions is mined under the confirmation depth.</summary>
[PersistedAs("tx-sender.request-confirmed.v1")]
public sealed record RequestConfirmed(string RequestId, ulong Nonce, Bytes32 Hash, ReceiptSummary Receipt) : ITxSenderJournalEvent;

/// <summary>The request will not be sent (before it took a nonce).</summary>
[PersistedAs("tx-sender.request-failed.v1")]
public sealed record RequestFailed(string RequestId, string Reason) : ITxSenderJournalEvent;

/// <summary>A TxSender's whole state at one sequence number.</summary>
[PersistedAs("tx-sender.snapshot.v1")]
public sealed record TxSenderSnapshot(
    IReadOnlyList<TxRequest> Queue,
    IReadOnlyList<PendingTransaction> Pending,
    IReadOnlyList<CompletedRequest> Completed,
    ulong? NextNonce) : IPersistedMessage;
