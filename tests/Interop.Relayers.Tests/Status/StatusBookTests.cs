using System.Numerics;
using Interop.Bridge.Indexing;
using Interop.Bridge.Status;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Relayers.Status;
using Interop.Relayers.Tests.Relaying;

namespace Interop.Relayers.Tests.Status;

public sealed class StatusBookTests
{
    private static readonly Address OriginMailbox = new(Enumerable.Repeat((byte)1, 20).ToArray());
    private static readonly Address DestinationMailbox = new(Enumerable.Repeat((byte)2, 20).ToArray());
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly StatusBook _book = new();

    private static Bytes32 Hash(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private static LogPosition At(Address contract, ulong block, byte tx, ulong index = 0) => new(contract, block, Hash((byte)block), Hash(tx), index);

    private void Apply(IChainIndexEvent e, DateTimeOffset now)
    {
        var (upserts, removed) = _book.Decide(e, now);
        _book.Apply(upserts, removed);
    }

    private void Apply(IRouteProgress p, DateTimeOffset now) => _book.Apply(_book.Decide(p, now), []);

    private static BlocksIndexed Indexed(uint chain, ulong block, params MailboxLog[] logs) =>
        new(chain, block, block, [new BlockRef(block, Hash((byte)block), Hash((byte)(block - 1)))], logs);

    private static (Bytes32 Id, DispatchedLog Log, GasPaymentLog Gas) Dispatch(ulong nonce, ulong block, byte tx)
    {
        var message = RouteDecisionsTests.Message(nonce, Bytes32.FromAddress(OriginMailbox));
        var id = message.Id;
        return (id,
            new DispatchedLog(At(OriginMailbox, block, tx), new DispatchedEvent(id, 902, message.Recipient, (uint)nonce, Hash(9), message.Encode())),
            new GasPaymentLog(At(OriginMailbox, block, tx, 1), new GasPaymentEvent(id, 902, 100_000, new BigInteger(123))));
    }

    [Fact]
    public void A_message_goes_from_dispatched_through_attested_and_submitted_to_delivered_with_gas_and_transactions()
    {
        var (id, dispatched, gas) = Dispatch(0, 5, 0x50);
        Apply(Indexed(901, 5, dispatched, gas), T0);
        Apply(new MessagesAttested([id]), T0.AddSeconds(1));
        Apply(new MessagesSubmitted([id], Hash(0x60)), T0.AddSeconds(2));
        Apply(Indexed(902, 8, new ProcessedLog(At(DestinationMailbox, 8, 0x60), new ProcessedEvent(id, 901, 0))), T0.AddSeconds(3));
        Apply(new MessagesSettled([id], Hash(0x60), 8, 10_700), T0.AddSeconds(4));

        var record = _book.Get(id)!;
        Assert.Equal(MessageStage.Delivered, record.Stage);
        Assert.Equal([MessageStage.Dispatched, MessageStage.Attested, MessageStage.Submitted, MessageStage.Delivered], record.History.Select(h => h.Stage));
        Assert.Equal(new BigInteger(123), record.GasPaid);
        Assert.Equal(10_700UL, record.GasUsed);
        Assert.Equal(Hash(0x50), record.OriginTransaction);
        Assert.Equal(8UL, record.DeliveryBlock);
        Assert.Equal([record], _book.FindByTransaction(Hash(0x50)));
        Assert.Equal([record], _book.FindByTransaction(Hash(0x60)));
        Assert.Equal([record], _book.List(MessageStage.Delivered, 10));
        Assert.Empty(_book.List(MessageStage.Dispatched, 10));
    }

    [Fact]
    public void Stages_never_go_back_when_progress_reports_arrive_late()
    {
        var (id, dispatched, _) = Dispatch(0, 5, 0x50);
        Apply(Indexed(901, 5, dispatched), T0);
        Apply(Indexed(902, 8, new ProcessedLog(At(DestinationMailbox, 8, 0x60), new ProcessedEvent(id, 901, 0))), T0);
        Apply(new MessagesAttested([id]), T0);
        Apply(new MessagesSubmitted([id], Hash(0x60)), T0);
        Apply(new MessagesDropped([id], "late"), T0);

        Assert.Equal(MessageStage.Delivered, _book.Get(id)!.Stage);
    }

    [Fact]
    public void A_failed_attempt_counts_and_keeps_its_reason_and_an_origin_reorg_removes_the_message()
    {
        var (id, dispatched, _) = Dispatch(0, 5, 0x50);
        var (later, laterLog, _) = Dispatch(1, 7, 0x51);
        Apply(Indexed(901, 5, dispatched), T0);
        Apply(Indexed(901, 7, laterLog), T0);
        Apply(new DeliveryAttemptFailed([id], "simulation reverted"), T0);

        Assert.Equal(1, _book.Get(id)!.FailedAttempts);
        Assert.Equal("simulation reverted", _book.Get(id)!.LastError);

        Apply(new Rewound(901, 6, 7), T0);
        Assert.NotNull(_book.Get(id));
        Assert.Null(_book.Get(later));
        Assert.Empty(_book.FindByTransaction(Hash(0x51)));
    }

    [Fact]
    public void Newest_first_lists_respect_the_limit()
    {
        for (ulong n = 0; n < 5; n++) Apply(Indexed(901, 5 + n, Dispatch(n, 5 + n, (byte)(0x50 + n)).Log), T0.AddSeconds(n));

        Assert.Equal([4UL, 3UL], _book.List(null, 2).Select(r => r.Nonce));
    }
    [Fact]
    public void Beyond_its_cap_the_book_forgets_the_oldest_delivered_records_and_keeps_every_undelivered_one()
    {
        var book = new StatusBook(retainDelivered: 2);
        void On(IChainIndexEvent e)
        {
            var (upserts, removed) = book.Decide(e, T0);
            book.Apply(upserts, removed);
        }
        var messages = Enumerable.Range(0, 5).Select(i => Dispatch((ulong)i, (ulong)(10 + i), (byte)(0x70 + i))).ToList();
        foreach (var (_, dispatched, _) in messages) On(Indexed(901, dispatched.Position.BlockNumber, dispatched));
        // Delivered in the order 1, 0, 3; 2 and 4 stay in flight.
        foreach (var (k, block) in new[] { (1, 20UL), (0, 21UL), (3, 22UL) })
            On(Indexed(902, block, new ProcessedLog(At(DestinationMailbox, block, (byte)(0x90 + k)), new ProcessedEvent(messages[k].Id, 901, (uint)k))));

        Assert.Null(book.Get(messages[1].Id)); // delivered first: forgotten, with its transaction index
        Assert.Empty(book.FindByTransaction(Hash(0x71)));
        Assert.Equal(MessageStage.Delivered, book.Get(messages[0].Id)!.Stage);
        Assert.Equal(MessageStage.Delivered, book.Get(messages[3].Id)!.Stage);
        Assert.Equal(MessageStage.Dispatched, book.Get(messages[2].Id)!.Stage);
        Assert.Equal(MessageStage.Dispatched, book.Get(messages[4].Id)!.Stage);
        Assert.Equal(4, book.Count);

        // The same changes applied to a fresh book (a recovery) forget the same record.
        var replay = new StatusBook(retainDelivered: 2);
        replay.Apply([.. book.Records], []);
        Assert.Equal(book.Records.Select(r => r.Id).Order(), replay.Records.Select(r => r.Id).Order());

        // A book restored from a snapshot forgets the oldest delivery next, like the live one: 0 (delivered before 3).
        var restored = new StatusBook(retainDelivered: 2);
        restored.Apply(book.SnapshotRecords(), []);
        var delivery = new ProcessedLog(At(DestinationMailbox, 23, 0x92), new ProcessedEvent(messages[2].Id, 901, 2));
        foreach (var b in new[] { book, restored })
        {
            var (upserts, removed) = b.Decide(Indexed(902, 23, delivery), T0);
            b.Apply(upserts, removed);
            Assert.Null(b.Get(messages[0].Id));
            Assert.Equal(MessageStage.Delivered, b.Get(messages[3].Id)!.Stage);
            Assert.Equal(MessageStage.Delivered, b.Get(messages[2].Id)!.Stage);
        }
    }
}
