using System.Collections.Immutable;
using System.Numerics;
using Akka.Actor;
using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Bridge.Validation;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Relayers.Persistence;
using Interop.Relayers.Relaying;
using Interop.Relayers.Status;
using Interop.Relayers.Tests.Relaying;
using Interop.Relayers.Validating;
using Interop.Relayers.Watching;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Persistence;

/// <summary>The relayer network's persisted events and snapshots survive the journal's JSON (polymorphic core events included).</summary>
public sealed class PersistedNetworkTypesTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Address Mailbox = new(Enumerable.Repeat((byte)1, 20).ToArray());
    private static Bytes32 Hash(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private InteropJsonSerializer Serializer => new((ExtendedActorSystem)Sys);

    public static TheoryData<IPersistedMessage> Messages()
    {
        var message = RouteDecisionsTests.Message(3, Hash(5));
        var position = new LogPosition(Mailbox, 9, Hash(9), Hash(10), 2);
        var key = new EthKey(Enumerable.Repeat((byte)7, 32).ToArray());
        var checkpoint = new Checkpoint(901, Bytes32.FromAddress(Mailbox), Hash(3), 3);
        var signed = new CheckpointSigned(checkpoint, checkpoint.Sign(key));
        var route = new RouteState(901, Mailbox, 902, Mailbox, new RelayerOptions());
        route.Apply(new LeafIndexed(0, message.Id, 9));
        route.Apply(new MessageQueued(message with { Nonce = 0 }, 9, DateTimeOffset.UnixEpoch));
        route.Apply(new GasPaid(Hash(44), 5));
        var validator = new ValidatorState(901, Mailbox, key.Address);
        validator.Apply(new LeafAppended(0, message.Id, Hash(3), 9));
        var deny = Denylist.Empty with { Senders = [Hash(5)] };
        var record = new MessageRecord
        {
            Id = message.Id, Origin = 901, Destination = 902, Nonce = 3, Sender = Hash(5), Recipient = Hash(6), GasLimit = 100_000,
            Stage = MessageStage.Delivered, GasPaid = BigInteger.Pow(10, 20), GasUsed = 10_700, OriginTransaction = Hash(10),
            History = [new MessageTransition(MessageStage.Dispatched, DateTimeOffset.UnixEpoch, "x")],
        };
        return new TheoryData<IPersistedMessage>
        {
            new ChainEventRecorded(new BlocksIndexed(901, 9, 9, [new BlockRef(9, Hash(9), Hash(8))],
            [
                new DispatchedLog(position, new DispatchedEvent(message.Id, 902, message.Recipient, 3, Hash(3), message.Encode())),
                new GasPaymentLog(position, new GasPaymentEvent(message.Id, 902, 100_000, BigInteger.Pow(2, 200))),
                new ProcessedLog(position, new ProcessedEvent(message.Id, 900, 1)),
                new ProcessFailedLog(position, new ProcessFailedEvent(message.Id, 900, 2, [0xde, 0xad])),
                new TransferHeldLog(position, new TransferHeldEvent(BigInteger.Pow(2, 70), 900, Mailbox, BigInteger.Pow(10, 24), 1_900_000_000)),
                new HoldReleasedLog(position, new HoldReleasedEvent(7, Mailbox, BigInteger.Pow(10, 24))),
            ])),
            new ChainEventRecorded(new Rewound(901, 5, 9)),
            new ChainWatcherSnapshot(ChainIndexState.Start(901, [Mailbox], 3).Apply(new BlocksIndexed(901, 3, 9, [new BlockRef(9, Hash(9), Hash(8))], [])), 7,
            [
                new BlocksIndexed(901, 9, 9, [new BlockRef(9, Hash(9), Hash(8))],
                    [new ProcessedLog(position, new ProcessedEvent(message.Id, 900, 1))]),
                new Rewound(901, 5, 9),
            ], new Dictionary<string, long> { ["route-901-902"] = 6, ["status-tracker"] = 8 }),
            new ChainEventRecorded(new ReorgBeyondHistory(901, 1, 9, "gone")),
            new ValidatorEventsRecorded(4, [new LeafAppended(0, message.Id, Hash(3), 9), new TreeTruncated(0, 8), signed, new Halted("x")]),
            new ValidatorActorSnapshot(validator.Apply(signed).ToSnapshot(), 12),
            new ValidatorActorSnapshot(validator.ToSnapshot() with
            {
                BaseBranch = Enumerable.Range(0, 32).Select(i => Hash((byte)i)).ToList(), BaseCount = 5, BaseLast = new LeafAppended(4, Hash(4), Hash(3), 8), Highest = signed,
            }, 13),
            new RouteEventsRecorded(901, 4,
            [
                new LeafIndexed(0, message.Id, 9), new MessageQueued(message, 9, DateTimeOffset.UnixEpoch), new GasPaid(message.Id, 7),
                new MessageDropped(3, "no"), new OriginRewound(0, 8), new MessagesDelivered([1, 2], null), new DestinationRewound(3),
                new BatchSubmitted([3], Hash(1)), new DeliveryFailed([new RetryScheduled(3, 2, DateTimeOffset.UnixEpoch)], "r"),
                new RouteHalted("h"), new MessageRequeued(3),
            ], new BatchRequest("relay:901->902:batch-1", [3], [1, 2, 3]), "relay:901->902:batch-0"),
            new RouteDenylistRecorded(deny, [new MessageDropped(3, "denylisted")]),
            new RouteActorSnapshot(route.ToSnapshot(), ChainCursor.Empty.Advance(901, 3).Advance(902, 8), [new BatchRequest("r", [0], [9])], 4, deny),
            new RouteActorSnapshot(PrunedRoute().ToSnapshot(), ChainCursor.Empty.Advance(901, 300), [], 5, null),
            new RouteActorSnapshotV1(route.ToSnapshot(), ChainCursor.Empty.Advance(901, 3), [], 4, deny),
            new StatusRecordsChanged(902, 8, [record], [Hash(77)]),
            new StatusTrackerSnapshot([record], ChainCursor.Empty.Advance(900, 1)),
            new StatusRecordsChanged(902, 9, [record with
            {
                Stage = MessageStage.Held,
                Hold = new MessageHold(BigInteger.Pow(2, 70), Mailbox, Mailbox, BigInteger.Pow(10, 24), DateTimeOffset.FromUnixTimeSeconds(1_900_000_000), Hash(11), 9)
                {
                    ReleaseTransaction = Hash(12), ReleaseBlock = 12,
                },
            }], []),
        };
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_network_message_round_trips_through_its_manifest(IPersistedMessage message)
    {
        var manifest = Serializer.Manifest(message);
        var bytes = Serializer.ToBinary(message);
        var copy = Serializer.FromBinary(bytes, manifest);

        Assert.Equal(message.GetType(), copy.GetType());
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(copy)));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void The_chunked_serializer_writes_the_same_bytes_as_SerializeToUtf8Bytes(IPersistedMessage message) =>
        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), InteropJsonSerializer.JsonOptions),
            Serializer.ToBinary(message));

    [Fact]
    public void A_large_snapshot_spanning_many_chunks_serializes_to_the_same_bytes_and_round_trips()
    {
        // A route snapshot of several MB (thousands of messages): many 64 KiB chunks and one exact-size array.
        var route = new RouteState(901, Mailbox, 902, Mailbox, new RelayerOptions { ReorgHistoryBlocks = 100_000 });
        for (var i = 0; i < 5000; i++)
        {
            var m = RouteDecisionsTests.Message((ulong)i, Hash(5));
            route.Apply(new LeafIndexed((uint)i, m.Id, (ulong)i + 10));
            route.Apply(new MessageQueued(m, (ulong)i + 10, DateTimeOffset.UnixEpoch));
        }
        var snapshot = new RouteActorSnapshot(route.ToSnapshot(), ChainCursor.Empty.Advance(901, 5000), [], 0, null);

        var bytes = Serializer.ToBinary(snapshot);

        Assert.True(bytes.Length > 10 * ChunkedBufferWriter.MaxChunk, $"only {bytes.Length} bytes");
        Assert.Equal(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(snapshot, InteropJsonSerializer.JsonOptions), bytes);
        var copy = (RouteActorSnapshot)Serializer.FromBinary(bytes, Serializer.Manifest(snapshot));
        Assert.Equal(5000, copy.State.Leaves.Count);
    }

    // 300 route messages, one leaf per origin block, the first 290 delivered (bitmap reads, so settled at once) with a reorg
    // reach of 4 blocks: everything below leaf 290 is forgotten.
    private static RouteState PrunedRoute()
    {
        var route = new RouteState(901, Mailbox, 902, Mailbox, new RelayerOptions { ReorgHistoryBlocks = 4 });
        for (var i = 0; i < 300; i++)
        {
            var m = RouteDecisionsTests.Message((ulong)i, Hash(5));
            route.Apply(new LeafIndexed((uint)i, m.Id, (ulong)i + 10));
            route.Apply(new MessageQueued(m, (ulong)i + 10, DateTimeOffset.UnixEpoch));
        }
        route.Apply(new MessagesDelivered([.. Enumerable.Range(0, 290).Select(i => (ulong)i)], null));
        return route;
    }

    [Fact]
    public void Pruned_route_snapshot_restores_the_same_state_through_the_journal_json()
    {
        var route = PrunedRoute();
        Assert.Equal(290, route.PrunedBelow);
        var snapshot = new RouteActorSnapshot(route.ToSnapshot(), ChainCursor.Empty, [], 0, null);

        var copy = (RouteActorSnapshot)Serializer.FromBinary(Serializer.ToBinary(snapshot), Serializer.Manifest(snapshot));
        var restored = RouteState.FromSnapshot(copy.State, new RelayerOptions { ReorgHistoryBlocks = 4 });

        Assert.Equal("route.snapshot.v2", Serializer.Manifest(snapshot));
        Assert.Equal(10, copy.State.Leaves.Count);
        Assert.Equal(route.LeafCount, restored.LeafCount);
        Assert.Equal(route.PrunedBelow, restored.PrunedBelow);
        Assert.Equal(route.ForgottenDelivered, restored.ForgottenDelivered);
        Assert.Equal(route.Messages.Values, restored.Messages.Values);
        var pending = restored.SelectBatch(DateTimeOffset.UnixEpoch).Select(m => m.Message).ToList();
        Assert.Equal(10, pending.Count);
    }

    [Fact]
    public void Route_snapshot_v1_written_before_pruning_is_still_read()
    {
        var route = new RouteState(901, Mailbox, 902, Mailbox, new RelayerOptions());
        var message = RouteDecisionsTests.Message(0, Hash(5));
        route.Apply(new LeafIndexed(0, message.Id, 9));
        route.Apply(new MessageQueued(message, 9, DateTimeOffset.UnixEpoch));
        route.Apply(new MessagesDelivered([0], 12));
        // The JSON a node wrote before pruning existed: the same shape without the pruning fields.
        var node = System.Text.Json.Nodes.JsonNode.Parse(Serializer.ToBinary(new RouteActorSnapshotV1(route.ToSnapshot(), ChainCursor.Empty.Advance(901, 3), [], 1, null)))!;
        var state = node["state"]!.AsObject();
        foreach (var added in new[] { "prunedBelow", "frontier", "prunedLeafBlock", "prunedDeliveryBlock", "prunedDelivered", "newestDeliveryBlock" })
            Assert.True(state.Remove(added), added);

        var v1 = (RouteActorSnapshotV1)Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), "route.snapshot.v1");
        var restored = RouteState.FromSnapshot(v1.Upgrade().State, new RelayerOptions());

        Assert.Equal(0, restored.PrunedBelow);
        Assert.Equal(1, restored.LeafCount);
        Assert.Equal(RelayStatus.Delivered, restored.Get(0)!.Status);
        Assert.True(restored.IsDelivered(0));
        Assert.Equal(route.ToSnapshot().NewestDeliveryBlock, restored.ToSnapshot().NewestDeliveryBlock);
    }

    [Fact]
    public void Core_events_are_stored_under_stable_discriminators_not_type_names()
    {
        var json = System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(new RouteEventsRecorded(null, null, [new MessageRequeued(1)])));

        Assert.Contains("\"$kind\":\"message-requeued\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Interop.", json, StringComparison.Ordinal);
    }
}
