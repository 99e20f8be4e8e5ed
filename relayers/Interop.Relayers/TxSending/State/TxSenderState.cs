using System.Collections.Immutable;
using Interop.Relayers.TxSending.Journal;

namespace Interop.Relayers.TxSending.State;

/// <summary>
/// A TxSender's state: requests waiting for a nonce, transactions holding one, and remembered outcomes. Immutable;
/// <see cref="Apply"/> is the only way events change it, both live and during recovery.
/// </summary>
public sealed record TxSenderState
{
    private TxSenderState(ImmutableList<TxRequest> queue, ImmutableSortedDictionary<ulong, PendingTransaction> pending, CompletedRequests completed, ulong? nextNonce)
    {
        Queue = queue;
        Pending = pending;
        Completed = completed;
        NextNonce = nextNonce;
    }

    /// <summary>Requests waiting for a nonce, in the order they get one (requeued requests go first).</summary>
    public ImmutableList<TxRequest> Queue { get; private init; }

    /// <summary>Signed, unconfirmed transactions by nonce.</summary>
    public ImmutableSortedDictionary<ulong, PendingTransaction> Pending { get; private init; }

    /// <summary>Remembered outcomes (bounded).</summary>
    public CompletedRequests Completed { get; private init; }

    /// <summary>The nonce the next new transaction takes; null until known (first signature or reconciliation).</summary>
    public ulong? NextNonce { get; private init; }

    public static TxSenderState Empty(int completedCapacity) =>
        new(ImmutableList<TxRequest>.Empty, ImmutableSortedDictionary<ulong, PendingTransaction>.Empty, CompletedRequests.Empty(completedCapacity), null);

    /// <summary>Where a request id stands.</summary>
    public RequestStanding Find(string requestId)
    {
        if (Queue.FirstOrDefault(r => r.RequestId == requestId) is { } queued) return new RequestStanding.Queued(queued);
        if (FindPending(requestId) is { } pending) return new RequestStanding.Pending(pending);
        if (Completed.TryGet(requestId, out var completed)) return new RequestStanding.Completed(completed);
        return RequestStanding.Unknown.Instance;
    }

    public PendingTransaction? FindPending(string requestId) => Pending.Values.FirstOrDefault(p => p.RequestId == requestId);

    /// <summary>
    /// Moves <see cref="NextNonce"/> up to <paramref name="chainNonce"/> (the signer's transaction count): nonces below it
    /// are used, whoever used them. Not an event: it is re-learned from the chain after every restart.
    /// </summary>
    public TxSenderState WithChainNonce(ulong chainNonce) =>
        NextNonce is { } next && next >= chainNonce ? this : this with { NextNonce = chainNonce };

    /// <summary>
    /// Sets <see cref="NextNonce"/> to the one start-up reconciliation chose: after a restart the chain, not the journal,
    /// says which nonces are used (the journal can be ahead of a chain that was reset or reorganised).
    /// </summary>
    public TxSenderState ReconciledTo(ulong nextNonce) => this with { NextNonce = nextNonce };

    /// <summary>The state after <paramref name="e"/>. Applying an event twice changes nothing the second time.</summary>
    public TxSenderState Apply(ITxSenderJournalEvent e) => e switch
    {
        RequestQueued q => Find(q.RequestId) is RequestStanding.Unknown ? this with { Queue = Queue.Add(q.Request) } : this,
        AttemptSigned s => ApplySigned(s),
        RequestRequeued r => FindPending(r.RequestId) is { } p && p.Nonce == r.Nonce
            ? this with { Pending = Pending.Remove(p.Nonce), Queue = Queue.Insert(0, p.Request) }
            : this,
        RequestConfirmed c => FindPending(c.RequestId) is { } p
            ? this with
            {
                Pending = Pending.Remove(p.Nonce),
                Completed = Completed.Add(CompletedRequest.Confirmed(c.RequestId, p.Request.ReplyTo, c.Hash, c.Nonce, c.Receipt)),
            }
            : this,
        RequestFailed f => Find(f.RequestId) switch
        {
            RequestStanding.Queued q => this with
            {
                Queue = Queue.Remove(q.Request),
                Completed = Completed.Add(CompletedRequest.Failed(f.RequestId, q.Request.ReplyTo, f.Reason)),
            },
            _ => this,
        },
        _ => throw new ArgumentException($"unknown TxSender event {e.GetType().Name}", nameof(e)),
    };

    private TxSenderState ApplySigned(AttemptSigned s)
    {
        if (Pending.TryGetValue(s.Nonce, out var existing))
        {
            if (existing.RequestId != s.RequestId)
                throw new InvalidOperationException($"nonce {s.Nonce} is held by {existing.RequestId}, cannot sign {s.RequestId} with it");
            if (existing.Attempts.Any(a => a.Hash == s.Attempt.Hash)) return this;
            return this with { Pending = Pending.SetItem(s.Nonce, existing with { Attempts = existing.Attempts.Add(s.Attempt) }) };
        }
        var request = Queue.FirstOrDefault(r => r.RequestId == s.RequestId);
        if (request is null) return this; // already finished: a late duplicate
        return this with
        {
            Queue = Queue.Remove(request),
            Pending = Pending.Add(s.Nonce, new PendingTransaction(request, s.Nonce, s.GasLimit, [s.Attempt])),
            NextNonce = NextNonce is { } next && next > s.Nonce ? next : s.Nonce + 1,
        };
    }

    public TxSenderSnapshot ToSnapshot() => new([.. Queue], [.. Pending.Values], [.. Completed.Items], NextNonce);

    public static TxSenderState FromSnapshot(TxSenderSnapshot snapshot, int completedCapacity)
    {
        var completed = CompletedRequests.Empty(completedCapacity);
        foreach (var c in snapshot.Completed) completed = completed.Add(c);
        return new TxSenderState(
            [.. snapshot.Queue],
            snapshot.Pending.ToImmutableSortedDictionary(p => p.Nonce, p => p),
            completed,
            snapshot.NextNonce);
    }
}

/// <summary>Where a request id stands in a <see cref="TxSenderState"/>.</summary>
public abstract record RequestStanding
{
    private RequestStanding()
    {
    }

    public sealed record Unknown : RequestStanding
    {
        public static readonly Unknown Instance = new();

        private Unknown()
        {
        }
    }

    public sealed record Queued(TxRequest Request) : RequestStanding;

    public sealed record Pending(PendingTransaction Transaction) : RequestStanding;

    public sealed record Completed(CompletedRequest Outcome) : RequestStanding;
}
