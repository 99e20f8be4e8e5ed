using Interop.Ethereum;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Interop.Relayers.TxSending.Events;

namespace Interop.Relayers.TxSending.State;

/// <summary>The outcome of a finished request: confirmed (hash, nonce, receipt) or failed (reason).</summary>
public sealed record CompletedRequest(string RequestId, string? ReplyTo, Bytes32? Hash, ulong? Nonce, ReceiptSummary? Receipt, string? FailureReason)
{
    public static CompletedRequest Confirmed(string requestId, string? replyTo, Bytes32 hash, ulong nonce, ReceiptSummary receipt) =>
        new(requestId, replyTo, hash, nonce, receipt, null);

    public static CompletedRequest Failed(string requestId, string? replyTo, string reason) => new(requestId, replyTo, null, null, null, reason);

    /// <summary>The event that reports this outcome.</summary>
    public ITxSenderEvent ToEvent(ulong chainId) =>
        Receipt is { } receipt && Hash is { } hash && Nonce is { } nonce
            ? new TransactionConfirmed(chainId, RequestId, hash, nonce, receipt)
            : new TransactionFailed(chainId, RequestId, FailureReason ?? "failed");
}

/// <summary>
/// Finished requests remembered for idempotency, bounded: the oldest is forgotten first, so a request id reused long
/// after its outcome would be sent again (callers derive ids from what they deliver, which does not recur).
/// </summary>
public sealed class CompletedRequests
{
    private readonly ImmutableDictionary<string, CompletedRequest> _byId;
    private readonly ImmutableQueue<string> _order;

    private CompletedRequests(int capacity, ImmutableDictionary<string, CompletedRequest> byId, ImmutableQueue<string> order)
    {
        Capacity = capacity;
        _byId = byId;
        _order = order;
    }

    public static CompletedRequests Empty(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new(capacity, ImmutableDictionary.Create<string, CompletedRequest>(StringComparer.Ordinal), ImmutableQueue<string>.Empty);
    }

    public int Capacity { get; }

    public int Count => _byId.Count;

    /// <summary>Oldest first.</summary>
    public IEnumerable<CompletedRequest> Items => _order.Select(id => _byId[id]);

    public bool TryGet(string requestId, [MaybeNullWhen(false)] out CompletedRequest completed) => _byId.TryGetValue(requestId, out completed);

    /// <summary>Remembers <paramref name="completed"/>, forgetting the oldest beyond <see cref="Capacity"/>.</summary>
    public CompletedRequests Add(CompletedRequest completed)
    {
        if (_byId.ContainsKey(completed.RequestId)) return this;
        var byId = _byId.Add(completed.RequestId, completed);
        var order = _order.Enqueue(completed.RequestId);
        while (byId.Count > Capacity)
        {
            order = order.Dequeue(out var oldest);
            byId = byId.Remove(oldest);
        }
        return new CompletedRequests(Capacity, byId, order);
    }
}
