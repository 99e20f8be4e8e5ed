using Interop.Relayers.TxSending.Monitoring;
using static Interop.Relayers.Tests.Support.TxFactory;

namespace Interop.Relayers.Tests.TxSending.Monitoring;

public sealed class NonceReconciliationTests
{
    [Fact]
    public void A_fresh_sender_starts_at_the_chains_transaction_count()
    {
        var plan = NonceReconciliation.Plan([], latestNonce: 7, pendingNonce: 7);

        Assert.Equal(7ul, plan.NextNonce);
        Assert.Empty(plan.Rebroadcast);
        Assert.Null(plan.Warning);
    }

    [Fact]
    public void Unmined_pending_transactions_are_rebroadcast_in_nonce_order_and_the_next_nonce_follows_them()
    {
        var plan = NonceReconciliation.Plan([Pending("b", 6), Pending("a", 5)], latestNonce: 5, pendingNonce: 5);

        Assert.Equal(7ul, plan.NextNonce);
        Assert.Equal(["a", "b"], plan.Rebroadcast.Select(p => p.RequestId));
    }

    [Fact]
    public void Pending_transactions_whose_nonce_is_used_are_left_to_the_receipt_check_not_rebroadcast()
    {
        var plan = NonceReconciliation.Plan([Pending("mined", 3), Pending("waiting", 4)], latestNonce: 4, pendingNonce: 5);

        Assert.Equal(["waiting"], plan.Rebroadcast.Select(p => p.RequestId));
        Assert.Equal(5ul, plan.NextNonce);
    }

    [Fact]
    public void The_chain_wins_when_it_is_ahead_of_the_journal()
    {
        var plan = NonceReconciliation.Plan([Pending("a", 2)], latestNonce: 9, pendingNonce: 9);

        Assert.Equal(9ul, plan.NextNonce);
        Assert.Empty(plan.Rebroadcast);
        Assert.Null(plan.Warning);
    }

    [Fact]
    public void Foreign_pending_transactions_are_not_replaced_and_raise_a_warning()
    {
        var plan = NonceReconciliation.Plan([Pending("a", 5)], latestNonce: 5, pendingNonce: 9);

        Assert.Equal(9ul, plan.NextNonce);
        Assert.Contains("another process", plan.Warning);
    }

    [Fact]
    public void A_node_that_lost_our_pending_transactions_does_not_lower_the_next_nonce()
    {
        var plan = NonceReconciliation.Plan([Pending("a", 5), Pending("b", 6)], latestNonce: 5, pendingNonce: 5);

        Assert.Equal(7ul, plan.NextNonce);
        Assert.Equal(2, plan.Rebroadcast.Count);
    }
}
