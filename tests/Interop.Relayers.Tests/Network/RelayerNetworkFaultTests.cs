using System.Numerics;
using Interop.Bridge.Indexing;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Relayers.Network;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending.Events;
using Interop.Testing;
using static Interop.Relayers.Tests.Support.NetworkHarness;

namespace Interop.Relayers.Tests.Network;

/// <summary>The network under the faults a chain throws at it: an origin reorg, a destination RPC outage, a base-fee spike.</summary>
[Collection(DevnetCollection.Name)]
public sealed class RelayerNetworkFaultTests
{
    [Fact]
    public async Task An_origin_reorg_below_the_confirmation_depth_is_never_attested_and_the_re_included_message_is_delivered_once()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        // The origin is confirmed 3 blocks deep; the reorg below replaces 1 block.
        var (_, network) = await harness.StartNetworkAsync(harness.Settings(depthOverrides: new Dictionary<uint, int> { [L2a] = 3 }));
        await Eventually.TrueAsync(() => Task.FromResult(network.IsReady), TimeSpan.FromSeconds(30), "watchers caught up");
        var rpc = harness.Client(L2a).Rpc;
        var maker = harness.Deployer.MarketMakerKeys[0];
        var recipient = EthKey.Generate().Address;

        // Block production on the origin is taken over by the test: dispatch in a block of its own, then reorg that block away.
        await rpc.CallAsync("evm_setIntervalMining", [0UL]);
        var orphanTransfer = harness.TransferAsync(L2a, L1, maker, recipient, 1_000);
        await Eventually.TrueAsync(async () => await rpc.GetTransactionCountAsync(maker.Address, BlockParameter.Pending) >
            await rpc.GetTransactionCountAsync(maker.Address, BlockParameter.Latest), TimeSpan.FromSeconds(10), "the transfer is in the pool");
        await rpc.CallAsync("anvil_mine", [BigInteger.One]);
        var orphan = Assert.Single(Dispatched(await orphanTransfer));
        await rpc.CallAsync("anvil_reorg", [1UL, Array.Empty<object>()]);
        await harness.ResetClientAsync(L2a);

        // The same sender dispatches again: the Mailbox gives the new message the orphan's nonce, with another id and root.
        rpc = harness.Client(L2a).Rpc;
        var again = harness.TransferAsync(L2a, L1, maker, recipient, 2_000);
        await Eventually.TrueAsync(async () => await rpc.GetTransactionCountAsync(maker.Address, BlockParameter.Pending) >
            await rpc.GetTransactionCountAsync(maker.Address, BlockParameter.Latest), TimeSpan.FromSeconds(10), "the second transfer is in the pool");
        await rpc.CallAsync("evm_setIntervalMining", [1UL]);
        var included = Assert.Single(Dispatched(await again));
        Assert.Equal(orphan.Event.Index, included.Event.Index);
        Assert.NotEqual(orphan.Event.Id, included.Event.Id);

        await harness.AwaitDeliveredAsync([(L2a, L1, (ulong)included.Event.Index)], TimeSpan.FromSeconds(60));
        var processed = (await harness.DeliveryLogsAsync(L1)).OfType<ProcessedLog>().Where(p => p.Event.Origin == L2a && p.Event.Nonce == included.Event.Index).ToList();
        Assert.Equal(included.Event.Id, Assert.Single(processed).Event.Id);

        // No validator ever signed the orphan's root at its index (nor anywhere), and the node never showed the orphan.
        var signed = await network.GetCheckpointsAsync(L2a, included.Event.Index);
        Assert.Equal(harness.Options.Threshold, signed.Count);
        Assert.All(signed, s => Assert.Equal(included.Event.Root, s.Checkpoint.Root));
        Assert.All(await network.GetLatestCheckpointsAsync(L2a), s => Assert.NotEqual(orphan.Event.Root, s.Checkpoint.Root));
        Assert.Null(await network.GetAsync(orphan.Event.Id));
        Assert.Equal(MessageStage.Delivered, (await WaitForStageAsync(network, included.Event.Id, MessageStage.Delivered)).Stage);
    }

    [Fact]
    public async Task Deliveries_resume_after_the_destination_rpc_was_down_for_thirty_seconds()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        await using var proxy = FaultProxy.StartFor(harness.RpcUrl(L1));
        var (_, network) = await harness.StartNetworkAsync(harness.Settings(rpcOverrides: new Dictionary<uint, Uri> { [L1] = proxy.Url }));
        await Eventually.TrueAsync(() => Task.FromResult(network.IsReady), TimeSpan.FromSeconds(30), "watchers caught up");
        var maker = harness.Deployer.MarketMakerKeys[1];
        var recipient = EthKey.Generate().Address;

        async Task<List<(uint, uint, ulong)>> Send(int count, int seed) =>
            (await Task.WhenAll(Enumerable.Range(0, count).Select(i => harness.TransferAsync(L2a, L1, maker, recipient, new BigInteger(seed + i) * 1000))))
            .SelectMany(Dispatched).Select(d => (L2a, L1, (ulong)d.Event.Index)).ToList();

        await harness.AwaitDeliveredAsync(await Send(3, 1), TimeSpan.FromSeconds(60));

        proxy.Stop();
        var during = await Send(5, 10);
        // The outage the issue names: 30 s without the destination's RPC (the node logs, backs off and keeps going).
        await Task.Delay(TimeSpan.FromSeconds(30));
        foreach (var (origin, destination, nonce) in during) Assert.False(await harness.IsDeliveredAsync(origin, destination, nonce));
        proxy.Start();

        await harness.AwaitDeliveredAsync(during, TimeSpan.FromSeconds(60));
        var processed = (await harness.DeliveryLogsAsync(L1)).OfType<ProcessedLog>().Where(p => p.Event.Origin == L2a).ToList();
        Assert.DoesNotContain(processed.GroupBy(p => p.Event.Nonce), g => g.Count() > 1);
    }

    [Fact]
    public async Task A_base_fee_spike_while_a_delivery_is_pending_gets_the_transaction_replaced_and_confirmed()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var settings = harness.Settings(transactions: new NetworkTxSettings { StuckAfterBlocks = 2, StuckAfter = TimeSpan.FromSeconds(30) });
        var (system, network) = await harness.StartNetworkAsync(settings);
        var submitted = EventTap<TransactionSubmitted>.Attach(system, s => s.ChainId == L1 && s.RequestId.StartsWith("relay:", StringComparison.Ordinal));
        var replaced = EventTap<TransactionReplaced>.Attach(system, s => s.ChainId == L1);
        var confirmed = EventTap<TransactionConfirmed>.Attach(system, s => s.ChainId == L1);
        await Eventually.TrueAsync(() => Task.FromResult(network.IsReady), TimeSpan.FromSeconds(30), "watchers caught up");
        var destination = harness.Client(L1).Rpc;

        // The destination stops producing blocks, so the delivery transaction waits in the pool...
        await destination.CallAsync("evm_setIntervalMining", [0UL]);
        var message = Assert.Single(Dispatched(await harness.TransferAsync(L2a, L1, harness.Deployer.MarketMakerKeys[2], EthKey.Generate().Address, 5_000)));
        var first = await submitted.First.WaitAsync(TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await destination.GetTransactionCountAsync(harness.RelayerKey.Address, BlockParameter.Pending) > first.Nonce,
            TimeSpan.FromSeconds(10), "the delivery transaction is in the pool");

        // ...the base fee jumps to twice what it may pay, and blocks resume: it is stuck until the sender replaces it.
        await destination.CallAsync("anvil_setNextBlockBaseFeePerGas", [first.MaxFeePerGas * 2]);
        await destination.CallAsync("evm_setIntervalMining", [1UL]);

        await harness.AwaitDeliveredAsync([(L2a, L1, (ulong)message.Event.Index)], TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => Task.FromResult(confirmed.Seen.Any(c => c.RequestId == first.RequestId)), TimeSpan.FromSeconds(20), "confirmed");
        var replacement = replaced.Seen.First(r => r.RequestId == first.RequestId);
        Assert.True(replacement.MaxFeePerGas > first.MaxFeePerGas);
        var done = confirmed.Seen.Single(c => c.RequestId == first.RequestId);
        Assert.NotEqual(first.Hash, done.Hash);
        Assert.True(done.Receipt.Succeeded);
        var processed = (await harness.DeliveryLogsAsync(L1)).OfType<ProcessedLog>().Where(p => p.Event.Origin == L2a && p.Event.Nonce == message.Event.Index);
        Assert.Single(processed);
    }

    private static async Task<MessageRecord> WaitForStageAsync(IRelayerNetwork network, Bytes32 id, MessageStage stage)
    {
        MessageRecord? record = null;
        await Eventually.TrueAsync(async () => (record = await network.GetAsync(id))?.Stage == stage, TimeSpan.FromSeconds(20), $"message {id} at {stage}");
        return record!;
    }
}
