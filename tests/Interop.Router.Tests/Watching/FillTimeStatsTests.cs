using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Router.Venues;
using Interop.Router.Watching;

namespace Interop.Router.Tests.Watching;

public sealed class FillTimeStatsTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static MessageRecord Delivered(uint origin, uint destination, double seconds) => new()
    {
        Id = Bytes32.Zero, Origin = origin, Destination = destination, Nonce = 0, Sender = Bytes32.Zero, Recipient = Bytes32.Zero,
        GasLimit = 0, Stage = MessageStage.Delivered,
        History = [new(MessageStage.Dispatched, T0), new(MessageStage.Attested, T0 + TimeSpan.FromSeconds(1)), new(MessageStage.Delivered, T0 + TimeSpan.FromSeconds(seconds))],
    };

    [Fact]
    public void Percentiles_per_route_come_from_dispatch_to_delivery()
    {
        var records = Enumerable.Range(1, 10).Select(i => Delivered(901, 902, i)).Append(Delivered(900, 901, 30));
        var stats = FillTimeStats.FromMessages(records);
        Assert.Equal(new(5, 9), stats[(901, 902, VenueKind.CanonicalBridge)]);
        // One sample is not enough to replace the configured default.
        Assert.False(stats.ContainsKey((900, 901, VenueKind.CanonicalBridge)));
    }

    [Fact]
    public void A_held_transfers_relay_time_ends_at_its_hold_not_at_the_release()
    {
        var held = Enumerable.Range(1, 3).Select(i => Delivered(901, 902, 3600) with
        {
            History = [new(MessageStage.Dispatched, T0), new(MessageStage.Held, T0 + TimeSpan.FromSeconds(4)), new(MessageStage.Delivered, T0 + TimeSpan.FromSeconds(3600))],
        });
        Assert.Equal(new(4, 4), FillTimeStats.FromMessages(held)[(901, 902, VenueKind.CanonicalBridge)]);
    }

    [Fact]
    public void Percentile_uses_the_nearest_rank()
    {
        Assert.Equal(3, FillTimeStats.Percentile([1, 2, 3, 4, 5], 0.5));
        Assert.Equal(5, FillTimeStats.Percentile([1, 2, 3, 4, 5], 0.9));
        Assert.Equal(7, FillTimeStats.Percentile([7], 0.1));
    }
}
