using System.Diagnostics;
using System.Numerics;
using Akka.Actor;
using Address = Interop.Ethereum.Address;
using Interop.Bridge.Intents;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Relayers.Filling;
using Interop.Relayers.Network;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Chain;
using Interop.Relayers.TxSending.Commands;
using static Interop.Relayers.Tests.Support.NetworkHarness;

namespace Interop.Relayers.Tests.Filling;

/// <summary>The filler on a real devnet (L1 900 and L2 901, 1 s blocks) with the relayer network carrying settlements back.</summary>
[Collection(DevnetCollection.Name)]
public sealed class FillerDevnetTests
{
    private static readonly ContractDefinition Erc20 = ContractDefinition.Get(ContractNames.TestErc20);

    private static FillerSettings Settings(NetworkHarness harness, FillerPolicy? policy = null) => new()
    {
        Key = harness.Deployer.Filler,
        Chains = harness.ChainIds.Select(id => new FillerChain(id, [harness.RpcUrl(id)], 1, TimeSpan.FromSeconds(1))).ToList(),
        Routes = [new FillerRoute(L2a, harness.Contract(L2a, "IntentPool"), L1, harness.Contract(L1, "IntentPool"),
            [new FillerToken("USDC", harness.Contract(L2a, "USDC"), harness.Contract(L1, "USDC"))])],
        Policy = policy ?? new FillerPolicy { MinFeeBps = 5 },
        Timing = new FillerTiming { PollInterval = TimeSpan.FromMilliseconds(300), SettleMaxWait = TimeSpan.FromSeconds(1), SettleBatchSize = 10 },
    };

    private static async Task<IntentOrder> OpenAsync(NetworkHarness harness, EthKey depositor, Address recipient, BigInteger input, BigInteger output, int salt, uint deadlineIn = 300)
    {
        var client = harness.Client(L2a);
        var latest = await client.Rpc.GetBlockByNumberAsync(BlockParameter.Latest);
        var order = new IntentOrder(L2a, L1, depositor.Address, recipient, harness.Contract(L2a, "USDC"), input, harness.Contract(L1, "USDC"), output,
            (uint)latest!.Timestamp + deadlineIn, Address.Zero, 0, salt);
        await client.SendAsync(depositor, harness.Contract(L2a, "USDC"), Erc20, "approve", [harness.Contract(L2a, "IntentPool"), input]);
        var receipt = await client.SendAsync(depositor, harness.Contract(L2a, "IntentPool"), IntentPoolAbi.Definition, "open", [order.ToAbiTuple()]);
        // The contract's own id equals ours (keccak256(abi.encode(order))).
        Assert.Contains(receipt.Logs, l => l.Topics[0].AsSpan().SequenceEqual(IntentPoolAbi.OrderOpenedTopic) && new Bytes32(l.Topics[1]) == order.Id);
        return order;
    }

    private static Task<BigInteger> BalanceAsync(NetworkHarness harness, uint chain, Address owner) =>
        harness.CallUintAsync(chain, harness.Contract(chain, "USDC"), Erc20, "balanceOf", owner);

    private static async Task<IntentPoolAbi.DepositStatus> DepositAsync(NetworkHarness harness, IntentOrder order) =>
        IntentPoolAbi.DecodeDepositStatus(await harness.Client(L2a).CallAsync(harness.Contract(L2a, "IntentPool"), IntentPoolAbi.EncodeDeposits(order.Id)));

    private static async Task<int> FilledLogsAsync(NetworkHarness harness, Bytes32 orderId) =>
        (await harness.Client(L1).Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [harness.Contract(L1, "IntentPool")],
            Topics = [[IntentPoolAbi.OrderFilledTopic], [orderId.ToArray()]],
            FromBlock = BlockParameter.AtNumber(0),
            ToBlock = BlockParameter.Latest,
        })).Count;

    [Fact]
    public async Task An_intent_is_filled_within_seconds_and_the_filler_is_repaid_on_the_origin_after_settle()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var (system, network) = await harness.StartNetworkAsync(harness.Settings());
        await using var fillers = await FillerNetwork.StartAsync(system, Settings(harness));
        var filler = harness.Deployer.Filler.Address;
        var fillerOnOrigin = await BalanceAsync(harness, L2a, filler);
        var recipient = EthKey.Generate().Address;

        // The live terms appear once the inventory was read: 5 bps, the filler's L1 USDC capped by the largest order.
        await Eventually.TrueAsync(() => Task.FromResult(fillers.Terms.Current.Count == 1), TimeSpan.FromSeconds(20), "terms published");
        var terms = fillers.Terms.Current[0];
        Assert.Equal((L2a, L1, "USDC", 5), ((uint)terms.OriginChain, (uint)terms.DestinationChain, terms.Symbol, terms.FeeBps));
        Assert.Equal(BigInteger.Min(await BalanceAsync(harness, L1, filler), new FillerPolicy().MaxOrderOutput), terms.Inventory);

        var clock = Stopwatch.StartNew();
        var order = await OpenAsync(harness, harness.Deployer.MarketMakerKeys[0], recipient, 1_000_000, 999_000, salt: 1);
        await Eventually.TrueAsync(async () => await BalanceAsync(harness, L1, recipient) == 999_000, TimeSpan.FromSeconds(30), "recipient paid on the destination");
        var fillSeconds = clock.Elapsed.TotalSeconds;
        Assert.True(fillSeconds < 15, $"filled after {fillSeconds:0.0} s");

        // settle() -> message -> the relayer network delivers it -> the origin pays the escrow to the filler. On a timeout the
        // message says which stage did not happen (settle sent/mined, Dispatched, signed, relayed, processed).
        await Eventually.TrueAsync(async () => await DepositAsync(harness, order) == IntentPoolAbi.DepositStatus.Settled, TimeSpan.FromSeconds(120), "escrow settled",
            () => SettlementProbe.DescribeAsync(harness, network, fillers, order));
        Assert.Equal(fillerOnOrigin + 1_000_000, await BalanceAsync(harness, L2a, filler));
        await Eventually.TrueAsync(async () => (await fillers.GetStatusAsync(L2a, L1)).Repaid == 1, TimeSpan.FromSeconds(20), "filler saw its repayment");
        var status = await fillers.GetStatusAsync(L2a, L1);
        Assert.Equal(0, status.Exposure);
        Assert.Equal(1, await FilledLogsAsync(harness, order.Id));
    }

    [Fact]
    public async Task A_settle_request_lost_on_its_way_to_the_TxSender_is_sent_again_and_the_filler_is_repaid()
    {
        // The filler wired by hand, as FillerNetwork wires it, but its TxSender reached through a relay that drops the first
        // settle request: what a TxSender that stopped (its journal failed) and was backing off does with its mailbox.
        // Before the filler re-sent unanswered requests the settlement then never went out (the filler waited forever).
        RpcClient? origin = null, destination = null;
        try
        {
            await using var harness = await NetworkHarness.StartPairAsync();
            var (system, network) = await harness.StartNetworkAsync(harness.Settings());
            var key = harness.Deployer.Filler;
            origin = RpcClient.Create(harness.RpcUrl(L2a));
            destination = RpcClient.Create(harness.RpcUrl(L1));
            var rpcs = new Dictionary<uint, RpcClient> { [L2a] = origin, [L1] = destination };
            var settings = Settings(harness);
            var timing = settings.Timing with { ResendAfter = TimeSpan.FromSeconds(3) };
            var route = settings.Routes[0];
            var inventory = system.ActorOf(InventoryActor.Props(key.Address, rpcs, settings.Routes, settings.Policy,
                rpcs.Keys.ToDictionary(id => id, _ => TimeSpan.FromSeconds(1)), new FillerTermsBoard(), timing.PollInterval, timing.RpcTimeout), "inventory");
            var sender = system.ActorOf(TxSenderActor.SupervisedProps(new TxSenderOptions
            {
                ChainId = L1,
                PollInterval = TimeSpan.FromMilliseconds(250),
                ConfirmationDepth = 1,
                RpcTimeout = timing.RpcTimeout,
                Retry = new Bridge.Retry.RetrySchedule { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5) },
            }, key, new RpcTxSenderChain(destination)), "tx-sender-900");
            var lossy = system.ActorOf(Props.Create(() => new DropFirstSettle(sender)), "lossy-relay");
            var filler = system.ActorOf(FillerActor.Props(new FillerWiring(key.Address, route, settings.Policy, origin, destination, inventory, lossy, timing)), "filler");

            var order = await OpenAsync(harness, harness.Deployer.MarketMakerKeys[0], EthKey.Generate().Address, 1_000_000, 999_000, salt: 7);
            await Eventually.TrueAsync(async () => await DepositAsync(harness, order) == IntentPoolAbi.DepositStatus.Settled, TimeSpan.FromSeconds(60),
                "escrow settled although the first settle request was lost", () => SettlementProbe.DescribeAsync(harness, network, null, order));

            Assert.Equal(1, await lossy.Ask<int>(DropFirstSettle.CountDropped.Instance, TimeSpan.FromSeconds(5)));
            // Sent again under the same request id: one settle transaction, not two.
            var settlements = await harness.Client(L1).Rpc.GetLogsAsync(new LogFilter
            {
                Addresses = [harness.Contract(L1, "IntentPool")],
                Topics = [[IntentPoolAbi.Definition.Topic0("SettlementSent")]],
                FromBlock = BlockParameter.AtNumber(0),
                ToBlock = BlockParameter.Latest,
            });
            Assert.Single(settlements);
            await Eventually.TrueAsync(async () => (await filler.Ask<FillerStatus>(GetFillerStatus.Instance, TimeSpan.FromSeconds(5))).Repaid == 1,
                TimeSpan.FromSeconds(20), "filler saw its repayment");
        }
        finally
        {
            origin?.Dispose();
            destination?.Dispose();
        }
    }

    /// <summary>Forwards everything to the TxSender (the filler stays the sender) but drops the first settle request.</summary>
    private sealed class DropFirstSettle : ReceiveActor
    {
        private int _dropped;

        public DropFirstSettle(IActorRef target)
        {
            Receive<CountDropped>(_ => Sender.Tell(_dropped));
            Receive<SendTransaction>(send =>
            {
                if (_dropped == 0 && send.RequestId.StartsWith("settle:", StringComparison.Ordinal))
                {
                    _dropped++;
                    return;
                }
                target.Forward(send);
            });
            ReceiveAny(target.Forward);
        }

        public sealed record CountDropped
        {
            public static readonly CountDropped Instance = new();

            private CountDropped()
            {
            }
        }
    }

    [Fact]
    public async Task An_order_above_the_largest_order_the_filler_takes_stays_unfilled_while_a_smaller_one_is_filled()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        // The filler holds 5M USDC on L1, but the largest order it takes (MaxOrderOutput) is below this order.
        await using var fillers = await FillerNetwork.StartAsync(system, Settings(harness, new FillerPolicy { MinFeeBps = 5, MaxOrderOutput = 500_000 }));
        var recipient = EthKey.Generate().Address;
        var big = await OpenAsync(harness, harness.Deployer.MarketMakerKeys[0], recipient, 1_000_000, 999_000, salt: 2);
        var small = await OpenAsync(harness, harness.Deployer.MarketMakerKeys[0], recipient, 500_000, 499_000, salt: 3);
        await Eventually.TrueAsync(async () => await FilledLogsAsync(harness, small.Id) == 1, TimeSpan.FromSeconds(30), "the small order filled");
        Assert.Equal(0, await FilledLogsAsync(harness, big.Id));
        Assert.Equal(499_000, await BalanceAsync(harness, L1, recipient));
        Assert.Equal(IntentPoolAbi.DepositStatus.Open, await DepositAsync(harness, big));
    }

    [Fact]
    public async Task A_fill_awaiting_repayment_is_booked_again_when_the_inventory_restarts_after_a_failure()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        // Settlements wait ten minutes: the fill stays owed (exposure to the origin) for the whole test.
        var settings = Settings(harness);
        settings = settings with { Timing = settings.Timing with { SettleMaxWait = TimeSpan.FromMinutes(10) } };
        await using var fillers = await FillerNetwork.StartAsync(system, settings);
        var restarts = 0;
        system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new CountRestarts(() => Interlocked.Increment(ref restarts)))), typeof(InventoryRestarted));
        var order = await OpenAsync(harness, harness.Deployer.MarketMakerKeys[0], EthKey.Generate().Address, 1_000_000, 999_000, salt: 11);
        await Eventually.TrueAsync(async () => await FilledLogsAsync(harness, order.Id) == 1, TimeSpan.FromSeconds(30), "the order filled");
        await Eventually.TrueAsync(async () => (await fillers.GetInventoryAsync()) is { PendingRepayments: 1 } s && s.ExposureTo(L2a) == 1_000_000,
            TimeSpan.FromSeconds(20), "the repayment is owed in the inventory");

        // The inventory fails (on a message without a fill: any exception) and its supervisor restarts it with an empty book.
        fillers.Actors.Inventory.Tell(new RestoreFill(null!, null), ActorRefs.NoSender);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref restarts) == 1), TimeSpan.FromSeconds(10), "the inventory restarted");
        await Eventually.TrueAsync(async () => (await fillers.GetInventoryAsync()) is { PendingRepayments: 1 } s && s.ExposureTo(L2a) == 1_000_000,
            TimeSpan.FromSeconds(10), "the filler booked its owed repayment again");
    }

    private sealed class CountRestarts : ReceiveActor
    {
        public CountRestarts(Action count) => ReceiveAny(_ => count());
    }

    [Fact]
    public async Task A_filler_killed_and_restarted_fills_every_order_exactly_once_without_a_wasted_transaction()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        // Snapshots every 2 events: the restart recovers from a snapshot (the journal before it deleted) plus what followed.
        var snapshotting = Settings(harness) with { Timing = Settings(harness).Timing with { SnapshotEvery = 2 } };
        var (system, _) = await harness.StartNetworkAsync(harness.Settings());
        var fillers = await FillerNetwork.StartAsync(system, snapshotting);
        var makers = harness.Deployer.MarketMakerKeys;
        var recipient = EthKey.Generate().Address;
        var orders = new List<IntentOrder>();
        for (var i = 0; i < 4; i++)
            orders.Add(await OpenAsync(harness, makers[i % makers.Count], recipient, 1_000_000 + i, 999_000, salt: 100 + i));

        // Crash as soon as the first fill is journaled (some may be in flight, some not started).
        await Eventually.TrueAsync(async () => (await fillers.GetStatusAsync(L2a, L1)) is { Filling: > 0 } or { Filled: > 0 }, TimeSpan.FromSeconds(30), "a fill started");
        await CrashAsync(system);
        await fillers.DisposeAsync();

        var (system2, _) = await harness.StartNetworkAsync(harness.Settings());
        await using var restarted = await FillerNetwork.StartAsync(system2, snapshotting);
        foreach (var order in orders)
            await Eventually.TrueAsync(async () => await DepositAsync(harness, order) == IntentPoolAbi.DepositStatus.Settled, TimeSpan.FromSeconds(60), $"order {order.Salt} settled");

        foreach (var order in orders) Assert.Equal(1, await FilledLogsAsync(harness, order.Id));
        Assert.Equal(4 * 999_000, await BalanceAsync(harness, L1, recipient));
        // Every transaction of the filler key on L1 is the approve, a fill or a settle: none was spent on a rejected fill.
        var filler = harness.Deployer.Filler.Address;
        var settlements = (await harness.Client(L1).Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [harness.Contract(L1, "IntentPool")],
            Topics = [[IntentPoolAbi.Definition.Topic0("SettlementSent")]],
            FromBlock = BlockParameter.AtNumber(0),
            ToBlock = BlockParameter.Latest,
        })).Count;
        var nonce = await harness.Client(L1).Rpc.GetTransactionCountAsync(filler, BlockParameter.Latest);
        Assert.Equal((ulong)(1 + orders.Count + settlements), nonce);
    }
}
