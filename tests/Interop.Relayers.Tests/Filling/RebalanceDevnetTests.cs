using System.Numerics;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.Filling;
using Interop.Relayers.Metrics;
using Interop.Ethereum.Encoding;
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

    private static Task<IReadOnlyList<Log>> BridgeLogsAsync(NetworkHarness harness, uint chain, string eventName, params byte[][]?[] topics) =>
        harness.Client(chain).Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [harness.Contract(chain, "TokenBridge")],
            Topics = [[Bridge.Topic0(eventName)], .. topics],
            FromBlock = BlockParameter.AtNumber(0),
            ToBlock = BlockParameter.Latest,
        });

    [Fact]
    public async Task A_move_above_the_destination_bridges_large_transfer_threshold_is_held_then_claimed_by_the_filler_once_mature_and_arrives_once()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var filler = harness.Deployer.Filler.Address;
        var (l1, l2) = (await BalanceAsync(harness, L1, filler), await BalanceAsync(harness, L2a, filler));
        // The owner of L1's bridge holds every inbound transfer above the move less one for 5 s.
        const ulong Delay = 5;
        await harness.Client(L1).SendAsync(harness.Deployer.Deployer, harness.Contract(L1, "TokenBridge"), Bridge, "setLargeTransferRule", [new BigInteger(Deficit - 1), Delay]);
        var held = RelayerMetrics.FillerRebalances.WithLabels("USDC", RelayerMetrics.Route(L2a, L1), "held");
        var claimed = RelayerMetrics.FillerRebalances.WithLabels("USDC", RelayerMetrics.Route(L2a, L1), "claimed");
        var (heldBefore, claimedBefore) = (held.Value, claimed.Value);

        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        await using var fillers = await FillerNetwork.StartAsync(system, Settings(harness, l1, l2));

        // First held: journaled with the bridge's hold id and release time, still in flight (the balance has not moved).
        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).Held == 1, TimeSpan.FromSeconds(90), "the move was held");
        var heldLogs = await BridgeLogsAsync(harness, L1, "TransferHeld", null, [HexBigInteger.ToBytes(L2a, 32)], [filler.ToBytes32()]);
        var heldLog = Assert.Single(heldLogs);
        var holdId = HexBigInteger.FromBytes(heldLog.Topics[1]);
        var releaseAt = (ulong)HexBigInteger.FromBytes(heldLog.Data.AsSpan(32, 32));
        Assert.Equal(Deficit, HexBigInteger.FromBytes(heldLog.Data.AsSpan(0, 32)));

        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).Arrived == 1, TimeSpan.FromSeconds(60), "the held move was claimed and arrived");
        Assert.Equal(l1 + Deficit, await BalanceAsync(harness, L1, filler));
        Assert.Equal(l2 - Deficit, await BalanceAsync(harness, L2a, filler));

        // Claimed once, by the filler, at or after the release time.
        var released = Assert.Single(await BridgeLogsAsync(harness, L1, "HoldReleased", [HexBigInteger.ToBytes(holdId, 32)]));
        var claim = await harness.Client(L1).Rpc.GetTransactionByHashAsync(released.TransactionHash);
        Assert.Equal(filler, claim!.From);
        var claimBlock = await harness.Client(L1).Rpc.GetBlockByNumberAsync(BlockParameter.AtNumber(released.BlockNumber));
        Assert.True(claimBlock!.Timestamp >= releaseAt, $"claimed at {claimBlock.Timestamp}, before the release time {releaseAt}");
        Assert.True(released.BlockNumber > heldLog.BlockNumber);
        Assert.Single(await BridgeLogsAsync(harness, L1, "TransferReceived", [HexBigInteger.ToBytes(L2a, 32)], [filler.ToBytes32()]));

        var status = await fillers.GetRebalanceStatusAsync();
        Assert.Equal((1L, 1, 0, 0, 1), (status.Started, status.Arrived, status.Failed, status.InFlight.Count, status.Held));
        Assert.Equal(1.0, held.Value - heldBefore);
        // The claim is counted when its TxSender reports it confirmed, which may be after its TransferReceived ended the move.
        await Eventually.TrueAsync(() => Task.FromResult(claimed.Value - claimedBefore >= 1), TimeSpan.FromSeconds(20), "the claim was counted");
        Assert.Equal(1.0, claimed.Value - claimedBefore);
    }

    [Fact]
    public async Task A_move_held_before_a_crash_is_claimed_after_the_restart_without_sending_the_transfer_again()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var filler = harness.Deployer.Filler.Address;
        var (l1, l2) = (await BalanceAsync(harness, L1, filler), await BalanceAsync(harness, L2a, filler));
        var sourceNonce = await harness.Client(L2a).Rpc.GetTransactionCountAsync(filler, BlockParameter.Latest);
        var sentBefore = await TransfersSentAsync(harness, L2a, filler);
        // Long enough that the crash comes before the hold is mature.
        await harness.Client(L1).SendAsync(harness.Deployer.Deployer, harness.Contract(L1, "TokenBridge"), Bridge, "setLargeTransferRule", [new BigInteger(Deficit - 1), 10UL]);
        // Snapshots every 2 events: the restart recovers from a snapshot (and the events after it), not the whole journal.
        var settings = Settings(harness, l1, l2);
        settings = settings with { Timing = settings.Timing with { SnapshotEvery = 2 } };

        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        var fillers = await FillerNetwork.StartAsync(system, settings);
        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).Held == 1, TimeSpan.FromSeconds(90), "the move was held");
        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).SnapshotAt >= 4, TimeSpan.FromSeconds(10), "a snapshot of the held move was taken");
        await CrashAsync(system);
        await fillers.DisposeAsync();
        Assert.Empty(await BridgeLogsAsync(harness, L1, "HoldReleased"));

        var (system2, _) = await harness.StartNetworkAsync(harness.Settings());
        await using var restarted = await FillerNetwork.StartAsync(system2, settings);
        var recovered = await restarted.GetRebalanceStatusAsync();
        Assert.True(recovered.SnapshotAt >= 4, $"recovered from the snapshot at {recovered.SnapshotAt}");
        Assert.Equal(RebalanceStage.Claim, Assert.Single(recovered.InFlight).Stage);
        Assert.Equal((1L, 1), (recovered.Started, recovered.Held));
        await Eventually.TrueAsync(async () => (await restarted.GetRebalanceStatusAsync()).Arrived == 1, TimeSpan.FromSeconds(60), "the held move was claimed after the restart");

        var released = Assert.Single(await BridgeLogsAsync(harness, L1, "HoldReleased"));
        Assert.Equal(filler, (await harness.Client(L1).Rpc.GetTransactionByHashAsync(released.TransactionHash))!.From);
        Assert.Equal(l1 + Deficit, await BalanceAsync(harness, L1, filler));
        // The source saw the approve and the transfer only: nothing re-sent after the restart.
        Assert.Equal(1, await TransfersSentAsync(harness, L2a, filler) - sentBefore);
        Assert.Equal(sourceNonce + 2, await harness.Client(L2a).Rpc.GetTransactionCountAsync(filler, BlockParameter.Latest));
        var status = await restarted.GetRebalanceStatusAsync();
        Assert.Equal((1L, 1, 0, 1), (status.Started, status.Arrived, status.Failed, status.Held));
    }

    [Fact]
    public async Task With_hold_claims_left_to_others_a_held_move_is_not_claimed_by_the_filler_and_arrives_once_someone_else_claims_it()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var filler = harness.Deployer.Filler.Address;
        var (l1, l2) = (await BalanceAsync(harness, L1, filler), await BalanceAsync(harness, L2a, filler));
        await harness.Client(L1).SendAsync(harness.Deployer.Deployer, harness.Contract(L1, "TokenBridge"), Bridge, "setLargeTransferRule", [new BigInteger(Deficit - 1), 3UL]);
        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        var settings = Settings(harness, l1, l2);
        // As on the node when its relayer network claims holds (Interop:Relayer:ClaimHolds): the rebalancer leaves them.
        await using var fillers = await FillerNetwork.StartAsync(system, settings with { Rebalance = settings.Rebalance with { ClaimHolds = false } });

        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).Held == 1, TimeSpan.FromSeconds(90), "the move was held");
        var held = Assert.Single(await BridgeLogsAsync(harness, L1, "TransferHeld", null, [HexBigInteger.ToBytes(L2a, 32)], [filler.ToBytes32()]));
        var holdId = HexBigInteger.FromBytes(held.Topics[1]);
        var releaseAt = (ulong)HexBigInteger.FromBytes(held.Data.AsSpan(32, 32));
        var fillerNonce = await harness.Client(L1).Rpc.GetTransactionCountAsync(filler, BlockParameter.Latest);

        // Mature on L1's clock for a while (the rebalancer polls every 300 ms): the filler claims nothing.
        await Eventually.TrueAsync(async () => (await harness.Client(L1).Rpc.GetBlockByNumberAsync(BlockParameter.Latest))!.Timestamp >= releaseAt + 3,
            TimeSpan.FromSeconds(30), "L1's clock passed the release");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(await BridgeLogsAsync(harness, L1, "HoldReleased"));
        Assert.Equal(fillerNonce, await harness.Client(L1).Rpc.GetTransactionCountAsync(filler, BlockParameter.Latest));
        Assert.Equal(0, (await fillers.GetRebalanceStatusAsync()).Arrived);

        // Someone else claims it (anyone may): the move arrives.
        await harness.Client(L1).SendAsync(harness.Deployer.Deployer, harness.Contract(L1, "TokenBridge"), Bridge, "claim", [holdId]);
        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).Arrived == 1, TimeSpan.FromSeconds(30), "the move arrived once claimed");
        Assert.Equal(l1 + Deficit, await BalanceAsync(harness, L1, filler));
        Assert.Equal(fillerNonce, await harness.Client(L1).Rpc.GetTransactionCountAsync(filler, BlockParameter.Latest));
    }

    [Fact]
    public async Task A_move_in_flight_is_booked_again_when_the_inventory_restarts_after_a_failure()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var filler = harness.Deployer.Filler.Address;
        var (l1, l2) = (await BalanceAsync(harness, L1, filler), await BalanceAsync(harness, L2a, filler));
        // Held for ten minutes: the move stays in flight (incoming on L1) for the whole test.
        await harness.Client(L1).SendAsync(harness.Deployer.Deployer, harness.Contract(L1, "TokenBridge"), Bridge, "setLargeTransferRule", [new BigInteger(Deficit - 1), 600UL]);
        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        await using var fillers = await FillerNetwork.StartAsync(system, Settings(harness, l1, l2));
        var restarts = 0;
        system.EventStream.Subscribe(system.ActorOf(Akka.Actor.Props.Create(() => new Counter(() => Interlocked.Increment(ref restarts)))), typeof(InventoryRestarted));

        await Eventually.TrueAsync(async () => (await fillers.GetRebalanceStatusAsync()).Held == 1, TimeSpan.FromSeconds(90), "the move was held");
        var move = Assert.Single((await fillers.GetRebalanceStatusAsync()).InFlight).Id;
        var l1Usdc = (L1, harness.Contract(L1, "USDC"));
        var before = await fillers.GetInventoryAsync();
        Assert.Contains(move, before.Moves);
        Assert.Equal(Deficit, before.Incoming[l1Usdc]);

        // The inventory fails (here on a message without a move: any exception) and is restarted by its supervisor with an
        // empty book; the rebalancer books its move again.
        fillers.Actors.Inventory.Tell(new RestoreMove(null!, null), Akka.Actor.ActorRefs.NoSender);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref restarts) == 1), TimeSpan.FromSeconds(10), "the inventory restarted");
        await Eventually.TrueAsync(async () =>
        {
            var after = await fillers.GetInventoryAsync();
            return after.Moves.Contains(move) && after.Incoming.GetValueOrDefault(l1Usdc) == Deficit;
        }, TimeSpan.FromSeconds(10), "the move was booked again as incoming on L1");
        Assert.Equal(1L, (await fillers.GetRebalanceStatusAsync()).Started);
    }

    /// <summary>Counts the messages it gets.</summary>
    private sealed class Counter : Akka.Actor.ReceiveActor
    {
        public Counter(Action count) => ReceiveAny(_ => count());
    }
}
