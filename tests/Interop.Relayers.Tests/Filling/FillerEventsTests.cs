using System.Numerics;
using Akka.Actor;
using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Relayers.Filling;
using Interop.Relayers.Persistence;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Filling;

public sealed class FillerEventsTests : Akka.TestKit.Xunit2.TestKit
{
    private InteropJsonSerializer Serializer => new((ExtendedActorSystem)Sys);
    private static readonly IntentOrder Order = new(901, 902, Address.Parse("0x00000000000000000000000000000000000000a1"), Address.Parse("0x00000000000000000000000000000000000000a2"),
        Address.Parse("0x00000000000000000000000000000000000000a3"), BigInteger.Pow(10, 30), Address.Parse("0x00000000000000000000000000000000000000a4"), 999, 1_700_000_000,
        Address.Zero, 0, BigInteger.Pow(2, 255));

    public static TheoryData<IPersistedMessage> Events() => new()
    {
        new FillerLogsScanned(42, [new ObservedOrder(Order, 40)], [Order.Id]),
        new FillStarted(Order.Id),
        new FillFinished(Order.Id, true, Order.Id, 43, DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), null),
        new OrderDropped(Order.Id, "fee below 5 bps"),
        new SettlementStarted(3, [Order.Id], 123_456),
        new SettlementFinished(3, false, DateTimeOffset.FromUnixTimeSeconds(1_700_000_002), "reverted"),
        new RebalanceStarted(7, "USDC", 901, 900, BigInteger.Pow(10, 30), 1234),
        new RebalanceApproved("rebalance:USDC:901->900:7"),
        new RebalanceSent("rebalance:USDC:901->900:7", Order.Id, 99),
        new RebalanceHeld("rebalance:USDC:901->900:7", BigInteger.Pow(2, 200), 1_700_000_005, 1238),
        new RebalanceFinished("rebalance:USDC:901->900:7", true, 1240, null),
        new RebalancerSnapshot(9, 3, 1, 2,
        [
            new RebalanceMoveSnapshot(new RebalanceStarted(7, "USDC", 901, 900, BigInteger.Pow(10, 30), 1234), true, 99, new RebalanceHold(BigInteger.Pow(2, 200), 1_700_000_005)),
            new RebalanceMoveSnapshot(new RebalanceStarted(8, "USDC", 900, 902, 5, 77), false, null, null),
        ]),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_filler_event_round_trips_through_its_manifest(IPersistedMessage message)
    {
        var copy = Serializer.FromBinary(Serializer.ToBinary(message), Serializer.Manifest(message));
        Assert.Equal(message.GetType(), copy.GetType());
        Assert.Equal(Serializer.ToBinary(message), Serializer.ToBinary(copy));
    }

    [Fact]
    public void A_journaled_order_keeps_its_id_exact_amounts_and_no_derived_fields()
    {
        var json = System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(new FillerLogsScanned(42, [new ObservedOrder(Order, 40)], [])));
        Assert.Contains("\"inputAmount\":\"1000000000000000000000000000000\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"fee\"", json, StringComparison.Ordinal);
        var copy = (FillerLogsScanned)Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(json), "filler.logs-scanned.v1");
        Assert.Equal(Order.Id, copy.Opened[0].Order.Id);
    }

    [Fact]
    public void A_journaled_hold_keeps_its_hold_id_exact()
    {
        var held = new RebalanceHeld("rebalance:USDC:901->900:7", BigInteger.Pow(2, 200) + 1, ulong.MaxValue, 1238);
        var copy = (RebalanceHeld)Serializer.FromBinary(Serializer.ToBinary(held), "rebalancer.move-held.v1");
        Assert.Equal(held, copy);
    }

    [Fact]
    public void A_move_replayed_from_its_journal_after_being_held_resumes_by_claiming_not_by_sending_again()
    {
        var id = "rebalance:USDC:901->900:7";
        var journal = new IRebalanceEvent[]
        {
            new RebalanceStarted(7, "USDC", 901, 900, 5_000, 1234),
            new RebalanceApproved(id),
            new RebalanceSent(id, Order.Id, 99),
            new RebalanceHeld(id, 3, 1_700_000_005, 1238),
        };
        var recovered = new RebalanceState();
        foreach (var e in journal)
            recovered.Apply((IRebalanceEvent)Serializer.FromBinary(Serializer.ToBinary(e), Serializer.Manifest(e)));
        var move = recovered.InFlight[id];
        Assert.Equal(RebalanceStage.Claim, move.Stage);
        Assert.Equal(new RebalanceHold(3, 1_700_000_005), move.Hold);
        Assert.Equal((99UL, 1), (move.SentBlock!.Value, recovered.Held));
        Assert.True(recovered.HasMoveTo("USDC", 900));
    }

    [Fact]
    public void A_state_restored_from_its_snapshot_through_the_serializer_equals_the_replayed_one_and_goes_on_the_same()
    {
        var journal = new IRebalanceEvent[]
        {
            new RebalanceStarted(7, "USDC", 901, 900, 5_000, 1234),
            new RebalanceApproved("rebalance:USDC:901->900:7"),
            new RebalanceSent("rebalance:USDC:901->900:7", Order.Id, 99),
            new RebalanceHeld("rebalance:USDC:901->900:7", 3, 1_700_000_005, 1238),
            new RebalanceStarted(8, "USDC", 900, 902, 6_000, 50),
            new RebalanceStarted(9, "USDC", 901, 902, 7_000, 51),
            new RebalanceFinished("rebalance:USDC:901->902:9", false, 0, "reverted"),
            new RebalanceStarted(10, "USDC", 902, 901, 8_000, 52),
            new RebalanceFinished("rebalance:USDC:902->901:10", true, 60, null),
        };
        var replayed = new RebalanceState();
        foreach (var e in journal) replayed.Apply(e);
        var snapshot = (RebalancerSnapshot)Serializer.FromBinary(Serializer.ToBinary(replayed.ToSnapshot()), "rebalancer.snapshot.v1");
        var restored = RebalanceState.FromSnapshot(snapshot);

        Assert.Equal((replayed.NextNumber, replayed.Arrived, replayed.Failed, replayed.Held), (restored.NextNumber, restored.Arrived, restored.Failed, restored.Held));
        Assert.Equal((11L, 1, 1, 1), (restored.NextNumber, restored.Arrived, restored.Failed, restored.Held));
        Assert.Equal(replayed.InFlight.OrderBy(m => m.Key), restored.InFlight.OrderBy(m => m.Key));
        Assert.Equal(RebalanceStage.Claim, restored.InFlight["rebalance:USDC:901->900:7"].Stage);
        Assert.Equal(RebalanceStage.Approve, restored.InFlight["rebalance:USDC:900->902:8"].Stage);

        // The events after the snapshot apply as they would have to the replayed state.
        foreach (var state in new[] { replayed, restored })
        {
            state.Apply(new RebalanceFinished("rebalance:USDC:901->900:7", true, 1300, null));
            state.Apply(new RebalanceApproved("rebalance:USDC:900->902:8"));
        }
        Assert.Equal(replayed.InFlight.OrderBy(m => m.Key), restored.InFlight.OrderBy(m => m.Key));
        Assert.Equal((2, 1), (restored.Arrived, restored.InFlight.Count));
    }
}
