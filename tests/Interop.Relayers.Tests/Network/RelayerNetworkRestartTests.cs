using System.Numerics;
using Interop.Bridge.Indexing;
using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending.Events;
using static Interop.Relayers.Tests.Support.NetworkHarness;

namespace Interop.Relayers.Tests.Network;

[Collection(DevnetCollection.Name)]
public sealed class RelayerNetworkRestartTests
{
    [Fact]
    public async Task A_crash_after_a_batch_is_submitted_and_before_it_is_confirmed_loses_nothing_and_delivers_nothing_twice()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var settings = harness.Settings();
        var (system, network) = await harness.StartNetworkAsync(settings);
        var submitted = EventTap<TransactionSubmitted>.Attach(system, s => s.RequestId.StartsWith("relay:", StringComparison.Ordinal));
        var confirmed = EventTap<TransactionConfirmed>.Attach(system);
        await Eventually.TrueAsync(() => Task.FromResult(network.IsReady), TimeSpan.FromSeconds(30), "watchers caught up");

        var maker = harness.Deployer.MarketMakerKeys[0];
        await harness.ApproveL1BridgeAsync(maker, BigInteger.Pow(10, 15));
        var recipient = EthKey.Generate().Address;
        async Task<List<(uint Origin, uint Destination, ulong Nonce, DispatchedLog Log)>> SendWave(int count, int seed) =>
            (await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            {
                var (origin, destination) = i % 2 == 0 ? (L2a, L1) : (L1, L2a);
                return harness.TransferAsync(origin, destination, maker, recipient, new BigInteger(seed + i) * 1000)
                    .ContinueWith(t => Dispatched(t.Result).Select(d => (origin, destination, (ulong)d.Event.Index, d)).ToList(), TaskScheduler.Default);
            }))).SelectMany(x => x).ToList();

        // 1. A first wave; the node is killed the moment its first batch transaction is handed to the chain.
        var wave1 = await SendWave(20, 1);
        var first = await submitted.First.WaitAsync(TimeSpan.FromSeconds(60));
        var signedBefore = await network.GetLatestCheckpointsAsync(L2a);
        await CrashAsync(system);
        Assert.DoesNotContain(confirmed.Seen, c => c.RequestId == first.RequestId);

        // 2. While the node is down, a second wave is dispatched.
        var wave2 = await SendWave(10, 100);

        // 3. A new node on the same journal finishes the batch in flight and relays everything else.
        var (_, restarted) = await harness.StartNetworkAsync(settings);
        var all = wave1.Concat(wave2).ToList();
        await harness.AwaitDeliveredAsync(all.Select(m => (m.Origin, m.Destination, m.Nonce)).ToList(), TimeSpan.FromSeconds(90));

        foreach (var destination in new[] { L1, L2a })
        {
            var logs = await harness.DeliveryLogsAsync(destination);
            Assert.DoesNotContain(logs, l => l is ProcessFailedLog);
            Assert.Empty(logs.OfType<ProcessedLog>().GroupBy(p => (p.Event.Origin, p.Event.Nonce)).Where(g => g.Count() > 1).Select(g => g.Key));
        }

        // The validators kept what they signed before the crash, and every root they ever signed is the chain's root at its index.
        foreach (var before in signedBefore)
        {
            var after = await restarted.GetCheckpointsAsync(L2a, before.Checkpoint.Index);
            Assert.Contains(after, a => a.Signature.Equals(before.Signature) && a.Checkpoint == before.Checkpoint);
        }
        var chainRoots = all.Where(m => m.Origin == L2a).ToDictionary(m => (uint)m.Log.Event.Index, m => m.Log.Event.Root);
        // A validator may answer an index whose signature it no longer keeps with a later checkpoint covering it (none here:
        // fewer than ValidatorState.RetainSigned signatures); either way the root must be the chain's at the answered index.
        foreach (var index in chainRoots.Keys)
            Assert.All(await restarted.GetCheckpointsAsync(L2a, index), signed =>
            {
                Assert.True(signed.Checkpoint.Index >= index);
                Assert.Equal(chainRoots[signed.Checkpoint.Index], signed.Checkpoint.Root);
            });
        var record = await restarted.GetAsync(wave1[0].Log.Event.Id);
        Assert.NotNull(record);
    }
}
