using System.Collections.Immutable;

namespace Interop.Router.Status;

/// <summary>One status change and when the router saw it.</summary>
public sealed record StatusTransition(TransferStatus Status, DateTimeOffset At, string? Detail);

/// <summary>The status of one quote and what came of it (immutable; the store swaps whole records).</summary>
public sealed record TransferRecord
{
    public required string QuoteId { get; init; }
    public required ulong FromChain { get; init; }
    public required ulong ToChain { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required DateTimeOffset FillDeadline { get; init; }
    public required TransferStatus Status { get; init; }
    public ImmutableList<StatusTransition> History { get; init; } = [];
    public ImmutableList<string> TransactionHashes { get; init; } = [];
    /// <summary>Interchain message ids (0x hex) of the transfer's bridge steps.</summary>
    public ImmutableList<string> MessageIds { get; init; } = [];
    /// <summary>IntentPool orders the transfer opened (0x <c>abi.encode(order)</c>), for the fill/expiry/refund watcher.</summary>
    public ImmutableList<string> IntentOrders { get; init; } = [];
    /// <summary>Their order ids (0x hex), also accepted by GET /v1/status/{id}.</summary>
    public ImmutableList<string> IntentOrderIds { get; init; } = [];
    /// <summary>Latest stage of each message, from the relayer network's status source.</summary>
    public ImmutableDictionary<string, string> MessageStages { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// Moves towards <paramref name="status"/> through the refund branch's stages (FILLING -> EXPIRED -> REFUND_PENDING ->
    /// REFUNDED), so the history shows each even when one poll observes several at once.
    /// </summary>
    public TransferRecord WalkTo(TransferStatus status, DateTimeOffset at, string? detail = null)
    {
        var record = this;
        foreach (var step in new[] { TransferStatus.Expired, TransferStatus.RefundPending })
            if (status > step && status is TransferStatus.RefundPending or TransferStatus.Refunded && record.Status < step)
                record = record.MoveTo(step, at, detail);
        return record.MoveTo(status, at, detail);
    }

    /// <summary>This record moved to <paramref name="status"/>, or itself when the machine does not allow the move.</summary>
    public TransferRecord MoveTo(TransferStatus status, DateTimeOffset at, string? detail = null) =>
        TransferStatusMachine.CanMove(Status, status)
            ? this with { Status = status, History = History.Add(new StatusTransition(status, at, detail)) }
            : this;
}
