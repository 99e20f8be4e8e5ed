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

    // ---- TokenBridge holds ----

    private static readonly Address Bridge = new(Enumerable.Repeat((byte)0xbb, 20).ToArray()); // the test messages' recipient
    private static readonly Address Someone = new(Enumerable.Repeat((byte)0xcc, 20).ToArray());
    private const ulong ReleaseAt = 1_900_000_000;

    private static TransferHeldLog HeldLog(Address bridge, ulong block, byte tx, ulong index, int holdId, BigInteger amount) =>
        new(At(bridge, block, tx, index), new TransferHeldEvent(holdId, 901, Someone, amount, ReleaseAt));

    private static ProcessedLog ProcessedAt(Bytes32 id, ulong nonce, ulong block, byte tx, ulong index) =>
        new(At(DestinationMailbox, block, tx, index), new ProcessedEvent(id, 901, nonce));

    private List<Bytes32> DispatchAll(int count)
    {
        var ids = new List<Bytes32>();
        for (var n = 0; n < count; n++)
        {
            var (id, log, _) = Dispatch((ulong)n, 5, 0x50);
            Apply(Indexed(901, 5, log), T0);
            ids.Add(id);
        }
        return ids;
    }

    [Fact]
    public void In_a_batch_a_TransferHeld_belongs_to_the_first_Processed_after_it_and_never_crosses_a_ProcessFailed()
    {
        var ids = DispatchAll(5);
        // Mailbox._deliver order: handle's logs, then Processed (or ProcessFailed, with handle's logs rolled back).
        Apply(Indexed(902, 8,
            ProcessedAt(ids[0], 0, 8, 0x60, 0),
            HeldLog(Bridge, 8, 0x60, 1, 3, 2_000_000),
            ProcessedAt(ids[1], 1, 8, 0x60, 2),
            new ProcessFailedLog(At(DestinationMailbox, 8, 0x60, 3), new ProcessFailedEvent(ids[2], 901, 2, [])),
            ProcessedAt(ids[3], 3, 8, 0x60, 4),
            HeldLog(Bridge, 8, 0x61, 0, 4, 5_000_000), // another transaction: not the batch's
            ProcessedAt(ids[4], 4, 8, 0x60, 5)), T0.AddSeconds(3));

        Assert.Equal(MessageStage.Delivered, _book.Get(ids[0])!.Stage);
        var held = _book.Get(ids[1])!;
        Assert.Equal(MessageStage.Held, held.Stage);
        Assert.Equal(new MessageHold(3, Bridge, Someone, 2_000_000, DateTimeOffset.FromUnixTimeSeconds((long)ReleaseAt), Hash(0x60), 8), held.Hold);
        Assert.Equal(Hash(0x60), held.DeliveryTransaction);
        Assert.Equal("hold 3 of 2000000 until 2030-03-17T17:46:40Z on TokenBridge " + Bridge, held.History[^1].Detail);
        Assert.Equal(MessageStage.Failed, _book.Get(ids[2])!.Stage);
        Assert.Equal(MessageStage.Delivered, _book.Get(ids[3])!.Stage);
        Assert.Equal(MessageStage.Delivered, _book.Get(ids[4])!.Stage);
        Assert.Null(_book.Get(ids[4])!.Hold);
        Assert.Equal([ids[1]], _book.Held(902).Select(r => r.Id));
        Assert.Empty(_book.Held(901));
    }

    [Fact]
    public void A_held_message_is_delivered_when_its_hold_is_released_and_stays_held_until_then()
    {
        var ids = DispatchAll(1);
        Apply(new MessagesSubmitted([ids[0]], Hash(0x60)), T0.AddSeconds(1));
        Apply(Indexed(902, 8, HeldLog(Bridge, 8, 0x60, 0, 3, 2_000_000), ProcessedAt(ids[0], 0, 8, 0x60, 1)), T0.AddSeconds(2));
        // Late or repeated reports do not move it: it is processed, only the release delivers it.
        Apply(new MessagesSettled([ids[0]], Hash(0x60), 8, 10_700), T0.AddSeconds(3));
        Apply(new DeliveryAttemptFailed([ids[0]], "late"), T0.AddSeconds(3));
        Apply(new MessagesDropped([ids[0]], "late"), T0.AddSeconds(3));
        Apply(Indexed(902, 9, new HoldReleasedLog(At(Bridge, 9, 0x70), new HoldReleasedEvent(4, Someone, 1))), T0.AddSeconds(4)); // another hold
        Assert.Equal(MessageStage.Held, _book.Get(ids[0])!.Stage);
        Assert.Equal(10_700UL, _book.Get(ids[0])!.GasUsed);

        Apply(Indexed(902, 10, new HoldReleasedLog(At(Bridge, 10, 0x71), new HoldReleasedEvent(3, Someone, 2_000_000))), T0.AddSeconds(5));

        var record = _book.Get(ids[0])!;
        Assert.Equal(MessageStage.Delivered, record.Stage);
        Assert.Equal([MessageStage.Dispatched, MessageStage.Submitted, MessageStage.Held, MessageStage.Delivered], record.History.Select(h => h.Stage));
        Assert.Equal(Hash(0x71), record.Hold!.ReleaseTransaction);
        Assert.Equal(10UL, record.Hold.ReleaseBlock);
        Assert.Empty(_book.Held(902));
    }

    [Fact]
    public void A_hold_and_its_release_in_one_indexed_range_deliver_the_message()
    {
        var ids = DispatchAll(1);
        Apply(new BlocksIndexed(902, 8, 9, [new BlockRef(8, Hash(8), Hash(7)), new BlockRef(9, Hash(9), Hash(8))],
        [
            HeldLog(Bridge, 8, 0x60, 0, 3, 2_000_000), ProcessedAt(ids[0], 0, 8, 0x60, 1),
            new HoldReleasedLog(At(Bridge, 9, 0x71), new HoldReleasedEvent(3, Someone, 2_000_000)),
        ]), T0);

        Assert.Equal([MessageStage.Dispatched, MessageStage.Held, MessageStage.Delivered], _book.Get(ids[0])!.History.Select(h => h.Stage));
    }

    [Fact]
    public void A_TransferHeld_of_a_contract_other_than_the_recipient_does_not_hold_the_message()
    {
        var ids = DispatchAll(1);
        Apply(Indexed(902, 8, HeldLog(Someone, 8, 0x60, 0, 3, 2_000_000), ProcessedAt(ids[0], 0, 8, 0x60, 1)), T0);

        Assert.Equal(MessageStage.Delivered, _book.Get(ids[0])!.Stage);
        Assert.Null(_book.Get(ids[0])!.Hold);
    }

    [Fact]
    public void A_settled_batch_leaves_a_held_delivery_to_the_watcher_which_reports_it_held()
    {
        var ids = DispatchAll(2);
        Apply(new MessagesSubmitted(ids, Hash(0x60)), T0);
        Apply(new MessagesSettled(ids, Hash(0x60), 8, 10_700) { Held = new HashSet<Bytes32> { ids[1] } }, T0.AddSeconds(1));
        Assert.Equal(MessageStage.Delivered, _book.Get(ids[0])!.Stage);
        Assert.Equal(MessageStage.Submitted, _book.Get(ids[1])!.Stage);
        Assert.Equal(10_700UL, _book.Get(ids[1])!.GasUsed);

        Apply(Indexed(902, 8, ProcessedAt(ids[0], 0, 8, 0x60, 0), HeldLog(Bridge, 8, 0x60, 1, 3, 2_000_000), ProcessedAt(ids[1], 1, 8, 0x60, 2)), T0.AddSeconds(2));

        Assert.Equal(MessageStage.Held, _book.Get(ids[1])!.Stage);
        Assert.Equal([MessageStage.Dispatched, MessageStage.Submitted, MessageStage.Delivered], _book.Get(ids[0])!.History.Select(h => h.Stage));
    }

    [Fact]
    public void A_destination_reorg_undoes_a_release_back_to_held_and_a_held_delivery_back_to_submitted()
    {
        var ids = DispatchAll(1);
        Apply(Indexed(902, 8, HeldLog(Bridge, 8, 0x60, 0, 3, 2_000_000), ProcessedAt(ids[0], 0, 8, 0x60, 1)), T0);
        Apply(Indexed(902, 10, new HoldReleasedLog(At(Bridge, 10, 0x71), new HoldReleasedEvent(3, Someone, 2_000_000))), T0);

        Apply(new Rewound(902, 9, 10), T0);
        var held = _book.Get(ids[0])!;
        Assert.Equal(MessageStage.Held, held.Stage);
        Assert.Null(held.Hold!.ReleaseTransaction);
        Assert.Equal([ids[0]], _book.Held(902).Select(r => r.Id));

        Apply(new Rewound(902, 7, 9), T0);
        Assert.Equal(MessageStage.Submitted, _book.Get(ids[0])!.Stage);
        Assert.Null(_book.Get(ids[0])!.Hold);
        Assert.Empty(_book.Held(902));
    }

    [Fact]
    public void A_book_restored_from_a_snapshot_knows_its_held_messages_and_their_release()
    {
        var ids = DispatchAll(1);
        Apply(Indexed(902, 8, HeldLog(Bridge, 8, 0x60, 0, 3, 2_000_000), ProcessedAt(ids[0], 0, 8, 0x60, 1)), T0);
        var restored = new StatusBook();
        restored.Apply(_book.SnapshotRecords(), []);
        Assert.Equal([ids[0]], restored.Held(902).Select(r => r.Id));

        var (upserts, removed) = restored.Decide(Indexed(902, 10, new HoldReleasedLog(At(Bridge, 10, 0x71), new HoldReleasedEvent(3, Someone, 2_000_000))), T0);
        restored.Apply(upserts, removed);
        Assert.Equal(MessageStage.Delivered, restored.Get(ids[0])!.Stage);
    }
}
