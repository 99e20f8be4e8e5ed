using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Relayers.Filling;

namespace Interop.Relayers.Tests.Filling;

public sealed class FillerStateTests
{
    private static readonly Address A = Address.Parse("0x0000000000000000000000000000000000000a01");
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_000_000);

    private static IntentOrder Order(int salt) => new(901, 902, A, A, A, 1_000, A, 990, 2_000_000, Address.Zero, 0, salt);

    [Fact]
    public void An_order_seen_again_after_it_was_filled_is_not_opened_again()
    {
        var state = new FillerState();
        var order = Order(1);
        state.Apply(new FillerLogsScanned(10, [new ObservedOrder(order, 5)], []));
        state.Apply(new FillStarted(order.Id));
        state.Apply(new FillFinished(order.Id, true, null, 6, T0, null));
        state.Apply(new FillerLogsScanned(10, [new ObservedOrder(order, 5)], []));   // a re-scan after a restart
        Assert.Empty(state.Open);
        Assert.Equal(1, state.FilledCount);
        Assert.Equal(11ul, state.NextBlock);
    }

    [Fact]
    public void A_settlement_is_due_at_the_batch_size_or_after_the_wait()
    {
        var state = new FillerState();
        var orders = Enumerable.Range(1, 3).Select(Order).ToList();
        state.Apply(new FillerLogsScanned(10, orders.Select(o => new ObservedOrder(o, 5)).ToList(), []));
        foreach (var o in orders)
        {
            state.Apply(new FillStarted(o.Id));
            state.Apply(new FillFinished(o.Id, true, null, 6, T0, null));
        }
        Assert.Null(state.DueSettlement(T0.AddSeconds(4), maxBatch: 4, TimeSpan.FromSeconds(5)));
        Assert.Equal(3, state.DueSettlement(T0.AddSeconds(5), maxBatch: 4, TimeSpan.FromSeconds(5))!.Count);
        Assert.Equal(3, state.DueSettlement(T0, maxBatch: 3, TimeSpan.FromSeconds(5))!.Count);
        Assert.Equal(2, state.DueSettlement(T0, maxBatch: 2, TimeSpan.FromSeconds(5))!.Count);
    }

    [Fact]
    public void A_failed_settlement_puts_its_fills_back_and_a_repayment_ends_the_exposure()
    {
        var state = new FillerState();
        var order = Order(1);
        state.Apply(new FillerLogsScanned(10, [new ObservedOrder(order, 5)], []));
        state.Apply(new FillStarted(order.Id));
        Assert.Equal(990, state.Exposure);
        state.Apply(new FillFinished(order.Id, true, null, 6, T0, null));
        state.Apply(new SettlementStarted(state.NextBatch, [order.Id], 1));
        Assert.Equal(0, state.UnsettledCount);
        state.Apply(new SettlementFinished(1, false, T0, "reverted"));
        Assert.Equal(1, state.UnsettledCount);
        state.Apply(new SettlementStarted(state.NextBatch, [order.Id], 1));
        Assert.Equal(2, state.NextBatch - 1);
        state.Apply(new SettlementFinished(2, true, T0, null));
        Assert.Equal(990, state.Exposure);
        state.Apply(new FillerLogsScanned(20, [], [order.Id]));
        Assert.Equal(0, state.Exposure);
        Assert.Equal(1, state.RepaidCount);
    }

    [Fact]
    public void A_failed_fill_ends_without_exposure_or_settlement()
    {
        var state = new FillerState();
        var order = Order(1);
        state.Apply(new FillerLogsScanned(10, [new ObservedOrder(order, 5)], []));
        state.Apply(new FillStarted(order.Id));
        state.Apply(new FillFinished(order.Id, false, null, 0, T0, "estimate reverted"));
        Assert.Equal(0, state.Exposure);
        Assert.Null(state.DueSettlement(T0.AddHours(1), 10, TimeSpan.Zero));
        Assert.Empty(state.Filling);
    }

    [Fact]
    public void An_order_encodes_to_twelve_words_and_decodes_back()
    {
        var order = Order(7) with { ExclusiveFiller = A, ExclusivityDeadline = 5 };
        var encoded = order.Encode();
        Assert.Equal(384, encoded.Length);
        Assert.Equal(order, IntentOrder.Decode(encoded));
        Assert.Throws<FormatException>(() => IntentOrder.Decode(encoded.AsSpan(0, 383)));
    }

    /// <summary>A state with an order of every kind: open, filling, unsettled, settling, outstanding, dropped.</summary>
    internal static FillerState Busy()
    {
        var state = new FillerState();
        var orders = Enumerable.Range(1, 6).Select(Order).ToList();
        state.Apply(new FillerLogsScanned(10, orders.Select(o => new ObservedOrder(o, 5)).ToList(), []));
        foreach (var o in orders.Skip(1).Take(4)) state.Apply(new FillStarted(o.Id));                 // 2..5 filling
        foreach (var o in orders.Skip(2).Take(3)) state.Apply(new FillFinished(o.Id, true, null, 6, T0, null));  // 3..5 filled
        state.Apply(new SettlementStarted(state.NextBatch, [orders[3].Id], 7));                       // 4 settling
        state.Apply(new OrderDropped(orders[5].Id, "unprofitable"));                                  // 6 dropped
        return state;
    }

    [Fact]
    public void A_state_restored_from_its_snapshot_has_the_same_snapshot_and_goes_on_the_same()
    {
        var state = Busy();
        var restored = FillerState.FromSnapshot(state.ToSnapshot());
        Assert.Equivalent(state.ToSnapshot(), restored.ToSnapshot(), strict: true);
        Assert.Equal(state.Exposure, restored.Exposure);
        Assert.Equal(6, restored.SeenCount);
        var next = new SettlementFinished(1, false, T0.AddSeconds(9), "reverted");
        state.Apply(next);
        restored.Apply(next);
        Assert.Equivalent(state.ToSnapshot(), restored.ToSnapshot(), strict: true);
        Assert.Equal(state.DueSettlement(T0.AddHours(1), 10, TimeSpan.Zero), restored.DueSettlement(T0.AddHours(1), 10, TimeSpan.Zero));
    }

    [Fact]
    public void Only_ids_of_finished_orders_past_their_deadline_and_margin_are_forgotten()
    {
        var state = Busy();
        var deadline = (long)Order(1).FillDeadline;
        var margin = TimeSpan.FromMinutes(10);
        Assert.Equal(0, state.ForgetFinished(deadline + 600, margin));     // at the margin: kept
        // Past it: only the dropped order (6) is finished; 1 is open, 2 filling, 3 and 5 unsettled and owed, 4 settling and owed.
        Assert.Equal(1, state.ForgetFinished(deadline + 601, margin));
        Assert.False(state.HasSeen(Order(6).Id));
        Assert.True(state.HasSeen(Order(1).Id));
        // Repaid and decided: nothing holds them any more.
        state.Apply(new OrderDropped(Order(1).Id, "deadline"));
        state.Apply(new FillFinished(Order(2).Id, false, null, 0, T0, "reverted"));
        state.Apply(new FillerLogsScanned(11, [], [Order(3).Id, Order(4).Id, Order(5).Id]));
        Assert.Equal(5, state.ForgetFinished(deadline + 601, margin));
        Assert.Equal(0, state.SeenCount);
        Assert.Equal(3, state.RepaidCount);
    }
}
