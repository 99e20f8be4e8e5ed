using Akka.Actor;
using Interop.Relayers.Persistence;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending.Journal;
using Interop.Relayers.TxSending.State;
using static Interop.Relayers.Tests.Support.TxFactory;

namespace Interop.Relayers.Tests.Persistence;

public sealed class InteropJsonSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    private InteropJsonSerializer Serializer => new((ExtendedActorSystem)Sys);

    public static TheoryData<IPersistedMessage> Messages()
    {
        var state = TxSenderState.Empty(10)
            .Apply(new RequestQueued(Request("a")))
            .Apply(new RequestQueued(Request("b") with { ReplyTo = "akka://interop/user/relayer", GasLimit = 90_000, To = null, Data = [0x60, 0x00] }))
            .Apply(new AttemptSigned("a", 3, 25_200, Attempt(1)))
            .Apply(new RequestFailed("b", "gas estimation reverted: nope"));
        return new TheoryData<IPersistedMessage>
        {
            new RequestQueued(Request("a") with { Value = System.Numerics.BigInteger.Pow(2, 255) }),
            new AttemptSigned("a", 3, 25_200, Attempt(1)),
            new RequestRequeued("a", 3, "nonce used"),
            new RequestConfirmed("a", 3, Hash(1), Receipt(12)),
            new RequestFailed("a", "gas estimation reverted: nope"),
            state.ToSnapshot(),
        };
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_persisted_message_round_trips_through_its_manifest(IPersistedMessage message)
    {
        var manifest = Serializer.Manifest(message);
        var copy = Serializer.FromBinary(Serializer.ToBinary(message), manifest);

        Assert.Equal(message.GetType(), copy.GetType());
        // Records hold byte arrays (reference equality): compare their serialized forms instead.
        Assert.Equal(Serializer.ToBinary(message), Serializer.ToBinary(copy));
    }

    [Fact]
    public void The_journal_format_is_readable_json_with_exact_quantities()
    {
        var json = System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(new RequestQueued(Request("a") with { Value = System.Numerics.BigInteger.Pow(10, 30) })));

        Assert.Contains("\"value\":\"1000000000000000000000000000000\"", json);
        Assert.Contains("\"to\":\"0x00000000000000000000000000000000000000B0\"", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_persisted_type_has_a_unique_stable_manifest()
    {
        // + the 6 filler events and the filler snapshot (Filling/FillerEvents.cs), + the 5 rebalancer events and the rebalancer snapshot (Filling/RebalanceEvents.cs)
        Assert.Equal(16 + 7 + 6, InteropJsonSerializer.Manifests.Count);
        foreach (var name in new[] { "rebalancer.move-started.v1", "rebalancer.move-approved.v1", "rebalancer.move-sent.v1", "rebalancer.move-held.v1", "rebalancer.move-finished.v1" })
            Assert.True(InteropJsonSerializer.Manifests.ContainsKey(name), $"no manifest {name}");
        Assert.Equal(typeof(Interop.Relayers.Relaying.RouteActorSnapshot), InteropJsonSerializer.Manifests["route.snapshot.v2"]);
        Assert.Equal(typeof(Interop.Relayers.Relaying.RouteActorSnapshotV1), InteropJsonSerializer.Manifests["route.snapshot.v1"]);
        Assert.Equal(typeof(Interop.Relayers.Watching.ChainWatcherSnapshot), InteropJsonSerializer.Manifests["chain-watcher.snapshot.v1"]);
        Assert.Equal(typeof(Interop.Relayers.Watching.ChainEventRecorded), InteropJsonSerializer.Manifests["chain-watcher.indexed.v1"]);
        Assert.Equal(typeof(AttemptSigned), InteropJsonSerializer.Manifests["tx-sender.attempt-signed.v1"]);
    }

    [Fact]
    public void A_filler_snapshot_round_trips()
    {
        var snapshot = Interop.Relayers.Tests.Filling.FillerStateTests.Busy().ToSnapshot();
        var copy = Assert.IsType<Interop.Relayers.Filling.FillerSnapshot>(Serializer.FromBinary(Serializer.ToBinary(snapshot), "filler.snapshot.v1"));
        Assert.Equal(Serializer.ToBinary(snapshot), Serializer.ToBinary(copy));
        Assert.Equivalent(snapshot, copy, strict: true);
    }

    [Fact]
    public void An_unknown_manifest_fails_with_a_clear_error()
    {
        var e = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary([], "tx-sender.from-the-future.v9"));

        Assert.Contains("tx-sender.from-the-future.v9", e.Message);
    }

    [Fact]
    public async Task The_actor_system_picks_this_serializer_for_persisted_messages()
    {
        var system = ActorSystem.Create("serialization", PersistenceHocon.Create(PersistenceOptions.SqliteFile(Path.Combine(Path.GetTempPath(), "unused.db"))));

        var serializer = system.Serialization.FindSerializerFor(new RequestFailed("a", "x"));

        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<InteropJsonSerializer>(serializer);
    }
}
