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
    /// <summary>Latest stage of each message, from the relayer network's status source.</summary>
    public ImmutableDictionary<string, string> MessageStages { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>This record moved to <paramref name="status"/>, or itself when the machine does not allow the move.</summary>
    public TransferRecord MoveTo(TransferStatus status, DateTimeOffset at, string? detail = null) =>
        TransferStatusMachine.CanMove(Status, status)
            ? this with { Status = status, History = History.Add(new StatusTransition(status, at, detail)) }
            : this;
}
