using System.Numerics;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.Filling;
using Interop.Relayers.Tests.Support;
using static Interop.Relayers.Tests.Support.NetworkHarness;

using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Filling;

/// <summary>
/// Rebalancing on a real devnet (L1 900 and L2 901): the filler fills 901->900, so its L1 inventory is the one that drains;
/// the move goes 901->900 through the canonical TokenBridge and the real relayer network delivers it.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class RebalanceDevnetTests
{
    private static readonly ContractDefinition Erc20 = ContractDefinition.Get(ContractNames.TestErc20);
    private static readonly ContractDefinition Bridge = ContractDefinition.Get(ContractNames.TokenBridge);

    // L1 is short by exactly the deficit below its low-water mark and L2 901 holds 1 USDC above its target: the move is
    // the deficit, which is exactly the minimum move (a move at the boundary is made).
    private const long Deficit = 400_000;

    private static FillerSettings Settings(NetworkHarness harness, BigInteger l1Balance, BigInteger l2Balance) => new()
    {
        Key = harness.Deployer.Filler,
        Chains = harness.ChainIds.Select(id => new FillerChain(id, [harness.RpcUrl(id)], 1, TimeSpan.FromSeconds(1))).ToList(),
        Routes = [new FillerRoute(L2a, harness.Contract(L2a, "IntentPool"), L1, harness.Contract(L1, "IntentPool"),
            [new FillerToken("USDC", harness.Contract(L2a, "USDC"), harness.Contract(L1, "USDC"))])],
        // Caps above the filler's 5M USDC, so the terms show the whole L1 inventory.
        Policy = new FillerPolicy { MinFeeBps = 5, MaxOrderOutput = BigInteger.Pow(10, 15), MaxExposurePerOrigin = BigInteger.Pow(10, 15) },
        Timing = new FillerTiming { PollInterval = TimeSpan.FromMilliseconds(300), ResendAfter = TimeSpan.FromSeconds(5) },
        Rebalance = new RebalanceSettings
        {
            Enabled = true,
            Tokens =
            [
                new RebalanceToken("USDC", Deficit,
                [
                    new RebalanceVenue(L1, harness.Contract(L1, "USDC"), harness.Contract(L1, "TokenBridge"), new RebalanceLimits(l1Balance + Deficit, l1Balance + Deficit)),
                    new RebalanceVenue(L2a, harness.Contract(L2a, "USDC"), harness.Contract(L2a, "TokenBridge"), new RebalanceLimits(l2Balance - 1_000_000, 0)),
                ]),
            ],
        },
    };

    private static Task<BigInteger> BalanceAsync(NetworkHarness harness, uint chain, Address owner) =>
        harness.CallUintAsync(chain, harness.Contract(chain, "USDC"), Erc20, "balanceOf", owner);

    private static async Task<int> TransfersSentAsync(NetworkHarness harness, uint chain, Address sender) =>
        (await harness.Client(chain).Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [harness.Contract(chain, "TokenBridge")],
            Topics = [[Bridge.Topic0("TransferSent")], null, null, [sender.ToBytes32()]],
            FromBlock = BlockParameter.AtNumber(0),
            ToBlock = BlockParameter.Latest,
        })).Count;

    [Fact]
    public async Task A_destination_below_its_low_water_mark_is_refilled_to_its_target_through_the_bridge_and_the_terms_grow_back()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        var filler = harness.Deployer.Filler.Address;
        var (l1, l2) = (await BalanceAsync(harness, L1, filler), await BalanceAsync(harness, L2a, filler));
        var sentBefore = await TransfersSentAsync(harness, L2a, filler);

        await using var fillers = await FillerNetwork.StartAsync(system, Settings(harness, l1, l2));

        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).Arrived == 1, TimeSpan.FromSeconds(90), "the move arrived");
        Assert.Equal(l1 + Deficit, await BalanceAsync(harness, L1, filler));
        Assert.Equal(l2 - Deficit, await BalanceAsync(harness, L2a, filler));
        Assert.Equal(sentBefore + 1, await TransfersSentAsync(harness, L2a, filler));
        // The terms on 901->900 are bounded by the L1 inventory: they grow by the move once a read shows it.
        await Eventually.TrueAsync(() => Task.FromResult(fillers.Terms.Current.Count == 1 && fillers.Terms.Current[0].Inventory == l1 + Deficit),
            TimeSpan.FromSeconds(20), "terms grew by the move");

        // At its target the destination is no longer below its low-water mark: a few more reads decide nothing.
        var reads = 0;
        system.EventStream.Subscribe(system.ActorOf(Akka.Actor.Props.Create(() => new Counter(() => Interlocked.Increment(ref reads)))), typeof(InventorySnapshot));
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref reads) >= 5), TimeSpan.FromSeconds(20), "five more inventory reads");
        var status = await fillers.GetRebalanceStatusAsync();
        Assert.Equal((1L, 1, 0, 0), (status.Started, status.Arrived, status.Failed, status.InFlight.Count));
    }

    [Fact]
    public async Task A_move_journaled_before_a_crash_is_completed_exactly_once_after_the_restart()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var filler = harness.Deployer.Filler.Address;
        var (l1, l2) = (await BalanceAsync(harness, L1, filler), await BalanceAsync(harness, L2a, filler));
        var nonceBefore = await harness.Client(L2a).Rpc.GetTransactionCountAsync(filler, BlockParameter.Latest);
        var sentBefore = await TransfersSentAsync(harness, L2a, filler);
        var settings = Settings(harness, l1, l2);

        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        var fillers = await FillerNetwork.StartAsync(system, settings);
        // Crash as soon as the move is journaled (its approve or transfer may or may not have gone out).
        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).Started == 1, TimeSpan.FromSeconds(30), "a move started");
        await CrashAsync(system);
        await fillers.DisposeAsync();

        var (system2, _) = await harness.StartNetworkAsync(harness.Settings());
        await using var restarted = await FillerNetwork.StartAsync(system2, settings);
        await Eventually.TrueAsync(async () => (await restarted.GetRebalanceStatusAsync()).Arrived == 1, TimeSpan.FromSeconds(90), "the move arrived after the restart");

        Assert.Equal(1, await TransfersSentAsync(harness, L2a, filler) - sentBefore);
        Assert.Equal(l1 + Deficit, await BalanceAsync(harness, L1, filler));
        Assert.Equal(l2 - Deficit, await BalanceAsync(harness, L2a, filler));
        // Exactly the approve and the transfer on the source: nothing sent twice, nothing wasted.
        Assert.Equal(nonceBefore + 2, await harness.Client(L2a).Rpc.GetTransactionCountAsync(filler, BlockParameter.Latest));
        var status = await restarted.GetRebalanceStatusAsync();
        Assert.Equal((1L, 1, 0), (status.Started, status.Arrived, status.Failed));
    }

    /// <summary>Counts the messages it gets.</summary>
    private sealed class Counter : Akka.Actor.ReceiveActor
    {
        public Counter(Action count) => ReceiveAny(_ => count());
    }
}
