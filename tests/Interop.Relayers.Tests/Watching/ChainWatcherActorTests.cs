using Akka.Actor;
using Akka.Configuration;
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
