using System.Collections.Immutable;

namespace Interop.Router.Status;

/// <summary>Where a quoted transfer stands (ARCHITECTURE §6); serialized in SCREAMING_SNAKE_CASE.</summary>
public enum TransferStatus
{
    Quoted,
    Submitted,
    OriginConfirmed,
    Filling,
    Filled,
    Partial,
    Expired,
    RefundPending,
    Refunded,
}

/// <summary>
/// The monotonic status machine: QUOTED -> SUBMITTED -> ORIGIN_CONFIRMED -> FILLING -> FILLED | PARTIAL, or
/// EXPIRED -> REFUND_PENDING -> REFUNDED. A move is accepted when the target is reachable from the current status
/// (stages may be skipped: a fast chain can confirm before we saw SUBMITTED); anything else is ignored, so late or
/// duplicate observations can never move a transfer backwards.
/// </summary>
public static class TransferStatusMachine
{
    private static readonly ImmutableDictionary<TransferStatus, TransferStatus[]> Next = new Dictionary<TransferStatus, TransferStatus[]>
    {
        [TransferStatus.Quoted] = [TransferStatus.Submitted, TransferStatus.Expired],
        [TransferStatus.Submitted] = [TransferStatus.OriginConfirmed, TransferStatus.Expired],
        [TransferStatus.OriginConfirmed] = [TransferStatus.Filling, TransferStatus.Filled, TransferStatus.Partial, TransferStatus.Expired],
        [TransferStatus.Filling] = [TransferStatus.Filled, TransferStatus.Partial, TransferStatus.Expired],
        [TransferStatus.Filled] = [],
        [TransferStatus.Partial] = [],
        [TransferStatus.Expired] = [TransferStatus.RefundPending],
        [TransferStatus.RefundPending] = [TransferStatus.Refunded],
        [TransferStatus.Refunded] = [],
    }.ToImmutableDictionary();

    /// <summary>True when <paramref name="to"/> is strictly after <paramref name="from"/> in the machine.</summary>
    public static bool CanMove(TransferStatus from, TransferStatus to)
    {
        foreach (var next in Next[from])
            if (next == to || CanMove(next, to)) return true;
        return false;
    }

    /// <summary>No move leaves this status.</summary>
    public static bool IsTerminal(TransferStatus status) => Next[status].Length == 0;

    /// <summary>The wire name, e.g. ORIGIN_CONFIRMED.</summary>
    public static string WireName(TransferStatus status) => status switch
    {
        TransferStatus.Quoted => "QUOTED",
        TransferStatus.Submitted => "SUBMITTED",
        TransferStatus.OriginConfirmed => "ORIGIN_CONFIRMED",
        TransferStatus.Filling => "FILLING",
        TransferStatus.Filled => "FILLED",
        TransferStatus.Partial => "PARTIAL",
        TransferStatus.Expired => "EXPIRED",
        TransferStatus.RefundPending => "REFUND_PENDING",
        TransferStatus.Refunded => "REFUNDED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
