using Interop.Bridge.Retry;
using System.Numerics;
using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Bridge.Relaying;
using Interop.Bridge.Tests.Indexing;
using Interop.Bridge.Validation;
using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Tests.Relaying;

public sealed class RouteStateTests
{
    private const uint Origin = 901;
    private const uint Destination = 902;
    private const uint Elsewhere = 900;
    private static readonly Address OriginMailbox = Address.Parse("0x1000000000000000000000000000000000000001");
    private static readonly Address DestinationMailbox = Address.Parse("0x2000000000000000000000000000000000000002");
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly EthKey[] ValidatorKeys = Enumerable.Range(1, 3).Select(i => new EthKey(Enumerable.Repeat((byte)(i + 10), 32).ToArray())).ToArray();

    private readonly FakeChain _originChain = new();
    private readonly FakeChain _destinationChain = new();
    private readonly FakeMailbox _origin = new(Origin, OriginMailbox);
    private readonly FakeMailbox _destination = new(Destination, DestinationMailbox);
    private ChainIndexState _originCursor = ChainIndexState.Start(Origin, [OriginMailbox], 1);
    private ChainIndexState _destinationCursor = ChainIndexState.Start(Destination, [DestinationMailbox], 1);
    private readonly List<IRelayerEvent> _journal = [];
    private RouteState _state;
    private RelayerOptions _options;

    public RouteStateTests()
    {
        _options = new RelayerOptions { MaxBatchSize = 4, MaxWait = TimeSpan.FromSeconds(10), MinGasPrice = 1_000_000_000 };
        _state = NewState();
    }

    private RouteState NewState() => new(Origin, OriginMailbox, Destination, DestinationMailbox, _options);

    private IReadOnlyList<IRelayerEvent> Persist(IEnumerable<IRelayerEvent> events)
    {
        var list = events.ToList();
        foreach (var e in list)
        {
            _journal.Add(e);
            _state.Apply(e);
        }
        return list;
    }

    private async Task<List<IRelayerEvent>> IndexAsync(DateTimeOffset now)
    {
        var decided = new List<IRelayerEvent>();
        foreach (var (chain, isOrigin) in new[] { (_originChain, true), (_destinationChain, false) })
        {
            while (true)
            {
                var poll = await ChainIndexer.PollAsync(chain, isOrigin ? _originCursor : _destinationCursor, new ChainIndexerOptions());
                if (isOrigin) _originCursor = poll.State;
                else _destinationCursor = poll.State;
                foreach (var e in poll.Events) decided.AddRange(Persist(_state.Process(e, now)));
                if (poll.CaughtUp) break;
            }
        }
        return decided;
    }

    private InteropMessage Dispatch(uint destination = Destination, BigInteger? payment = null, Bytes32? sender = null, string body = "m")
    {
        var (message, logs) = _origin.Dispatch(destination, payment: payment, sender: sender, body: body);
        _originChain.Mine(logs);
        return message;
    }

    private void Deliver(params InteropMessage[] messages) => _destinationChain.Mine(messages.Select(_destination.ProcessedLog).ToArray());

    private List<ValidatorState> SignAll()
    {
        var states = ValidatorKeys.Select(k => new ValidatorState(Origin, OriginMailbox, k.Address)).ToList();
        var cursor = ChainIndexState.Start(Origin, [OriginMailbox], 1);
        var poll = ChainIndexer.PollAsync(_originChain, cursor, new ChainIndexerOptions()).GetAwaiter().GetResult();
        foreach (var (state, key) in states.Zip(ValidatorKeys))
        {
            foreach (var e in poll.Events)
                foreach (var v in state.Process(e)) state.Apply(v);
            foreach (var v in state.NextCheckpoint(key)) state.Apply(v);
        }
        return states;
    }

    private static ValidatorSet Set => new(ValidatorKeys.Select(k => k.Address), 2);

    private static IEnumerable<SignedCheckpoint> Offers(IEnumerable<ValidatorState> states) =>
        states.Select(s => s.Latest!).Select(l => new SignedCheckpoint(l.Checkpoint, l.Signature));

    [Fact]
    public async Task Route_queues_only_messages_for_its_destination_but_keeps_every_origin_leaf_for_proofs()
    {
        var a = Dispatch();
        Dispatch(Elsewhere);
        var c = Dispatch();
        await IndexAsync(T0);

        Assert.Equal(3, _state.LeafCount);
        Assert.Equal([a.Nonce, c.Nonce], _state.Messages.Keys);
        Assert.All(_state.Messages.Values, m => Assert.Equal(RelayStatus.Pending, m.Status));
        Assert.Equal(new BigInteger(100_000) * 1_000_000_000, _state.Get(a.Nonce)!.Paid);
    }

    [Fact]
    public async Task Route_flushes_when_a_batch_is_full_or_the_oldest_ready_message_waited_max_wait()
    {
        for (var i = 0; i < 3; i++) Dispatch();
        await IndexAsync(T0);

        Assert.False(_state.ShouldFlush(T0));
        Assert.False(_state.ShouldFlush(T0 + TimeSpan.FromSeconds(9)));
        Assert.True(_state.ShouldFlush(T0 + TimeSpan.FromSeconds(10)));
        Assert.Equal(T0 + TimeSpan.FromSeconds(10), _state.NextFlushAt());

        for (var i = 0; i < 3; i++) Dispatch();
        await IndexAsync(T0 + TimeSpan.FromSeconds(1));
        Assert.True(_state.ShouldFlush(T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal([0UL, 1, 2, 3], _state.SelectBatch(T0 + TimeSpan.FromSeconds(1)).Select(m => m.Nonce));
    }

    [Fact]
    public async Task Route_removes_messages_the_destination_processed_even_when_the_delivery_is_seen_before_the_dispatch()
    {
        var early = _origin.Dispatch(Destination).Message;
        Deliver(early);
        await IndexAsync(T0); // only the destination has something so far
        Assert.True(_state.IsDelivered(early.Nonce));

        _originChain.Mine(_origin.DispatchedLog(early, _origin.Tree.Root(1)), _origin.GasPaymentLog(early, 0));
        var late = Dispatch();
        await IndexAsync(T0);
        Assert.Equal(RelayStatus.Delivered, _state.Get(early.Nonce)!.Status);
        Assert.DoesNotContain(_journal, e => e is MessageDropped); // underpaid but delivered: nothing to drop

        Deliver(late);
        await IndexAsync(T0);
        Assert.Equal(RelayStatus.Delivered, _state.Get(late.Nonce)!.Status);
        Assert.False(_state.ShouldFlush(T0 + TimeSpan.FromHours(1)));
        Assert.Empty(_state.SelectBatch(T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Route_drops_underpaid_and_denylisted_messages_with_a_reason_and_relays_the_rest()
    {
        var denied = Bytes32.FromAddress(Address.Parse("0x00000000000000000000000000000000000000dd"));
        _options = _options with { Denylist = Denylist.Empty with { Senders = [denied] } };
        _state = NewState();
        var paid = Dispatch();
        var cheap = Dispatch(payment: 99_999_999_999_999);
        var blocked = Dispatch(sender: denied);
        await IndexAsync(T0);

        Assert.StartsWith("underpaid", _state.Get(cheap.Nonce)!.DropReason, StringComparison.Ordinal);
        Assert.Equal(RelayStatus.Dropped, _state.Get(cheap.Nonce)!.Status);
        Assert.Contains($"sender {denied} is on the denylist", _state.Get(blocked.Nonce)!.DropReason, StringComparison.Ordinal);
        Assert.Equal([paid.Nonce], _state.SelectBatch(T0 + TimeSpan.FromMinutes(1)).Select(m => m.Nonce));
    }

    [Fact]
    public async Task Route_requeues_a_dropped_message_only_once_the_denylist_no_longer_matches_it_and_never_a_delivered_one()
    {
        var denied = Bytes32.FromAddress(Address.Parse("0x00000000000000000000000000000000000000dd"));
        _options = _options with { Denylist = Denylist.Empty with { Senders = [denied] } };
        _state = NewState();
        var blocked = Dispatch(sender: denied);
        var done = Dispatch();
        Deliver(done);
        await IndexAsync(T0);

        var (refused, why) = _state.Requeue(blocked.Nonce);
        Assert.Null(refused);
        Assert.Contains("denylist", why, StringComparison.Ordinal);
        Assert.Null(_state.Requeue(done.Nonce).Event);
        Assert.Null(_state.Requeue(99).Event);

        _options = _options with { Denylist = Denylist.Empty };
        _state = RouteState.FromSnapshot(_state.ToSnapshot(), _options);
        var (requeued, _) = _state.Requeue(blocked.Nonce);
        Persist([requeued!]);
        Assert.Equal(RelayStatus.Pending, _state.Get(blocked.Nonce)!.Status);
        Assert.Null(_state.Get(blocked.Nonce)!.DropReason);
        Assert.Equal([blocked.Nonce], _state.SelectBatch(T0 + TimeSpan.FromMinutes(1)).Select(m => m.Nonce));
    }

    [Fact]
    public async Task Route_with_a_zero_minimum_price_relays_even_unpaid_messages()
    {
        _options = _options with { MinGasPrice = 0 };
        _state = NewState();
        Dispatch(payment: 0);
        await IndexAsync(T0);
        Assert.Single(_state.SelectBatch(T0));
    }

    [Fact]
    public async Task Route_reschedules_failed_messages_per_the_retry_schedule_counting_failures_per_message()
    {
        _options = _options with { Retry = new RetrySchedule { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromMinutes(1), JitterFraction = 0 } };
        _state = NewState();
        Dispatch();
        Dispatch();
        await IndexAsync(T0);

        Persist([_state.Fail([0UL, 1], "boom", T0, new Random(1))]);
        Persist([_state.Fail([0UL], "boom again", T0 + TimeSpan.FromSeconds(5), new Random(1))]);

        var first = _state.Get(0)!;
        Assert.Equal(2, first.Failures);
        Assert.Equal(T0 + TimeSpan.FromSeconds(15), first.RetryAt);
        Assert.Equal("boom again", first.LastError);
        Assert.Equal(1, _state.Get(1)!.Failures);
        Assert.Empty(_state.SelectBatch(T0 + TimeSpan.FromSeconds(4)));
        Assert.Equal([1UL], _state.SelectBatch(T0 + TimeSpan.FromSeconds(5)).Select(m => m.Nonce));
        Assert.Equal([0UL, 1], _state.SelectBatch(T0 + TimeSpan.FromSeconds(15)).Select(m => m.Nonce));
        // The max-wait clock of a retried message starts when it becomes ready again.
        Assert.False(_state.ShouldFlush(T0 + TimeSpan.FromSeconds(14)));
        Assert.True(_state.ShouldFlush(T0 + TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Route_forgets_messages_an_origin_reorg_removed_and_requeues_deliveries_a_destination_reorg_removed()
    {
        var kept = Dispatch();
        Dispatch(body: "orphan");
        Deliver(kept);
        await IndexAsync(T0);
        Assert.Equal(RelayStatus.Delivered, _state.Get(kept.Nonce)!.Status);

        _originChain.Reorg(1);
        _origin.Truncate(1);
        _originChain.MineEmpty(1);
        _destinationChain.Reorg(1);
        _destinationChain.MineEmpty(2);
        var events = await IndexAsync(T0);

        Assert.Contains(events, e => e is OriginRewound { LeafCount: 1 });
        Assert.Contains(events, e => e is DestinationRewound);
        Assert.Equal(1, _state.LeafCount);
        Assert.Equal([kept.Nonce], _state.Messages.Keys);
        Assert.Equal(RelayStatus.Pending, _state.Get(kept.Nonce)!.Status);
        Assert.False(_state.IsDelivered(kept.Nonce));
    }

    [Fact]
    public async Task Route_builds_a_proven_batch_against_the_smallest_quorum_checkpoint_covering_it()
    {
        for (var i = 0; i < 3; i++) Dispatch(body: $"m{i}");
        Dispatch(Elsewhere);
        await IndexAsync(T0);
        var validators = SignAll();

        var messages = _state.SelectBatch(T0).Select(m => m.Message).ToList();
        var success = Assert.IsType<RelayOutcome.Success>(_state.BuildBatch(messages, Offers(validators), Set));

        var batch = success.Batch;
        Assert.Equal(3U, batch.Checkpoint.Index);
        Assert.Equal(_origin.Tree.Root(), batch.Checkpoint.Root);
        Assert.Equal(messages, batch.Messages);
        var root = MerkleTree.ComputeMultiProofRoot(messages.Select(m => (long)m.Nonce).ToList(), messages.Select(m => MerkleTree.LeafHash(m.Id)).ToList(), batch.Proof);
        Assert.Equal(batch.Checkpoint.Root, root);
        Assert.Equal(2 * 65, batch.Signatures.Length);
        var signers = Enumerable.Range(0, 2).Select(i => batch.Checkpoint.RecoverSigner(EcdsaSignature.FromBytes65(batch.Signatures.AsSpan(i * 65, 65)))).ToList();
        Assert.Equal(signers.Order(), signers);
    }

    [Fact]
    public async Task Route_is_not_ready_to_build_without_a_quorum()
    {
        Dispatch();
        await IndexAsync(T0);
        var validators = SignAll();

        var outcome = _state.BuildBatch(_state.SelectBatch(T0).Select(m => m.Message).ToList(), Offers(validators.Take(1)), Set);

        Assert.Contains("best: index 0 with 1", Assert.IsType<RelayOutcome.NotReady>(outcome).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_confirms_each_message_from_the_receipt_of_its_batch()
    {
        var delivered = Dispatch();
        var rejected = Dispatch();
        var raced = Dispatch();
        await IndexAsync(T0);
        var tx = new Bytes32(Enumerable.Repeat((byte)7, 32).ToArray());
        Persist([new BatchSubmitted([0UL, 1, 2], tx)]);
        Assert.All(_state.Messages.Values, m => Assert.Equal(RelayStatus.Submitted, m.Status));

        var receipt = Receipt(true, _destination.ProcessedLog(delivered), _destination.ProcessFailedLog(rejected, [0xde, 0xad]));
        var events = Persist(_state.Confirm([0UL, 1, 2], receipt, T0, new Random(1)));

        Assert.Equal(RelayStatus.Delivered, _state.Get(delivered.Nonce)!.Status);
        Assert.Equal(RelayStatus.Delivered, _state.Get(raced.Nonce)!.Status); // skipped by the Mailbox: someone delivered it first
        var failed = _state.Get(rejected.Nonce)!;
        Assert.Equal(RelayStatus.Pending, failed.Status);
        Assert.Equal(1, failed.Failures);
        Assert.Contains("failed-retryable", failed.LastError, StringComparison.Ordinal);
        Assert.Contains(events, e => e is MessagesDelivered { Block: 77 });

        var reverted = Persist(_state.Confirm([rejected.Nonce], Receipt(false), T0, new Random(1)));
        Assert.Equal(2, Assert.IsType<DeliveryFailed>(Assert.Single(reverted)).Retries.Single().Failures);
    }

    [Fact]
    public async Task Route_recovered_from_its_journal_has_the_same_queue_statuses_and_tree()
    {
        for (var i = 0; i < 5; i++) Dispatch(body: $"m{i}");
        Dispatch(payment: 1);
        Deliver(_origin.Messages[0]);
        await IndexAsync(T0);
        Persist([_state.Fail([1UL], "boom", T0, new Random(3)), new BatchSubmitted([2UL], Bytes32.Zero)]);
        _originChain.Reorg(1);
        _origin.Truncate(5);
        _originChain.MineEmpty(1);
        await IndexAsync(T0);

        var recovered = NewState();
        foreach (var e in _journal) recovered.Apply(e);

        Assert.Equal(_state.LeafCount, recovered.LeafCount);
        Assert.Equal(_state.Messages.Values, recovered.Messages.Values);
        Assert.Equal(_state.SelectBatch(T0 + TimeSpan.FromHours(1)), recovered.SelectBatch(T0 + TimeSpan.FromHours(1)));
        Assert.Equal(_state.ShouldFlush(T0 + TimeSpan.FromSeconds(10)), recovered.ShouldFlush(T0 + TimeSpan.FromSeconds(10)));

        // A snapshot taken anywhere in the journal plus the events after it gives the same state.
        for (var cut = 0; cut <= _journal.Count; cut++)
        {
            var before = NewState();
            foreach (var e in _journal.Take(cut)) before.Apply(e);
            var restored = RouteState.FromSnapshot(before.ToSnapshot(), _options);
            foreach (var e in _journal.Skip(cut)) restored.Apply(e);
            Assert.Equal(_state.LeafCount, restored.LeafCount);
            Assert.Equal(_state.Messages.Values, restored.Messages.Values);
            Assert.Equal(_state.IsDelivered(0), restored.IsDelivered(0));
        }
    }

    // 600 origin messages (every third for another destination), one per origin block; the route's messages below nonce 400
    // delivered, 10 per destination block. With a reorg reach of 8 blocks most of the delivered part can be forgotten.
    private async Task<List<InteropMessage>> DeliverMostOf600Async()
    {
        _options = _options with { ReorgHistoryBlocks = 8, MaxBatchSize = 64 };
        _state = NewState();
        var ours = new List<InteropMessage>();
        for (var i = 0; i < 600; i++)
        {
            var m = Dispatch(i % 3 == 2 ? Elsewhere : Destination, body: $"m{i}");
            if (m.Destination == Destination) ours.Add(m);
        }
        foreach (var chunk in ours.Where(m => m.Nonce < 400).Chunk(10)) Deliver(chunk);
        await IndexAsync(T0);
        return ours;
    }

    [Fact]
    public async Task Route_forgets_delivered_messages_and_leaves_below_the_watermark_and_still_proves_the_rest()
    {
        var ours = await DeliverMostOf600Async();

        // The last 8 delivery blocks may still be undone by a destination reorg: they pin the watermark.
        var lowestPinned = ours.Where(m => m.Nonce < 400).Chunk(10).TakeLast(8).First()[0].Nonce;
        Assert.True(_state.PrunedBelow > 0 && _state.PrunedBelow <= (long)lowestPinned, $"pruned below {_state.PrunedBelow}");
        Assert.Equal((long)lowestPinned, _state.Watermark());
        Assert.Equal(600, _state.LeafCount);
        Assert.All(_state.Messages.Keys, n => Assert.True((long)n >= _state.PrunedBelow));
        Assert.Equal(ours.Count(m => (long)m.Nonce < _state.PrunedBelow), _state.ForgottenDelivered);
        Assert.Equal(ours.Where(m => m.Nonce >= 400).Select(m => m.Nonce), _state.Messages.Values.Where(m => m.Status == RelayStatus.Pending).Select(m => m.Nonce));
        var snapshot = _state.ToSnapshot();
        Assert.Equal(600 - _state.PrunedBelow, snapshot.Leaves.Count);
        Assert.True(snapshot.Messages.Count < ours.Count);

        // The undelivered rest is still proven against the validators' root, from the pruned tree.
        var batch = _state.SelectBatch(T0 + TimeSpan.FromHours(1)).Select(m => m.Message).ToList();
        var built = Assert.IsType<RelayOutcome.Success>(_state.BuildBatch(batch, Offers(SignAll()), Set)).Batch;
        Assert.Equal(_origin.Tree.Root(), built.Checkpoint.Root);
        Assert.Equal(built.Checkpoint.Root, MerkleTree.ComputeMultiProofRoot(
            batch.Select(m => (long)m.Nonce).ToList(), batch.Select(m => MerkleTree.LeafHash(m.Id)).ToList(), built.Proof));
        Assert.Contains("forgotten", _state.Requeue(ours[0].Nonce).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pruned_route_recovered_from_any_snapshot_and_the_journal_after_it_equals_the_live_state()
    {
        await DeliverMostOf600Async();
        // More deliveries after the first prunes, then a reorg of the newest origin blocks (within reach).
        Deliver(_origin.Messages.Where(m => m.Destination == Destination && m.Nonce is >= 400 and < 500).ToArray());
        _originChain.Reorg(3);
        _origin.Truncate(597);
        _originChain.MineEmpty(1);
        await IndexAsync(T0);
        Assert.Equal(597, _state.LeafCount);

        var expected = _state.ToSnapshot();
        for (var cut = 0; cut <= _journal.Count; cut += 1 + cut / 7)
        {
            var before = NewState();
            foreach (var e in _journal.Take(cut)) before.Apply(e);
            var restored = RouteState.FromSnapshot(before.ToSnapshot(), _options);
            foreach (var e in _journal.Skip(cut)) restored.Apply(e);
            var actual = restored.ToSnapshot();
            Assert.Equal(expected.PrunedBelow, actual.PrunedBelow);
            Assert.Equal(expected.Frontier, actual.Frontier);
            Assert.Equal(expected.Leaves, actual.Leaves);
            Assert.Equal(expected.Messages, actual.Messages);
            Assert.Equal(expected.Delivered.OrderBy(d => d.Key), actual.Delivered.OrderBy(d => d.Key));
            Assert.Equal(expected.PrunedDelivered, actual.PrunedDelivered);
            Assert.Equal(expected.PrunedDeliveryBlock, actual.PrunedDeliveryBlock);
            Assert.Equal(_state.Watermark(), restored.Watermark());
        }
    }

    [Fact]
    public async Task Pruned_route_halts_on_a_reorg_below_what_it_forgot_on_either_chain()
    {
        await DeliverMostOf600Async();
        Assert.True(_state.PrunedBelow > 0);

        var origin = _state.Process(new Rewound(Origin, 2, 3), T0);
        Assert.Contains("below leaves this route already forgot", Assert.IsType<RouteHalted>(Assert.Single(origin)).Reason, StringComparison.Ordinal);
        var destination = _state.Process(new Rewound(Destination, 2, 3), T0);
        Assert.Contains("below deliveries this route already forgot", Assert.IsType<RouteHalted>(Assert.Single(destination)).Reason, StringComparison.Ordinal);
        // A reorg of the newest blocks, within reach, is undone as before.
        Assert.IsType<DestinationRewound>(Assert.Single(_state.Process(new Rewound(Destination, _destinationChain.Head - 1, _destinationChain.Head), T0)));
    }

    [Fact]
    public async Task A_round_selects_full_batches_and_a_partial_one_only_once_it_waited_max_wait()
    {
        for (var i = 0; i < 10; i++) Dispatch(body: $"m{i}"); // MaxBatchSize 4: 4 + 4 + 2
        await IndexAsync(T0);

        Assert.Equal([4, 4], _state.SelectBatches(T0, 5).Select(b => b.Count));
        Assert.Equal([4, 4, 2], _state.SelectBatches(T0 + TimeSpan.FromSeconds(10), 5).Select(b => b.Count));
        Assert.Equal([4], _state.SelectBatches(T0 + TimeSpan.FromSeconds(10), 1).Select(b => b.Count));
        Assert.Equal(_state.SelectBatch(T0), _state.SelectBatches(T0, 3)[0]);

        // One signature collection serves every batch of the round, with one shared checkpoint covering the highest nonce.
        var batches = _state.SelectBatches(T0 + TimeSpan.FromSeconds(10), 5).Select(b => (IReadOnlyList<InteropMessage>)b.Select(m => m.Message).ToList()).ToList();
        var built = _state.BuildBatches(batches, Offers(SignAll()).ToList(), Set).Select(o => Assert.IsType<RelayOutcome.Success>(o).Batch).ToList();
        Assert.All(built, b => Assert.Equal(9u, b.Checkpoint.Index));
        foreach (var b in built)
            Assert.Equal(b.Checkpoint.Root, MerkleTree.ComputeMultiProofRoot(b.Messages.Select(m => (long)m.Nonce).ToList(),
                b.Messages.Select(m => MerkleTree.LeafHash(m.Id)).ToList(), b.Proof));
    }

    [Fact]
    public void Route_state_and_its_snapshot_stay_bounded_over_100k_delivered_messages()
    {
        // 100 origin messages per origin block (a quarter for another destination), each block's messages delivered one
        // destination block later: what is kept is bounded by the reorg reach (256 blocks by default), not by the history.
        _options = new RelayerOptions();
        _state = NewState();
        const int PerBlock = 100;
        var maxKept = 0;
        for (var block = 0UL; block < 1000; block++)
        {
            var ours = new List<ulong>();
            for (var i = 0; i < PerBlock; i++)
            {
                var nonce = (uint)(block * PerBlock + (ulong)i);
                var message = new InteropMessage
                {
                    Version = 1, Nonce = nonce, Origin = Origin, Sender = FakeMailbox.DefaultSender, Destination = i % 4 == 3 ? Elsewhere : Destination,
                    Recipient = FakeMailbox.DefaultRecipient, GasLimit = 100_000, Body = [(byte)i],
                };
                _state.Apply(new LeafIndexed(nonce, message.Id, block + 1));
                if (message.Destination != Destination) continue;
                _state.Apply(new MessageQueued(message, block + 1, T0));
                ours.Add(nonce);
            }
            _state.Apply(new MessagesDelivered(ours, block + 2));
            maxKept = Math.Max(maxKept, _state.Messages.Count);
        }

        Assert.Equal(100_000, _state.LeafCount);
        var reach = _options.ReorgHistoryBlocks;
        Assert.True(_state.LeafCount - _state.PrunedBelow <= (reach + 1) * PerBlock + RouteState.PruneStep, $"{_state.LeafCount - _state.PrunedBelow} leaves kept");
        Assert.True(maxKept <= (reach + 1) * PerBlock + RouteState.PruneStep, $"{maxKept} messages kept at most");
        Assert.Equal(75_000, _state.ForgottenDelivered + _state.Messages.Count);
        var snapshot = _state.ToSnapshot();
        Assert.True(snapshot.Leaves.Count + snapshot.Messages.Count + snapshot.Delivered.Count < 4 * (reach + 1) * PerBlock);
    }

    [Fact]
    public async Task Route_halts_when_the_origin_reorganises_beyond_history()
    {
        Dispatch();
        await IndexAsync(T0);
        Persist(_state.Process(new ReorgBeyondHistory(Origin, 1, 1, "gone"), T0));
        Assert.True(_state.IsHalted);
        Assert.Empty(_state.SelectBatch(T0 + TimeSpan.FromHours(1)));
        Assert.IsType<RelayOutcome.NotReady>(_state.BuildBatch([_origin.Messages[0]], [], Set));
    }

    private Receipt Receipt(bool succeeded, params LogSpec[] logs) => new()
    {
        TransactionHash = Enumerable.Repeat((byte)7, 32).ToArray(),
        TransactionIndex = 0,
        BlockHash = new byte[32],
        BlockNumber = 77,
        From = Address.Zero,
        Status = succeeded ? 1UL : 0UL,
        GasUsed = 1,
        CumulativeGasUsed = 1,
        EffectiveGasPrice = 1,
        Logs = logs.Select((l, i) => new Log
        {
            Address = l.Address, Topics = l.Topics, Data = l.Data, BlockNumber = 77, BlockHash = new byte[32],
            TransactionHash = new byte[32], TransactionIndex = 0, LogIndex = (ulong)i,
        }).ToList(),
    };
}
