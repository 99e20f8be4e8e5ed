using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Relayers.Network;
using Interop.Relayers.Tests.Support;
using static Interop.Relayers.Tests.Support.NetworkHarness;

namespace Interop.Relayers.Tests.Network;

/// <summary>The admin side of <see cref="IRelayerNetwork"/>: denylist, retry, relay by transaction hash.</summary>
[Collection(DevnetCollection.Name)]
public sealed class RelayerNetworkAdminTests
{
    [Fact]
    public async Task A_denylisted_message_is_dropped_then_delivered_by_retry_once_the_runtime_denylist_no_longer_matches_it_which_survives_a_restart()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var bridgeSender = Bytes32.FromAddress(harness.Contract(L2a, "TokenBridge"));
        var settings = harness.Settings();
        settings = settings with { Relay = settings.Relay with { Denylist = Denylist.Empty with { Senders = [bridgeSender] } } };
        var (_, network) = await harness.StartNetworkAsync(settings);
        await Eventually.TrueAsync(() => Task.FromResult(network.IsReady), TimeSpan.FromSeconds(30), "watchers caught up");

        var receipt = await harness.TransferAsync(L2a, L1, harness.Deployer.MarketMakerKeys[0], EthKey.Generate().Address, 7_000);
        var message = Assert.Single(Dispatched(receipt)).Event;
        var originTx = new Bytes32(receipt.TransactionHash);
        await Eventually.TrueAsync(async () => (await network.GetAsync(message.Id))?.Stage == MessageStage.Dropped, TimeSpan.FromSeconds(30), "dropped");
        Assert.Contains("denylist", (await network.GetAsync(message.Id))!.LastError, StringComparison.Ordinal);

        var refused = await network.RetryAsync(message.Id);
        Assert.Equal(AdminResultKind.Conflict, refused.Kind);
        Assert.Contains("denylist", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(AdminResultKind.NotFound, (await network.RetryAsync(new Bytes32(new byte[32]))).Kind);
        Assert.Equal(AdminResultKind.NotFound, (await network.RelayTransactionAsync(L2a, new Bytes32(Enumerable.Repeat((byte)1, 32).ToArray()))).Kind);

        Assert.Equal(Denylist.Empty, await network.SetDenylistAsync(Denylist.Empty));
        Assert.Empty(network.Denylist.Senders);
        var retried = await network.RetryAsync(message.Id);
        Assert.Equal(AdminResultKind.Accepted, retried.Kind);
        Assert.Equal([message.Id], retried.MessageIds);

        await harness.AwaitDeliveredAsync([(L2a, L1, (ulong)message.Index)], TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => (await network.GetAsync(message.Id))?.Stage == MessageStage.Delivered, TimeSpan.FromSeconds(20), "delivered");
        var relayAgain = await network.RelayTransactionAsync(L2a, originTx);
        Assert.Equal(AdminResultKind.Conflict, relayAgain.Kind);
        Assert.Equal([message.Id], relayAgain.MessageIds);

        // The runtime denylist is persisted: a restarted node keeps it, not the one in its settings.
        await network.DisposeAsync();
        var (_, restarted) = await harness.StartNetworkAsync(settings);
        Assert.Empty(restarted.Denylist.Senders);
        Assert.Equal(MessageStage.Delivered, (await restarted.GetAsync(message.Id))!.Stage);
    }
}
