using Interop.Ethereum;

namespace Interop.Bridge.Relaying;

/// <summary>
/// The explicit outcome of a relay pipeline stage (prepare -> submit -> confirm), Hyperlane style: the caller acts on the
/// case, never on an exception.
/// </summary>
public abstract record RelayOutcome
{
    private RelayOutcome()
    {
    }

    /// <summary>Prepare succeeded: the batch is proven, signed by a quorum and simulates cleanly; submit it.</summary>
    public sealed record Success(DeliveryBatch Batch) : RelayOutcome;

    /// <summary>Nothing to do yet (no ready message, no quorum, halted); try again on the next tick.</summary>
    public sealed record NotReady(string Reason) : RelayOutcome;

    /// <summary>The attempt failed; its messages were rescheduled, the earliest for <see cref="After"/>.</summary>
    public sealed record Retry(DateTimeOffset After, string Reason) : RelayOutcome;

    /// <summary>Not worth sending (already delivered elsewhere, underpaid, denylisted).</summary>
    public sealed record Drop(string Reason) : RelayOutcome;

    /// <summary>The batch transaction was sent; its receipt decides each message.</summary>
    public sealed record Confirm(Bytes32 TransactionHash) : RelayOutcome;
}

/// <summary>A stage's outcome and the events the Relayer actor persists and applies (in order) before acting on it.</summary>
public sealed record StageResult(RelayOutcome Outcome, IReadOnlyList<IRelayerEvent> Events);

/// <summary>
/// One prepare round of several batches: the events every batch shares (deliveries read from the bitmap), then one result per
/// batch (Success, Retry with its failure event, NotReady or Drop).
/// </summary>
public sealed record PreparedRound(IReadOnlyList<IRelayerEvent> Events, IReadOnlyList<StageResult> Batches);
