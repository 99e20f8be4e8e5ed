using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Router.Status;
using static Interop.Bridge.Intents.IntentPoolAbi;

namespace Interop.Router.Tests.Status;

public sealed class IntentStatusRulesTests
{
    private const uint Deadline = 1_000;

    private static IntentOrder Order(int salt) => new(901, 902, Address.Zero, Address.Zero, Address.Zero, 100, Address.Zero, 99, Deadline, Address.Zero, 0, salt);

    private static IntentObservation Seen(int salt, FillStatus fill, DepositStatus deposit = DepositStatus.Open, long now = Deadline) => new(Order(salt), fill, deposit, now);

    [Fact]
    public void An_unfilled_order_is_filling_up_to_its_deadline_and_expired_one_second_after()
    {
        Assert.Equal(TransferStatus.Filling, IntentStatusRules.Evaluate([Seen(1, FillStatus.None, now: Deadline)]).Status);
        var expired = IntentStatusRules.Evaluate([Seen(1, FillStatus.None, now: Deadline + 1)]);
        Assert.Equal(TransferStatus.Expired, expired.Status);
        Assert.Equal(Order(1), Assert.Single(expired.ToCancel));
    }

    [Fact]
    public void A_filled_order_is_filled_even_after_its_deadline()
    {
        Assert.Equal(TransferStatus.Filled, IntentStatusRules.Evaluate([Seen(1, FillStatus.Filled, now: Deadline + 50)]).Status);
        Assert.Equal(TransferStatus.Filled, IntentStatusRules.Evaluate([Seen(1, FillStatus.SettlementSent)]).Status);
        Assert.Empty(IntentStatusRules.Evaluate([Seen(1, FillStatus.Filled, now: Deadline + 50)]).ToCancel);
    }

    [Fact]
    public void Cancelled_is_refund_pending_until_the_origin_refunds()
    {
        Assert.Equal(TransferStatus.RefundPending, IntentStatusRules.Evaluate([Seen(1, FillStatus.Cancelled, now: Deadline + 5)]).Status);
        Assert.Equal(TransferStatus.Refunded, IntentStatusRules.Evaluate([Seen(1, FillStatus.Cancelled, DepositStatus.Refunded, Deadline + 5)]).Status);
    }

    [Fact]
    public void Split_orders_are_filled_only_when_all_are_and_partial_when_the_rest_were_refunded()
    {
        Assert.Equal(TransferStatus.Filling, IntentStatusRules.Evaluate([Seen(1, FillStatus.Filled), Seen(2, FillStatus.None)]).Status);
        Assert.Equal(TransferStatus.Filled, IntentStatusRules.Evaluate([Seen(1, FillStatus.Filled), Seen(2, FillStatus.Filled)]).Status);
        var mixed = IntentStatusRules.Evaluate([Seen(1, FillStatus.Filled, now: Deadline + 1), Seen(2, FillStatus.None, now: Deadline + 1)]);
        Assert.Equal(TransferStatus.Expired, mixed.Status);
        Assert.Equal(Order(2), Assert.Single(mixed.ToCancel));
        Assert.Equal(TransferStatus.Partial,
            IntentStatusRules.Evaluate([Seen(1, FillStatus.Filled), Seen(2, FillStatus.Cancelled, DepositStatus.Refunded)]).Status);
    }

    [Fact]
    public void Walking_to_refunded_records_every_stage_of_the_refund_branch()
    {
        var at = DateTimeOffset.UnixEpoch;
        var record = new TransferRecord
        {
            QuoteId = "q", FromChain = 901, ToChain = 902, ExpiresAt = at, FillDeadline = at, Status = TransferStatus.Filling,
        };
        var walked = record.WalkTo(TransferStatus.Refunded, at);
        Assert.Equal([TransferStatus.Expired, TransferStatus.RefundPending, TransferStatus.Refunded], walked.History.Select(h => h.Status));
        Assert.Same(walked, walked.WalkTo(TransferStatus.RefundPending, at));   // never backwards
        Assert.Equal([TransferStatus.Filled], record.WalkTo(TransferStatus.Filled, at).History.Select(h => h.Status));
    }
}
