using System.Numerics;
using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Router.Quoting;
using Interop.Router.Status;
using Interop.Router.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Watching;

/// <summary>What an OrderOpened log carrying one of the router's quote ids does to that quote's record (the chain reading is covered on the devnet by the node's IntentTransferTests).</summary>
public sealed class QuotedOrderWatcherTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly ManualTime _time = new(T0.AddSeconds(5));
    private readonly TransferStatusStore _store = new();
    private readonly QuoteIds _ids = new(QuoteKey);
    private readonly ChainReader _chains;
    private readonly QuotedOrderWatcher _watcher;

    public QuotedOrderWatcherTests()
    {
        _chains = new ChainReader(Settings());
        _watcher = new QuotedOrderWatcher(Settings(), _store, _chains, _ids, _time, NullLogger<QuotedOrderWatcher>.Instance);
    }

    public async ValueTask DisposeAsync() => await _chains.DisposeAsync();

    private (string Id, QuoteIdTerms Terms) Quote()
    {
        var id = new byte[QuoteIds.Length];
        _ids.Issue(id, T0.ToUnixTimeSeconds(), T0.ToUnixTimeSeconds() + 60, T0.ToUnixTimeSeconds() + 660, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.True(_ids.TryRead(id, out var terms));
        return (Hex.Encode(id), terms);
    }

    private static IntentOrder Order(string quoteId, int depositor, long amount = 1_000_000) => new(
        901, 902, Addr(depositor), Addr(depositor), UsdcOn(901).Address, amount, UsdcOn(902).Address, amount - 500, 1_800_000_700, Address.Zero, 0,
        new BigInteger(Hex.Decode(quoteId), isUnsigned: true, isBigEndian: true));

    [Fact]
    public void An_order_of_a_quote_the_router_never_saw_executed_makes_its_record_filling_with_the_order_and_its_aliases()
    {
        var (id, terms) = Quote();
        var order = Order(id, 40);
        _watcher.Track(id, terms, order, "0x" + new string('a', 64));

        var record = _store.Find(id)!;
        Assert.Equal(TransferStatus.Filling, record.Status);
        Assert.Equal([TransferStatus.Quoted, TransferStatus.OriginConfirmed, TransferStatus.Filling], record.History.Select(h => h.Status));
        Assert.Equal(T0, record.History[0].At);
        Assert.Equal((901ul, 902ul, terms.ExpiresAt, terms.FillDeadline), (record.FromChain, record.ToChain, record.ExpiresAt, record.FillDeadline));
        Assert.Same(record, _store.Find(order.Id.ToString()));
        Assert.Same(record, _store.Find("0x" + new string('a', 64)));
        Assert.Equal([id], _store.OpenIntentTransfers().Select(r => r.QuoteId));
        Assert.Equal(1, _watcher.Found);

        // Read again (the next pass, or a restart looking back): nothing changes.
        _watcher.Track(id, terms, order, "0x" + new string('a', 64));
        Assert.Same(record, _store.Find(id));
        Assert.Equal(1, _watcher.Found);
    }

    [Fact]
    public void A_split_routes_second_order_joins_the_record_and_an_order_from_another_depositor_does_not()
    {
        var (id, terms) = Quote();
        _watcher.Track(id, terms, Order(id, 40, 1_000_000), "0x" + new string('a', 64));
        _watcher.Track(id, terms, Order(id, 40, 2_000_000), "0x" + new string('a', 64));
        Assert.Equal(2, _store.Find(id)!.IntentOrderIds.Count);
        Assert.Single(_store.Find(id)!.TransactionHashes);

        // Someone copied the quote id into an order of their own.
        var copied = Order(id, 41);
        _watcher.Track(id, terms, copied, "0x" + new string('b', 64));
        Assert.Equal(2, _store.Find(id)!.IntentOrderIds.Count);
        Assert.Null(_store.Find(copied.Id.ToString()));
        Assert.Equal(2, _watcher.Found);
    }

    [Fact]
    public void A_transfer_the_node_is_executing_keeps_its_record_and_gains_the_order()
    {
        var (id, terms) = Quote();
        _store.Add(new TransferRecord
        {
            QuoteId = id, FromChain = 901, ToChain = 902, ExpiresAt = terms.ExpiresAt, FillDeadline = terms.FillDeadline, Status = TransferStatus.Quoted,
            History = [new StatusTransition(TransferStatus.Quoted, T0, null)],
        });
        _store.Update(id, r => r.MoveTo(TransferStatus.Submitted, T0.AddSeconds(1)));
        Assert.False(_store.TryAdd(new TransferRecord { QuoteId = id, FromChain = 1, ToChain = 2, ExpiresAt = T0, FillDeadline = T0, Status = TransferStatus.Quoted }));

        _watcher.Track(id, terms, Order(id, 40), "0x" + new string('a', 64));
        var record = _store.Find(id)!;
        Assert.Equal([TransferStatus.Quoted, TransferStatus.Submitted, TransferStatus.OriginConfirmed, TransferStatus.Filling], record.History.Select(h => h.Status));
        Assert.Single(record.IntentOrderIds);
    }
}
