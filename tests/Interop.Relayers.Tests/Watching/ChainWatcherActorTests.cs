using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Interop.Bridge.Indexing;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.Persistence;
using Interop.Relayers.Watching;
using Microsoft.Data.Sqlite;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Watching;

/// <summary>The ChainWatcher on an in-memory chain and a real SQLite journal: ordered replay by position, restart, reorg.</summary>
public sealed class ChainWatcherActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("interop-watcher-").FullName;
    private static readonly Address Mailbox = new(Enumerable.Repeat((byte)1, 20).ToArray());
    private readonly string _folder;

    public ChainWatcherActorTests()
        : base(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(
            PersistenceHocon.Create(PersistenceOptions.SqliteFile(Path.Combine(Folder, $"{Guid.NewGuid():N}.db")))))
    {
        _folder = Folder;
    }

    private sealed class MemoryChain : IBlockSource
    {
        private readonly object _gate = new();
        private readonly List<BlockRef> _blocks = [];

        public MemoryChain(ulong head) => Extend(head, "main");

        public void Extend(ulong head, string fork)
        {
            lock (_gate)
                while ((ulong)_blocks.Count <= head)
                {
                    var n = (ulong)_blocks.Count;
                    var parent = n == 0 ? new Bytes32(new byte[32]) : _blocks[^1].Hash;
                    _blocks.Add(new BlockRef(n, new Bytes32(Keccak256.HashUtf8($"{fork}:{n}")), parent));
                }
        }

        /// <summary>Replaces every block from <paramref name="from"/> on with another fork, up to the same head.</summary>
        public void Reorg(ulong from, string fork)
        {
            lock (_gate)
            {
                var head = (ulong)_blocks.Count - 1;
                _blocks.RemoveRange((int)from, _blocks.Count - (int)from);
                Extend(head, fork);
            }
        }

        public Task<ulong> GetHeadAsync(CancellationToken cancellationToken)
        {
            lock (_gate) return Task.FromResult((ulong)_blocks.Count - 1);
        }

        public Task<IReadOnlyList<BlockRef?>> GetBlocksAsync(IReadOnlyList<ulong> numbers, CancellationToken cancellationToken)
        {
            lock (_gate) return Task.FromResult<IReadOnlyList<BlockRef?>>(numbers.Select(n => n < (ulong)_blocks.Count ? _blocks[(int)n] : null).ToList());
        }

        public Task<IReadOnlyList<Log>> GetLogsAsync(BlockRange range, IReadOnlyList<Address> contracts, IReadOnlyList<byte[]> topics, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Log>>([]);
    }

    private IActorRef StartWatcher(MemoryChain chain, string name) =>
        Sys.ActorOf(ChainWatcherActor.Props(new ChainWatcherOptions(901, "l2a", Mailbox, 2, TimeSpan.FromMilliseconds(50), MaxBlockSpan: 3)
        {
            FlushEmptyAfterBlocks = 1, // every range is journaled, so positions are easy to follow here (merging: WatcherJournalPlanTests)
        }, chain, _ => { }), name);

    [Fact]
    public async Task Watcher_replays_from_a_subscriber_position_after_a_restart_and_rewinds_on_a_reorg()
    {
        var chain = new MemoryChain(10);
        var watcher = StartWatcher(chain, "w1");
        watcher.Tell(new SubscribeToChain(TestActor, 0));
        var first = Enumerable.Range(0, 3).Select(_ => ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10))).ToList();
        Assert.Equal([1L, 2L, 3L], first.Select(e => e.Sequence));
        Assert.Equal(8UL, ((BlocksIndexed)first[^1].Event).To);

        // Stop the watcher and start it again on the same journal: a subscriber that applied up to 2 gets 3 again, then new ones.
        Watch(watcher);
        Sys.Stop(watcher);
        ExpectTerminated(watcher);
        var again = StartWatcher(chain, "w2");
        again.Tell(new SubscribeToChain(TestActor, 2));
        var replayed = ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10));
        Assert.Equal(3L, replayed.Sequence);
        Assert.Equal(((BlocksIndexed)first[2].Event).Blocks, ((BlocksIndexed)replayed.Event).Blocks);

        chain.Extend(12, "main");
        var next = ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10));
        Assert.Equal(4L, next.Sequence);
        Assert.Equal(new BlockRange(9, 10), ((BlocksIndexed)next.Event).Range);

        // A reorg of blocks 9.. (indexed, below the head's confirmation depth): rewind to 8, then the new fork is indexed.
        chain.Reorg(9, "fork");
        chain.Extend(13, "fork");
        var rewound = ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10));
        Assert.Equal(5L, rewound.Sequence);
        Assert.Equal(8UL, Assert.IsType<Rewound>(rewound.Event).ToBlock);
        var reindexed = ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10));
        Assert.Equal(6L, reindexed.Sequence);
        Assert.Equal(9UL, ((BlocksIndexed)reindexed.Event).From);

        var status = await again.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.True(status.CaughtUpOnce);
        Assert.Equal(6L, status.LastSequence);
    }

    private IActorRef StartSnapshottingWatcher(MemoryChain chain, string name) =>
        Sys.ActorOf(ChainWatcherActor.Props(new ChainWatcherOptions(901, "l2a", Mailbox, 2, TimeSpan.FromMilliseconds(50), MaxBlockSpan: 3)
        {
            FlushEmptyAfterBlocks = 1,
            SnapshotEvery = 2,
        }, chain, _ => { }), name);

    private List<ChainEventEnvelope> ExpectUpTo(ulong block)
    {
        var received = new List<ChainEventEnvelope>();
        while (true)
        {
            var envelope = ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10));
            received.Add(envelope);
            if (envelope.Event is BlocksIndexed indexed && indexed.To == block) return received;
        }
    }

    private async Task<long> CountJournaledAsync()
    {
        var journal = Akka.Persistence.Query.PersistenceQuery.Get(Sys)
            .ReadJournalFor<Akka.Persistence.Sql.Query.SqlReadJournal>(Akka.Persistence.Sql.Query.SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(ChainWatcherActor.PersistenceIdFor(901), 0, long.MaxValue)
            .RunAggregate(new List<long>(), (list, e) => { list.Add(e.SequenceNr); return list; }, Sys.Materializer());
        return events.Count;
    }

    [Fact]
    public async Task Watcher_keeps_only_what_named_consumers_have_not_persisted_snapshots_it_and_recovers_from_the_snapshot()
    {
        var chain = new MemoryChain(20);
        var watcher = StartSnapshottingWatcher(chain, "t1");
        watcher.Tell(new SubscribeToChain(TestActor, 0) { Consumer = "route-a", Persisted = 0 });
        var first = ExpectUpTo(18); // 0-2, 3-5, ..., 18: 7 events
        Assert.Equal(Enumerable.Range(1, first.Count).Select(i => (long)i), first.Select(e => e.Sequence));
        var last = first[^1].Sequence;

        // Nothing acknowledged: everything is retained. The consumer persisted up to 4: positions 5.. remain.
        var status = await watcher.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal((int)last, status.Retained);
        watcher.Tell(new ChainPositionPersisted("route-a", 4));
        // An acknowledgement from a consumer that never subscribed pins nothing and unpins nothing.
        watcher.Tell(new ChainPositionPersisted("unknown", 1));
        status = await watcher.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(last, status.LastSequence);
        Assert.Equal((int)last - 4, status.Retained);

        // New events make the watcher snapshot (every 2 events) with the tail after 4, then delete the journal up to the snapshot.
        chain.Extend(26, "main");
        var more = ExpectUpTo(24);
        last = more[^1].Sequence;
        await AwaitAssertAsync(async () => Assert.True(await CountJournaledAsync() < last - 1), TimeSpan.FromSeconds(10));

        Watch(watcher);
        Sys.Stop(watcher);
        ExpectTerminated(watcher);
        var again = StartSnapshottingWatcher(chain, "t2");
        status = await again.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(last, status.LastSequence);
        Assert.Equal((int)last - 4, status.Retained);

        // A consumer restarting from its persisted position 4 gets every later event, in order, the same as before.
        again.Tell(new SubscribeToChain(TestActor, 4) { Consumer = "route-a", Persisted = 4 });
        var replayed = Enumerable.Range(0, (int)last - 4).Select(_ => ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10))).ToList();
        Assert.Equal(Enumerable.Range(5, (int)last - 4).Select(i => (long)i), replayed.Select(e => e.Sequence));
        Assert.Equal(first.Concat(more).Where(e => e.Sequence > 4).Select(e => ((BlocksIndexed)e.Event).Range),
            replayed.Select(e => ((BlocksIndexed)e.Event).Range));

        // Positions go on after the deleted journal, from the snapshot's state.
        chain.Extend(30, "main");
        var next = ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10));
        Assert.Equal(last + 1, next.Sequence);
        Assert.Equal(((BlocksIndexed)replayed[^1].Event).To + 1, ((BlocksIndexed)next.Event).From);
    }

    [Fact]
    public async Task A_configured_consumer_that_subscribes_after_the_others_acknowledged_still_gets_every_event()
    {
        // The relayer network starts its validators before its routes: the validators subscribed, got the first events and
        // acknowledged them before a route subscribed. The watcher trimmed those events and refused the route (position 0 was
        // no longer retained) on every retry, so the route never relayed a message: a settlement stayed undelivered for good.
        var chain = new MemoryChain(20);
        var watcher = Sys.ActorOf(ChainWatcherActor.Props(new ChainWatcherOptions(901, "l2a", Mailbox, 2, TimeSpan.FromMilliseconds(50), MaxBlockSpan: 3)
        {
            FlushEmptyAfterBlocks = 1,
            Consumers = ["validator-a", "route-late"],
        }, chain, _ => { }), "configured1");
        watcher.Tell(new SubscribeToChain(TestActor, 0) { Consumer = "validator-a", Persisted = 0 });
        var events = ExpectUpTo(18);
        watcher.Tell(new ChainPositionPersisted("validator-a", events[^1].Sequence));
        var status = await watcher.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(events.Count, status.Retained); // route-late has acknowledged nothing yet

        var late = CreateTestProbe();
        watcher.Tell(new SubscribeToChain(late.Ref, 0) { Consumer = "route-late", Persisted = 0 });
        var replayed = events.Select(_ => late.ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(5))).ToList();
        Assert.Equal(events.Select(e => e.Sequence), replayed.Select(e => e.Sequence));

        // Once both acknowledged, the events are forgotten as before.
        watcher.Tell(new ChainPositionPersisted("route-late", events[^1].Sequence));
        status = await watcher.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.True(status.Retained < events.Count, $"{status.Retained} of {events.Count} events still retained");
    }

    [Fact]
    public async Task Subscribing_from_a_position_older_than_what_is_retained_fails_loudly_instead_of_skipping()
    {
        var chain = new MemoryChain(20);
        var watcher = StartSnapshottingWatcher(chain, "old1");
        watcher.Tell(new SubscribeToChain(TestActor, 0) { Consumer = "validator-a", Persisted = 0 });
        var events = ExpectUpTo(18);
        watcher.Tell(new ChainPositionPersisted("validator-a", 5));
        var status = await watcher.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(events.Count - 5, status.Retained);

        var late = CreateTestProbe();
        watcher.Tell(new SubscribeToChain(late.Ref, 3) { Consumer = "route-late", Persisted = 3 });
        var refused = late.ExpectMsg<ChainPositionUnavailable>(TimeSpan.FromSeconds(5));
        Assert.Equal(new ChainPositionUnavailable(901, 3, 6), refused);
        late.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // Exactly at the boundary (persisted 5, wants 6..) is served.
        watcher.Tell(new SubscribeToChain(late.Ref, 5) { Consumer = "route-late", Persisted = 5 });
        Assert.Equal(6L, late.ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(5)).Sequence);
    }

    [Fact]
    public async Task A_restarted_watcher_keeps_what_a_consumer_that_subscribes_after_another_still_needs()
    {
        // No periodic snapshot is due (every 1000 events): what the restarted watcher knows of its consumers comes only
        // from their registration. Before the fix, the first consumer to subscribe again trimmed past the other's position
        // and the other was refused for good (the restart test's 5 undelivered 901 -> 900 messages).
        var chain = new MemoryChain(20);
        var watcher = StartWatcher(chain, "r1");
        var fast = CreateTestProbe();
        var slow = CreateTestProbe();
        watcher.Tell(new SubscribeToChain(fast.Ref, 0) { Consumer = "validator-fast", Persisted = 0 });
        watcher.Tell(new SubscribeToChain(slow.Ref, 0) { Consumer = "route-slow", Persisted = 0 });
        var events = new List<ChainEventEnvelope>();
        while (events.Count == 0 || ((BlocksIndexed)events[^1].Event).To != 18)
            events.Add(fast.ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10)));
        Assert.True(events.Count >= 6);
        for (var i = 0; i < events.Count; i++) slow.ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10));
        watcher.Tell(new ChainPositionPersisted("validator-fast", 6));
        watcher.Tell(new ChainPositionPersisted("route-slow", 2));
        var status = await watcher.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(events.Count - 2, status.Retained);
        // Both registrations are in a snapshot (saved when each consumer first subscribed), so a restart knows both.
        await AwaitAssertAsync(async () => Assert.Equal(2,
            (await watcher.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5))).DurableConsumers), TimeSpan.FromSeconds(10));

        Watch(watcher);
        Sys.Stop(watcher);
        ExpectTerminated(watcher);
        var again = StartWatcher(chain, "r2");
        again.Tell(new SubscribeToChain(fast.Ref, 6) { Consumer = "validator-fast", Persisted = 6 });
        Assert.Equal(7L, fast.ExpectMsg<ChainEventEnvelope>(TimeSpan.FromSeconds(10)).Sequence);
        again.Tell(new SubscribeToChain(slow.Ref, 2) { Consumer = "route-slow", Persisted = 2 });
        var replayed = slow.ExpectMsg<object>(TimeSpan.FromSeconds(10));
        var first = Assert.IsType<ChainEventEnvelope>(replayed);
        Assert.Equal(3L, first.Sequence);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Another test of this class may still hold its journal open; the OS cleans temp.
        }
    }
}
