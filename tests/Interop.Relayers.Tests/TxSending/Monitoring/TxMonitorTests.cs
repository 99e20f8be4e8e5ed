using Interop.Relayers.TxSending.Fees;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending.Monitoring;
using static Interop.Relayers.Tests.Support.TxFactory;

namespace Interop.Relayers.Tests.TxSending.Monitoring;

public sealed class TxMonitorTests
{
    [Fact]
    public void A_transaction_is_confirmed_once_its_block_is_buried_under_the_depth()
    {
        var tx = Pending("a", 0);

        var shallow = TxMonitor.Decide([tx], Observation(head: 11, 1, 0, (tx.Latest.Hash, 10)), T0, NoBroadcasts, Options);
        var deep = TxMonitor.Decide([tx], Observation(head: 12, 1, 1, (tx.Latest.Hash, 10)), T0, NoBroadcasts, Options);

        Assert.Empty(shallow);
        var confirm = Assert.IsType<PendingAction.Confirm>(Assert.Single(deep));
        Assert.Equal(tx.Latest.Hash, confirm.Hash);
        Assert.Equal(10ul, confirm.Receipt.BlockNumber);
    }

    [Fact]
    public void An_earlier_attempt_that_was_mined_is_the_one_confirmed()
    {
        var tx = Pending("a", 0, Attempt(1), Attempt(2, new Eip1559Fees(33_000_000_000, 1_100_000_000)));

        var action = TxMonitor.Decide([tx], Observation(20, 1, 1, (Hash(1), 10)), T0.AddHours(1), NoBroadcasts, Options);

        Assert.Equal(Hash(1), Assert.IsType<PendingAction.Confirm>(Assert.Single(action)).Hash);
    }

    [Fact]
    public void A_mined_transaction_is_never_replaced_while_it_waits_for_depth()
    {
        var tx = Pending("a", 0);

        var actions = TxMonitor.Decide([tx], Observation(head: 200, 1, 0, (tx.Latest.Hash, 199)), T0.AddHours(1), NoBroadcasts,
            Options with { ConfirmationDepth = 5 });

        Assert.Empty(actions);
    }

    [Fact]
    public void A_nonce_used_at_confirmed_depth_without_any_of_our_hashes_is_requeued()
    {
        var tx = Pending("a", 3, Attempt(1), Attempt(2));

        var action = TxMonitor.Decide([tx], Observation(head: 50, latestNonce: 4, confirmedNonce: 4), T0, NoBroadcasts, Options);

        Assert.Contains("nonce 3 was used by another transaction", Assert.IsType<PendingAction.Requeue>(Assert.Single(action)).Reason);
    }

    [Fact]
    public void A_nonce_used_only_above_confirmed_depth_is_waited_on_not_requeued()
    {
        // Our receipt may just not be visible yet, or the block may be reorged away: wait for depth before judging.
        var tx = Pending("a", 3);

        var actions = TxMonitor.Decide([tx], Observation(head: 50, latestNonce: 4, confirmedNonce: 3), T0.AddHours(1), NoBroadcasts, Options);

        Assert.Empty(actions);
    }

    [Fact]
    public void A_transaction_without_receipt_is_replaced_after_the_stuck_time()
    {
        var tx = Pending("a", 0, Attempt(1, at: T0, block: 100));

        var early = TxMonitor.Decide([tx], Observation(101, 0, 0), T0.AddSeconds(59), NoBroadcasts, Options);
        var late = TxMonitor.Decide([tx], Observation(101, 0, 0), T0.AddSeconds(60), NoBroadcasts, Options);

        Assert.Empty(early);
        var replace = Assert.IsType<PendingAction.Replace>(Assert.Single(late));
        Assert.Equal(33_000_000_000, replace.Fees.MaxFeePerGas);
        Assert.Equal(1_100_000_000, replace.Fees.MaxPriorityFeePerGas);
    }

    [Fact]
    public void A_transaction_without_receipt_is_replaced_after_the_stuck_block_count()
    {
        var tx = Pending("a", 0, Attempt(1, at: T0, block: 100));

        Assert.Empty(TxMonitor.Decide([tx], Observation(104, 0, 0), T0, NoBroadcasts, Options));
        Assert.IsType<PendingAction.Replace>(Assert.Single(TxMonitor.Decide([tx], Observation(105, 0, 0), T0, NoBroadcasts, Options)));
    }

    [Fact]
    public void A_transaction_stuck_at_the_fee_cap_is_rebroadcast_at_most_once_per_stuck_interval()
    {
        var capped = new Eip1559Fees(TxFactory.Fees.MaxFeePerGas * 3, TxFactory.Fees.MaxPriorityFeePerGas * 3);
        var tx = Pending("a", 0, Attempt(1), Attempt(2, capped, T0.AddMinutes(5)));
        var now = T0.AddMinutes(10);

        var due = TxMonitor.Decide([tx], Observation(101, 0, 0), now, NoBroadcasts, Options);
        var throttled = TxMonitor.Decide([tx], Observation(101, 0, 0), now, NoBroadcasts.Add("a", now.AddSeconds(-10)), Options);

        Assert.IsType<PendingAction.Rebroadcast>(Assert.Single(due));
        Assert.Empty(throttled);
    }
}
