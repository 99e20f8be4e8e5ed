using System.Numerics;
using Interop.Bridge.Indexing;
using Interop.Bridge.Status;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Relayers.Tests.Support;
using static Interop.Relayers.Tests.Support.NetworkHarness;

namespace Interop.Relayers.Tests.Network;

/// <summary>The whole relayer network (watchers, validators, routes, tx senders, status tracker) on the real three-chain devnet.</summary>
[Collection(DevnetCollection.Name)]
public sealed class RelayerNetworkDeliveryTests
{
    [Fact]
    public async Task Two_hundred_messages_over_all_six_directions_are_delivered_exactly_once_and_supply_is_conserved()
    {
        await using var harness = await NetworkHarness.StartAsync();
        var (_, network) = await harness.StartNetworkAsync(harness.Settings());
        await Eventually.TrueAsync(() => Task.FromResult(network.IsReady), TimeSpan.FromSeconds(30), "every watcher caught up once");

        var chains = new[] { L1, L2a, L2b };
        var directions = chains.SelectMany(o => chains.Where(d => d != o).Select(d => (Origin: o, Destination: d))).ToList();
        var makers = harness.Deployer.MarketMakerKeys;
        foreach (var maker in makers) await harness.ApproveL1BridgeAsync(maker, BigInteger.Pow(10, 15));
        var recipients = directions.ToDictionary(d => d, _ => EthKey.Generate().Address);

        // 200 TokenBridge transfers: the recipients are plain accounts, which the bridge pays (a Mailbox recipient must be a
        // contract that accepts the origin's bridge as counterpart: the TokenBridge is the one every chain enrols).
        var sends = Enumerable.Range(0, 200).Select(i =>
        {
            var direction = directions[i % directions.Count];
            var maker = makers[i / directions.Count % makers.Count];
            return (direction, Task: harness.TransferAsync(direction.Origin, direction.Destination, maker, recipients[direction], new BigInteger(i + 1) * 1000));
        }).ToList();
        await Task.WhenAll(sends.Select(s => s.Task));
        var sent = sends.SelectMany(s => Dispatched(s.Task.Result).Select(d => (s.direction.Origin, s.direction.Destination, Nonce: (ulong)d.Event.Index, d.Event.Id,
            OriginTx: new Bytes32(s.Task.Result.TransactionHash)))).ToList();
        Assert.Equal(200, sent.Count);

        await harness.AwaitDeliveredAsync(sent.Select(s => (s.Origin, s.Destination, s.Nonce)).ToList(), TimeSpan.FromSeconds(120));

        // Exactly once: one Processed log per (origin, nonce) on every destination, no failure.
        foreach (var destination in chains)
        {
            var logs = await harness.DeliveryLogsAsync(destination);
            Assert.DoesNotContain(logs, l => l is ProcessFailedLog);
            var duplicates = logs.OfType<ProcessedLog>().GroupBy(p => (p.Event.Origin, p.Event.Nonce)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.Empty(duplicates);
        }

        // Supply: L1 locked == the sum of the L2 bridged supplies (nothing is in flight any more).
        var bridge = ContractDefinition.Get(ContractNames.TokenBridge);
        var token = ContractDefinition.Get(ContractNames.BridgedToken);
        var locked = await harness.CallUintAsync(L1, harness.Contract(L1, "TokenBridge"), bridge, "locked");
        var supply = await harness.CallUintAsync(L2a, harness.Contract(L2a, "USDC"), token, "totalSupply")
            + await harness.CallUintAsync(L2b, harness.Contract(L2b, "USDC"), token, "totalSupply");
        Assert.Equal(locked, supply);

        // The status tracker saw every message through to delivery, with transactions, gas paid and gas used.
        await Eventually.TrueAsync(async () => (await network.ListAsync(MessageStage.Delivered, 10_000)).Count(r => sent.Any(s => s.Id == r.Id)) == 200,
            TimeSpan.FromSeconds(20), "every record delivered");
        var sample = sent[17];
        var record = await network.GetAsync(sample.Id) ?? throw new Xunit.Sdk.XunitException("no record");
        Assert.Equal(MessageStage.Delivered, record.Stage);
        Assert.Equal(sample.OriginTx, record.OriginTransaction);
        Assert.NotNull(record.DeliveryTransaction);
        Assert.True(record.GasPaid > 0, "gas paid from the GasPayment log");
        Assert.True(record.GasUsed > 0, "gas used from the delivery receipt");
        Assert.Equal(MessageStage.Dispatched, record.History[0].Stage);
        Assert.Contains(record, await network.FindByTransactionAsync(sample.OriginTx));
        Assert.Contains(await network.FindByTransactionAsync(record.DeliveryTransaction!.Value), r => r.Id == sample.Id);

        // Checkpoints are served by every local validator.
        Assert.Equal(harness.Options.Threshold, (await network.GetLatestCheckpointsAsync(L2a)).Count);
        Assert.True(network.IsReady);
    }
}
