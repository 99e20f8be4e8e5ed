using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Interop.Bridge.Chain;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Indexing;
using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Bridge.Validation;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc;
using Interop.Router.Http;
using Interop.Router.Quoting;
using Interop.Router.Tests.Http;
using Interop.Router.Venues;
using Interop.Router.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Router.Tests.Devnet;

/// <summary>The router against the real devnet (three anvils, every contract deployed), one devnet for all steps.</summary>
public sealed class RouterDevnetTests
{
    private const uint L2a = 901;
    private const uint L2b = 902;
    private static readonly ContractDefinition Erc20 = ContractDefinition.Get(ContractNames.TestErc20);
    private static readonly ContractDefinition Bridge = ContractDefinition.Get(ContractNames.TokenBridge);
    private static readonly ContractDefinition Pool = ContractDefinition.Get(ContractNames.ConstantProductPool);

    /// <summary>Message records the test fills in after delivering by hand, standing in for the relayer network.</summary>
    private sealed class RecordedStatus : IMessageStatusSource
    {
        public ConcurrentDictionary<Bytes32, MessageRecord> Records { get; } = new();
        public Task<MessageRecord?> GetAsync(Bytes32 id, CancellationToken cancellationToken = default) => Task.FromResult(Records.GetValueOrDefault(id));
        public Task<IReadOnlyList<MessageRecord>> FindByTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<MessageRecord>>(Records.Values.Where(r => r.OriginTransaction == transactionHash).ToList());
        public Task<IReadOnlyList<MessageRecord>> ListAsync(MessageStage? stage, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<MessageRecord>>(Records.Values.Where(r => stage is null || r.Stage == stage).Take(limit).ToList());
    }

    [Fact]
    public async Task Quotes_read_real_reserves_and_limits_and_executed_quotes_deliver_what_they_promised()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var options = new DevnetOptions { Chains = DevnetOptions.DefaultChains() };
        var deployer = new DevnetDeployer(options, NullLogger.Instance);
        await using var devnet = await LocalDevnet.StartAsync(options, deployer.DeployAsync, NullLogger.Instance, ct);
        var a = devnet.Manifest.Chain(L2a);
        var b = devnet.Manifest.Chain(L2b);
        await using var chainA = new ChainClient(RpcClient.Create(new Uri(a.Rpc)), L2a);
        await using var chainB = new ChainClient(RpcClient.Create(new Uri(b.Rpc)), L2b);
        var settings = RouterSettings.FromManifest(devnet.Manifest, options.Mnemonic);
        var marketMaker = settings.ExecutorKey!.Address;
        var status = new RecordedStatus();
        await using var host = await RouterHost.StartAsync(settings, messages: status, watchChains: true);
        var watcher = host.Services.GetRequiredService<VenueWatcher>();

        // 1. The hosted watcher publishes a snapshot of the real chains; reserves and limits match the contracts.
        while (host.Snapshots.Current.Version == 0) await Task.Delay(100, ct);
        // A rate limit set on chain shows up in the next snapshot: 5000 USDC outbound from L2a to L2b.
        var bridgeA = Address.Parse(a.Contracts["TokenBridge"]);
        await chainA.SendAsync(deployer.Deployer, bridgeA, Bridge, "setRateLimit", [L2b, true, true, new BigInteger(5_000_000_000), new BigInteger(1_000)], null, ct);
        var snapshot = await watcher.RefreshAsync(ct);
        var poolA = Address.Parse(a.Contracts["Pool"]);
        var reserves = await chainA.CallAsync(poolA, Pool.Encode("getReserves"), null, ct);
        var usdcA = Address.Parse(a.Contracts["USDC"]);
        var usdcToWeth = snapshot.Edges.OfType<PoolEdge>().Single(e => e.From == new AssetKey(L2a, usdcA));
        var token0 = Address.FromBytes32(await chainA.CallAsync(poolA, Pool.Encode("token0"), null, ct));
        var (r0, r1) = (HexBigInteger.FromBytes(reserves.AsSpan(0, 32)), HexBigInteger.FromBytes(reserves.AsSpan(32, 32)));
        Assert.Equal(token0 == usdcA ? (r0, r1) : (r1, r0), (usdcToWeth.ReserveIn, usdcToWeth.ReserveOut));
        var limited = snapshot.Edges.OfType<BridgeEdge>().Single(e => e.From.ChainId == L2a && e.To.ChainId == L2b);
        Assert.InRange(limited.Available, new BigInteger(5_000_000_000) - 1, new BigInteger(5_000_000_000));
        Assert.Equal(HexBigInteger.FromBytes(await chainA.CallAsync(bridgeA, Bridge.Encode("quoteTransferRemote", L2b), null, ct)), limited.InterchainFee);
        var toL1 = snapshot.Edges.OfType<BridgeEdge>().Single(e => e.From.ChainId == L2a && e.To.ChainId == 900);
        Assert.Equal(2 * DevnetDeployer.BridgedPerL2, toL1.Available); // capped by the collateral locked on L1
        // 6000 USDC no longer fits the direct bridge: the router goes around it (through L1) or splits, never over the limit.
        var over = (await host.Client.GetFromJsonAsync<QuoteResponse>($"/v1/quote?fromChain={L2a}&toChain={L2b}&fromToken=USDC&toToken=USDC&amount=6000000000", RouterApi.Json, ct))!;
        Assert.DoesNotContain(over.Routes, r => r.Kind == "canonical");
        Assert.All(over.Routes.SelectMany(r => r.Steps).Where(s => s.Venue == limited.VenueId), s => Assert.True(BigInteger.Parse(s.AmountIn) <= limited.Available));

        // 2. A same-chain swap quote executed by the node's market-maker key delivers the expected WETH.
        var wethA = Address.Parse(a.Contracts["WETH"]);
        var swapQuote = (await host.Client.GetFromJsonAsync<QuoteResponse>($"/v1/quote?fromChain={L2a}&toChain={L2a}&fromToken=USDC&toToken=WETH&amount=1000000000&slippageBps=30", RouterApi.Json, ct))!;
        var swap = swapQuote.Routes.First(r => r.Kind == "swap");
        var wethBefore = await BalanceAsync(chainA, wethA, marketMaker, ct);
        var executed = await PostAsync(host, swap, ct);
        Assert.Equal("FILLED", executed.Status);
        var received = await BalanceAsync(chainA, wethA, marketMaker, ct) - wethBefore;
        AssertDelivered(swap, received);

        // 3. A canonical transfer L2a -> L2b: executed, its message delivered by hand with the relay cores, FILLED.
        var usdcB = Address.Parse(b.Contracts["USDC"]);
        var bridgeQuote = (await host.Client.GetFromJsonAsync<QuoteResponse>($"/v1/quote?fromChain={L2a}&toChain={L2b}&fromToken=USDC&toToken=USDC&amount=250000000", RouterApi.Json, ct))!;
        var canonical = bridgeQuote.Routes.First(r => r.Kind == "canonical");
        var usdcBefore = await BalanceAsync(chainB, usdcB, marketMaker, ct);
        var transfer = await PostAsync(host, canonical, ct);
        Assert.Equal("FILLING", transfer.Status);
        var messageId = Bytes32.Parse(Assert.Single(transfer.MessageIds));
        await DeliverAsync(devnet.Manifest, options, deployer, chainA, chainB, ct);
        AssertDelivered(canonical, await BalanceAsync(chainB, usdcB, marketMaker, ct) - usdcBefore);

        var now = DateTimeOffset.UtcNow;
        status.Records[messageId] = new MessageRecord
        {
            Id = messageId, Origin = L2a, Destination = L2b, Nonce = 0, Sender = Bytes32.FromAddress(bridgeA), Recipient = Bytes32.FromAddress(Address.Parse(b.Contracts["TokenBridge"])),
            GasLimit = 150_000, Stage = MessageStage.Delivered,
            History = [new(MessageStage.Dispatched, now - TimeSpan.FromSeconds(4)), new(MessageStage.Delivered, now)],
        };
        foreach (var id in new[] { canonical.QuoteId, transfer.TransactionHashes[^1], messageId.ToString() })
        {
            var s = JsonDocument.Parse(await host.Client.GetStringAsync($"/v1/status/{id}", ct)).RootElement;
            Assert.Equal("FILLED", s.GetProperty("status").GetString());
        }
        var history = JsonDocument.Parse(await host.Client.GetStringAsync($"/v1/status/{canonical.QuoteId}", ct)).RootElement.GetProperty("history")
            .EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        Assert.Equal(["QUOTED", "SUBMITTED", "ORIGIN_CONFIRMED", "FILLING", "FILLED"], history);
    }

    private static void AssertDelivered(QuoteRoute route, BigInteger received)
    {
        var expected = BigInteger.Parse(route.ExpectedOutput);
        Assert.True(received >= BigInteger.Parse(route.MinOutput), $"received {received} < minOutput {route.MinOutput}");
        Assert.True(BigInteger.Abs(received - expected) * 10_000 <= expected * 10, $"received {received} is more than 10 bps from expected {expected}");
    }

    private static async Task<TransferResponse> PostAsync(RouterHost host, QuoteRoute route, CancellationToken ct)
    {
        var response = await host.Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<TransferResponse>(body, RouterApi.Json)!;
    }

    private static async Task<BigInteger> BalanceAsync(ChainClient chain, Address token, Address owner, CancellationToken ct) =>
        HexBigInteger.FromBytes(await chain.CallAsync(token, Erc20.Encode("balanceOf", owner), null, ct));

    /// <summary>Indexes L2a, has a quorum of validator cores sign, and relays every pending message to L2b (as RelayEndToEndTests does).</summary>
    private static async Task DeliverAsync(DevnetManifest manifest, DevnetOptions options, DevnetDeployer deployer, ChainClient origin, ChainClient destination, CancellationToken ct)
    {
        var originMailbox = Address.Parse(manifest.Chain(L2a).Contracts["Mailbox"]);
        var destinationMailbox = Address.Parse(manifest.Chain(L2b).Contracts["Mailbox"]);
        var relayerKey = new EthereumHdWallet(Mnemonic.Parse(options.Mnemonic)).GetKey(DevnetAccounts.FirstRelayer);
        var target = await origin.Rpc.BlockNumberAsync(ct);
        var state = ChainIndexState.Start(L2a, [originMailbox]);
        var events = new List<IChainIndexEvent>();
        while (state.NextBlock <= target)
        {
            var poll = await ChainIndexer.PollAsync(origin.Rpc, state, new ChainIndexerOptions { ConfirmationDepth = 1 }, ct);
            state = poll.State;
            events.AddRange(poll.Events);
            // Waiting for the block to be buried under the confirmation depth (1 s blocks).
            if (poll.CaughtUp && state.NextBlock <= target) await Task.Delay(200, ct);
        }
        var keys = deployer.Validators.Take(options.Threshold).ToList();
        var validators = keys.Select(k => new ValidatorState(L2a, originMailbox, k.Address)).ToList();
        var route = new RouteState(L2a, originMailbox, L2b, destinationMailbox, new RelayerOptions { MinGasPrice = 1_000_000_000, MaxWait = TimeSpan.Zero });
        var now = DateTimeOffset.UtcNow;
        foreach (var e in events)
        {
            foreach (var validator in validators)
                foreach (var v in validator.Process(e)) validator.Apply(v);
            foreach (var r in route.Process(e, now)) route.Apply(r);
        }
        foreach (var (validator, key) in validators.Zip(keys))
        {
            var onChain = await OnChainTreeReader.ReadAsync(origin.Rpc, originMailbox, validator.LatestLeafBlock!.Value);
            foreach (var v in validator.NextCheckpoint(key, onChain)) validator.Apply(v);
        }
        var pipeline = new RelayPipeline(destination.Rpc, validators.Select(v => new InProcessCheckpointSource(v)).ToList(),
            new ValidatorSet(deployer.Validators.Select(v => v.Address), options.Threshold), new Random(1));
        var prepared = await pipeline.PrepareAsync(route, relayerKey.Address, now);
        foreach (var e in prepared.Events) route.Apply(e);
        var success = prepared.Outcome as RelayOutcome.Success ?? throw new Xunit.Sdk.XunitException($"prepare gave {prepared.Outcome}");
        var submitted = await pipeline.SubmitAsync(destination, relayerKey, route, success.Batch, now);
        Assert.IsType<RelayOutcome.Confirm>(submitted.Outcome);
    }
}
