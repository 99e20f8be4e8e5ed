using Interop.Bridge.Intents;
using static Interop.Bridge.Intents.IntentPoolAbi;

namespace Interop.Router.Status;

/// <summary>What the chains say about one intent order of a transfer.</summary>
/// <param name="Fill">The destination's <c>fills(id).status</c>.</param>
/// <param name="Deposit">The origin's <c>deposits(id).status</c>.</param>
/// <param name="DestinationTime">The destination's latest block timestamp (the clock <c>fill</c> and <c>cancel</c> are judged by).</param>
public sealed record IntentObservation(IntentOrder Order, FillStatus Fill, DepositStatus Deposit, long DestinationTime);

/// <summary>Where an intent transfer stands and which orders the executor must cancel now.</summary>
public sealed record IntentVerdict(TransferStatus Status, string Detail, IReadOnlyList<IntentOrder> ToCancel);

/// <summary>
/// The intent branch of the status machine (pure): FILLED when every order is filled on the destination; an unfilled
/// order past its fillDeadline is EXPIRED and must be cancelled; cancelled on the destination = REFUND_PENDING; the
/// origin's escrow refunded = REFUNDED; some orders filled and the rest refunded = PARTIAL; otherwise still FILLING.
/// </summary>
public static class IntentStatusRules
{
    public static IntentVerdict Evaluate(IReadOnlyList<IntentObservation> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count == 0) throw new ArgumentException("an intent transfer has at least one order", nameof(orders));
        int filled = 0, open = 0, expired = 0, pending = 0, refunded = 0;
        var toCancel = new List<IntentOrder>();
        foreach (var o in orders)
        {
            if (o.Deposit == DepositStatus.Refunded) refunded++;
            else if (o.Fill is FillStatus.Filled or FillStatus.SettlementSent || o.Deposit == DepositStatus.Settled) filled++;
            else if (o.Fill == FillStatus.Cancelled) pending++;
            else if (o.DestinationTime > o.Order.FillDeadline)
            {
                expired++;
                toCancel.Add(o.Order);
            }
            else open++;
        }
        var n = orders.Count;
        if (filled == n) return new IntentVerdict(TransferStatus.Filled, n == 1 ? "filled on the destination" : $"all {n} orders filled", []);
        if (open > 0) return new IntentVerdict(TransferStatus.Filling, $"{filled} of {n} orders filled, {open} open", toCancel);
        if (filled > 0 && refunded == n - filled) return new IntentVerdict(TransferStatus.Partial, $"{filled} of {n} orders filled, {refunded} refunded", []);
        if (expired > 0) return new IntentVerdict(TransferStatus.Expired, "not filled by the fill deadline; cancelling on the destination", toCancel);
        if (pending > 0) return new IntentVerdict(TransferStatus.RefundPending, "cancelled on the destination; the refund message is on its way to the origin", []);
        return new IntentVerdict(TransferStatus.Refunded, "refunded on the origin", []);
    }
}
