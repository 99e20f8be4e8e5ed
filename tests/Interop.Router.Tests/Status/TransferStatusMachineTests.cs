using Interop.Router.Status;

namespace Interop.Router.Tests.Status;

public sealed class TransferStatusMachineTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static TransferRecord Quoted() => new()
    {
        QuoteId = "q", FromChain = 901, ToChain = 902, ExpiresAt = T0, FillDeadline = T0, Status = TransferStatus.Quoted,
    };

    [Fact]
    public void The_happy_path_moves_forward_through_every_stage()
    {
        var r = Quoted();
        foreach (var s in new[] { TransferStatus.Submitted, TransferStatus.OriginConfirmed, TransferStatus.Filling, TransferStatus.Filled })
            r = r.MoveTo(s, T0);
        Assert.Equal(TransferStatus.Filled, r.Status);
        Assert.Equal(4, r.History.Count);
    }

    [Fact]
    public void A_status_never_goes_back_and_terminal_states_stay()
    {
        var filling = Quoted().MoveTo(TransferStatus.Filling, T0);
        Assert.Equal(TransferStatus.Filling, filling.Status);
        Assert.Same(filling, filling.MoveTo(TransferStatus.Submitted, T0));
        var filled = filling.MoveTo(TransferStatus.Filled, T0);
        Assert.Same(filled, filled.MoveTo(TransferStatus.Expired, T0));
        Assert.Same(filled, filled.MoveTo(TransferStatus.Partial, T0));
    }

    [Fact]
    public void Expiry_leads_only_to_refunds()
    {
        var expired = Quoted().MoveTo(TransferStatus.Expired, T0);
        Assert.Same(expired, expired.MoveTo(TransferStatus.Filled, T0));
        Assert.Equal(TransferStatus.Refunded, expired.MoveTo(TransferStatus.RefundPending, T0).MoveTo(TransferStatus.Refunded, T0).Status);
        Assert.False(TransferStatusMachine.CanMove(TransferStatus.Refunded, TransferStatus.Quoted));
    }

    [Theory]
    [InlineData(TransferStatus.OriginConfirmed, "ORIGIN_CONFIRMED")]
    [InlineData(TransferStatus.RefundPending, "REFUND_PENDING")]
    [InlineData(TransferStatus.Quoted, "QUOTED")]
    public void Wire_names_are_screaming_snake_case(TransferStatus status, string name) =>
        Assert.Equal(name, TransferStatusMachine.WireName(status));
}

public sealed class TransferStatusStoreTests
{
    private static TransferRecord Record(string id, int expiresInSeconds, TransferStatus status = TransferStatus.Quoted) => new()
    {
        QuoteId = id, FromChain = 901, ToChain = 902, Status = status,
        ExpiresAt = DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(expiresInSeconds), FillDeadline = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void At_capacity_unused_quotes_expiring_first_are_dropped_and_executed_ones_kept()
    {
        var store = new TransferStatusStore { Capacity = 10 };
        store.Add(Record("executed", 0, TransferStatus.Filling) with { TransactionHashes = ["0xabc"] });
        for (var i = 1; i < 10; i++) store.Add(Record($"q{i}", i));
        store.Add(Record("new", 100));
        Assert.Equal(10, store.Count); // down to 9, then the new one
        Assert.NotNull(store.Find("executed"));
        Assert.NotNull(store.Find("new"));
        Assert.Null(store.Find("q1"));
        Assert.NotNull(store.Find("q9"));
    }

    [Fact]
    public void A_quote_executed_after_it_was_added_is_skipped_by_eviction_and_the_count_stays_exact()
    {
        var store = new TransferStatusStore { Capacity = 10 };
        for (var i = 1; i <= 10; i++) store.Add(Record($"q{i}", i));
        store.Update("q1", r => r with { Status = TransferStatus.Submitted, TransactionHashes = ["0xabc"] });
        store.Add(Record("new", 100));
        Assert.Equal(10, store.Count);
        Assert.NotNull(store.Find("q1"));
        Assert.Null(store.Find("q2"));
        Assert.NotNull(store.Find("q3"));
        // Replacing a record is not an insert.
        var small = new TransferStatusStore();
        small.Add(Record("a", 1));
        small.Add(Record("a", 2));
        Assert.Equal(1, small.Count);
    }

    [Fact]
    public void Open_intent_transfers_are_those_with_orders_and_no_final_status()
    {
        var store = new TransferStatusStore();
        store.Add(Record("plain", 10));
        store.Add(Record("intent", 10) with { IntentOrders = ["0x01"] });
        store.Add(Record("later", 10));
        Assert.Equal(["intent"], store.OpenIntentTransfers().Select(r => r.QuoteId));
        store.Update("later", r => r with { IntentOrders = ["0x02"], Status = TransferStatus.Submitted });
        Assert.Equal(["intent", "later"], store.OpenIntentTransfers().Select(r => r.QuoteId).Order());
        store.Update("intent", r => r with { Status = TransferStatus.Refunded });
        Assert.Equal(["later"], store.OpenIntentTransfers().Select(r => r.QuoteId));
    }

    [Fact]
    public void A_record_is_found_by_its_transaction_hashes_and_message_ids()
    {
        var store = new TransferStatusStore();
        store.Add(Record("q", 10));
        store.Update("q", r => r with { TransactionHashes = ["0xAA"], MessageIds = ["0xBB"] });
        Assert.Equal("q", store.Find("0xaa")!.QuoteId);
        Assert.Equal("q", store.Find("0xbb")!.QuoteId);
    }
}
