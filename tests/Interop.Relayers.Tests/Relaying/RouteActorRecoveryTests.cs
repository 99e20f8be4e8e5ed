using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Bridge.Relaying;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Relayers.Persistence;
using Interop.Relayers.Relaying;
using Interop.Relayers.Watching;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Relaying;

/// <summary>
/// The route actor on a real SQLite journal, fed watcher events by probes: it forgets delivered messages, snapshots the bounded
/// state, deletes its journal up to each snapshot, and a killed route recovers the same state from snapshot + journal tail.
/// </summary>
public sealed class RouteActorRecoveryTests : Akka.TestKit.Xunit2.TestKit
{
    private const uint Origin = 901, Destination = 902;
    private static readonly string Folder = Directory.CreateTempSubdirectory("interop-route-").FullName;
    private static readonly Address OriginMailbox = new(Enumerable.Repeat((byte)1, 20).ToArray());
    private static readonly Address DestinationMailbox = new(Enumerable.Repeat((byte)2, 20).ToArray());

    public RouteActorRecoveryTests()
        : base(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(
            PersistenceHocon.Create(PersistenceOptions.SqliteFile(Path.Combine(Folder, $"{Guid.NewGuid():N}.db")))))
    {
    }

    private static Bytes32 Hash(ulong n, byte tag)
    {
        var bytes = new byte[32];
        bytes[0] = tag;
        BitConverter.TryWriteBytes(bytes.AsSpan(8), n);
        return new Bytes32(bytes);
    }

    private static byte ChainTag(uint chain) => (byte)(chain - 900);

    private static BlocksIndexed Block(uint chain, ulong number, params MailboxLog[] logs) =>
        new(chain, number, number, [new BlockRef(number, Hash(number, ChainTag(chain)), Hash(number - 1, ChainTag(chain)))], logs);

    [Fact]
    public async Task Killed_route_recovers_its_pruned_state_from_the_snapshot_after_its_journal_was_deleted()
    {
        var originWatcher = CreateTestProbe();
        var destinationWatcher = CreateTestProbe();
        var txSender = CreateTestProbe();
        // Batches never fill and never wait long enough: this test is about the state, not about sending.
        var options = new RelayerOptions { MaxBatchSize = 5000, MaxWait = TimeSpan.FromHours(1), ReorgHistoryBlocks = 4 };
        var relayer = new Address(Enumerable.Repeat((byte)9, 20).ToArray());
        var wiring = new RouteWiring(Origin, OriginMailbox, Destination, DestinationMailbox, options, new ValidatorSet([relayer], 1), [],
            RpcClient.Create(new Uri("http://127.0.0.1:9")), relayer, originWatcher.Ref, destinationWatcher.Ref, txSender.Ref, ActorRefs.Nobody);

        var route = Sys.ActorOf(RouteActor.Props(wiring), "route-1");
        var tree = new MerkleTree();
        long originPosition = 0, destinationPosition = 0;
        // 1000 messages, one per origin block; after every 100, the first 90 of them are delivered, 10 per destination block.
        for (var n = 0UL; n < 1000; n++)
        {
            var message = new InteropMessage
            {
                Version = 1, Nonce = n, Origin = Origin, Sender = Hash(1, 7), Destination = Destination, Recipient = Hash(2, 7), GasLimit = 100_000,
                Body = [(byte)n],
            };
            tree.Append(message.Id);
            var position = new LogPosition(OriginMailbox, n + 1, Hash(n + 1, ChainTag(Origin)), Hash(n, 5), 0);
            var dispatched = new DispatchedLog(position, new DispatchedEvent(message.Id, Destination, message.Recipient, (uint)n, tree.Root(), message.Encode()));
            route.Tell(new ChainEventEnvelope(Origin, ++originPosition, Block(Origin, n + 1, dispatched)));
            if (n % 100 != 99) continue;
            for (var first = n - 99; first < n - 9; first += 10)
            {
                var block = (ulong)destinationPosition + 1;
                var logs = Enumerable.Range(0, 10).Select(i => (MailboxLog)new ProcessedLog(
                    new LogPosition(DestinationMailbox, block, Hash(block, ChainTag(Destination)), Hash(block, 6), (ulong)i),
                    new ProcessedEvent(Hash(first + (ulong)i, 3), Origin, first + (ulong)i))).ToArray();
                route.Tell(new ChainEventEnvelope(Destination, ++destinationPosition, Block(Destination, block, logs)));
            }
        }

        var before = await route.Ask<RouteStatus>(GetRouteStatus.Instance, TimeSpan.FromSeconds(60));
        Assert.Equal((900, 100), (before.Delivered, before.Pending));

        // 1000 + 90 journal writes: a snapshot at 500 and at 1000, each followed by deleting the journal up to it.
        await AwaitAssertAsync(async () => Assert.Equal(90, await CountJournaledAsync()), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));

        Watch(route);
        Sys.Stop(route);
        ExpectTerminated(route, TimeSpan.FromSeconds(30));
        var recovered = Sys.ActorOf(RouteActor.Props(wiring), "route-2");
        var after = await recovered.Ask<RouteStatus>(GetRouteStatus.Instance, TimeSpan.FromSeconds(60));
        Assert.Equal((before.Delivered, before.Pending, before.Submitted, before.Dropped), (after.Delivered, after.Pending, after.Submitted, after.Dropped));

        // The recovered cursor goes on where the route left: the next origin event is applied, an old one ignored.
        var next = new InteropMessage
        {
            Version = 1, Nonce = 1000, Origin = Origin, Sender = Hash(1, 7), Destination = Destination, Recipient = Hash(2, 7), GasLimit = 100_000, Body = [1],
        };
        tree.Append(next.Id);
        var nextLog = new DispatchedLog(new LogPosition(OriginMailbox, 1001, Hash(1001, ChainTag(Origin)), Hash(1000, 5), 0),
            new DispatchedEvent(next.Id, Destination, next.Recipient, 1000, tree.Root(), next.Encode()));
        recovered.Tell(new ChainEventEnvelope(Origin, originPosition, Block(Origin, 1000)));
        recovered.Tell(new ChainEventEnvelope(Origin, originPosition + 1, Block(Origin, 1001, nextLog)));
        Assert.Equal(101, (await recovered.Ask<RouteStatus>(GetRouteStatus.Instance, TimeSpan.FromSeconds(30))).Pending);
    }

    private async Task<long> CountJournaledAsync()
    {
        var journal = Akka.Persistence.Query.PersistenceQuery.Get(Sys)
            .ReadJournalFor<Akka.Persistence.Sql.Query.SqlReadJournal>(Akka.Persistence.Sql.Query.SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(RouteActor.PersistenceIdFor(Origin, Destination), 0, long.MaxValue)
            .RunAggregate(new List<long>(), (list, e) => { list.Add(e.SequenceNr); return list; }, Sys.Materializer());
        return events.Count;
    }
}
