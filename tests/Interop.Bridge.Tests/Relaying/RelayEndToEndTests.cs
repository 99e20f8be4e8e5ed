using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Indexing;
using Interop.Bridge.Relaying;
using Interop.Bridge.Validation;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Bridge.Tests.Relaying;

/// <summary>The three cores wired by hand on the real devnet, the way the node's actors will wire them.</summary>
public sealed class RelayEndToEndTests
{
    private const uint L2a = 901;
    private const uint L2b = 902;
    private const int Messages = 20;
    private static readonly ChainIndexerOptions Confirmed = new() { ConfirmationDepth = 1 };

    /// <summary>One chain's watcher: a cursor polled until it passes a block.</summary>
    private sealed class Watcher(RpcClient rpc, ChainIndexState state)
    {
        public ChainIndexState State { get; private set; } = state;

        public async Task<List<IChainIndexEvent>> IndexThroughAsync(ulong block)
        {
            var events = new List<IChainIndexEvent>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var poll = await ChainIndexer.PollAsync(rpc, State, Confirmed, timeout.Token);
                State = poll.State;
                events.AddRange(poll.Events);
                if (State.NextBlock > block) return events;
                // Waiting for the chain to bury the block under the confirmation depth (1 s blocks).
                if (poll.CaughtUp) await Task.Delay(200, timeout.Token);
            }
        }
    }

    [Fact]
    public async Task Twenty_messages_from_l2a_are_processed_exactly_once_on_l2b_and_a_second_run_delivers_nothing()
    {
        var options = new DevnetOptions { Chains = DevnetOptions.DefaultChains() };
        var deployer = new DevnetDeployer(options, NullLogger.Instance);
        await using var devnet = await LocalDevnet.StartAsync(options, deployer.DeployAsync, NullLogger.Instance, CancellationToken.None);
        var a = devnet.Manifest.Chain(L2a);
        var b = devnet.Manifest.Chain(L2b);
        await using var origin = new ChainClient(RpcClient.Create(new Uri(a.Rpc)), L2a);
        await using var destination = new ChainClient(RpcClient.Create(new Uri(b.Rpc)), L2b);
        var originMailbox = Address.Parse(a.Contracts["Mailbox"]);
        var destinationMailbox = Address.Parse(b.Contracts["Mailbox"]);
        var relayerKey = new EthereumHdWallet(Mnemonic.Parse(options.Mnemonic)).GetKey(DevnetAccounts.FirstRelayer);

        // 1. Twenty TokenBridge transfers L2a -> L2b, paying the quoted fee, sent concurrently (they share a few blocks).
        var sender = deployer.MarketMakerKeys[0];
        var recipient = EthKey.Generate().Address;
        var bridge = ContractDefinition.Get(ContractNames.TokenBridge);
        var bridgeA = Address.Parse(a.Contracts["TokenBridge"]);
        var fee = HexBigInteger.FromBytes(await origin.CallAsync(bridgeA, bridge.Encode("quoteTransferRemote", L2b)));
        var amounts = Enumerable.Range(1, Messages).Select(i => new BigInteger(i) * 1_000_000).ToList();
        var receipts = await Task.WhenAll(amounts.Select(amount =>
            origin.SendAsync(sender, bridgeA, bridge, "transferRemote", [L2b, Bytes32.FromAddress(recipient).ToArray(), amount], fee)));
        var lastDispatchBlock = receipts.Max(r => r.BlockNumber);

        // 2. Index L2a at a confirmation depth; three validator cores rebuild the tree and sign; the route queues.
        var originWatcher = new Watcher(origin.Rpc, ChainIndexState.Start(L2a, [originMailbox]));
        var destinationWatcher = new Watcher(destination.Rpc, ChainIndexState.Start(L2b, [destinationMailbox]));
        var validatorKeys = deployer.Validators.Take(options.Threshold).ToList();
        var validators = validatorKeys.Select(k => new ValidatorState(L2a, originMailbox, k.Address)).ToList();
        var route = new RouteState(L2a, originMailbox, L2b, destinationMailbox,
            new RelayerOptions { MinGasPrice = 1_000_000_000, MaxWait = TimeSpan.Zero, MaxBatchSize = 8 });
        var now = DateTimeOffset.UtcNow;

        var originEvents = await originWatcher.IndexThroughAsync(lastDispatchBlock);
        foreach (var e in originEvents)
        {
            foreach (var validator in validators)
                foreach (var v in validator.Process(e)) validator.Apply(v);
            foreach (var r in route.Process(e, now)) route.Apply(r);
        }
        foreach (var (validator, key) in validators.Zip(validatorKeys))
        {
            var onChain = await OnChainTreeReader.ReadAsync(origin.Rpc, originMailbox, validator.LatestLeafBlock!.Value);
            foreach (var v in validator.NextCheckpoint(key, onChain)) validator.Apply(v);
            Assert.False(validator.IsHalted, validator.HaltReason);
            Assert.Equal((uint)(Messages - 1), validator.Latest!.Checkpoint.Index);
        }
        Assert.Equal(Messages, route.Messages.Count);
        Assert.All(route.Messages.Values, m => Assert.Equal(RelayStatus.Pending, m.Status));

        var sources = validators.Select(v => new InProcessCheckpointSource(v)).ToList();

        // 3. A relayer configured with a lower threshold than the destination ISM: the simulation reverts, the reason is
        // decoded, nothing is sent and its messages are rescheduled.
        var misconfigured = new RouteState(L2a, originMailbox, L2b, destinationMailbox, new RelayerOptions { MaxWait = TimeSpan.Zero });
        foreach (var e in originEvents)
            foreach (var r in misconfigured.Process(e, now)) misconfigured.Apply(r);
        var tooFew = new RelayPipeline(destination.Rpc, sources, new ValidatorSet(deployer.Validators.Select(v => v.Address), options.Threshold - 1), new Random(1));
        var refused = await tooFew.PrepareAsync(misconfigured, relayerKey.Address, now);
        var retry = Assert.IsType<RelayOutcome.Retry>(refused.Outcome);
        Assert.Contains("BelowThreshold", retry.Reason, StringComparison.Ordinal);
        Assert.True(retry.After > now);
        Assert.Equal(Messages, Assert.IsType<DeliveryFailed>(Assert.Single(refused.Events)).Retries.Count);

        // 4. Relay: one prepare round of three batches (8 + 8 + 4: one bitmap read, one signature collection, one shared
        // checkpoint, concurrent simulations) -> submit each -> confirm.
        var pipeline = new RelayPipeline(destination.Rpc, sources, new ValidatorSet(deployer.Validators.Select(v => v.Address), options.Threshold), new Random(1));
        Assert.True(route.ShouldFlush(now));
        var round = await pipeline.PrepareRoundAsync(route, relayerKey.Address, now, 4);
        foreach (var e in round.Events) route.Apply(e);
        var batches = round.Batches.Select(b => b.Outcome is RelayOutcome.Success s ? s.Batch : throw new Xunit.Sdk.XunitException($"prepare gave {b.Outcome}")).ToList();
        Assert.Equal([8, 8, 4], batches.Select(b => b.Messages.Count));
        Assert.Single(batches.Select(b => (b.Checkpoint.Index, b.Checkpoint.Root)).Distinct());
        foreach (var batch in batches)
        {
            var submitted = await pipeline.SubmitAsync(destination, relayerKey, route, batch, now);
            foreach (var e in submitted.Events) route.Apply(e);
            Assert.IsType<RelayOutcome.Confirm>(submitted.Outcome);
        }
        Assert.All(route.Messages.Values, m => Assert.Equal(RelayStatus.Delivered, m.Status));

        // 5. The chain agrees: every (origin, nonce) delivered, one Processed log each, no failure, tokens arrived.
        for (ulong nonce = 0; nonce < Messages; nonce++)
            Assert.True(MailboxBinding.DecodeDelivered(await destination.CallAsync(destinationMailbox, MailboxBinding.EncodeDelivered(L2a, nonce))), $"nonce {nonce}");
        var processed = await ProcessedFromL2aAsync(destination.Rpc, destinationMailbox);
        Assert.Equal(Enumerable.Range(0, Messages).Select(n => (ulong)n), processed.Order());
        var balance = HexBigInteger.FromBytes(await destination.CallAsync(Address.Parse(b.Contracts["USDC"]),
            ContractDefinition.Get(ContractNames.BridgedToken).Encode("balanceOf", recipient)));
        Assert.Equal(amounts.Aggregate(BigInteger.Add), balance);

        // 6. A second run delivers nothing: this relayer learns the deliveries from the destination's logs...
        var relayerNonce = await destination.Rpc.GetTransactionCountAsync(relayerKey.Address, BlockParameter.Latest);
        var deliveryBlock = await destination.Rpc.BlockNumberAsync();
        foreach (var e in await destinationWatcher.IndexThroughAsync(deliveryBlock))
            foreach (var r in route.Process(e, now)) route.Apply(r);
        Assert.False(route.ShouldFlush(now + TimeSpan.FromHours(1)));
        Assert.IsType<RelayOutcome.NotReady>((await pipeline.PrepareAsync(route, relayerKey.Address, now)).Outcome);

        // ...and a relayer that never saw the destination skips them from the delivered bitmap before spending gas.
        var late = new RouteState(L2a, originMailbox, L2b, destinationMailbox, new RelayerOptions { MaxWait = TimeSpan.Zero });
        foreach (var e in originEvents)
            foreach (var r in late.Process(e, now)) late.Apply(r);
        var second = await pipeline.PrepareAsync(late, relayerKey.Address, now);
        Assert.Contains("already delivered", Assert.IsType<RelayOutcome.Drop>(second.Outcome).Reason, StringComparison.Ordinal);
        foreach (var e in second.Events) late.Apply(e);
        Assert.All(late.Messages.Values, m => Assert.Equal(RelayStatus.Delivered, m.Status));

        Assert.Equal(relayerNonce, await destination.Rpc.GetTransactionCountAsync(relayerKey.Address, BlockParameter.Latest));
        Assert.Equal(Messages, (await ProcessedFromL2aAsync(destination.Rpc, destinationMailbox)).Count);
    }

    private static async Task<List<ulong>> ProcessedFromL2aAsync(RpcClient rpc, Address mailbox)
    {
        var logs = await rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [mailbox],
            Topics = [[MailboxBinding.ProcessedTopic, MailboxBinding.ProcessFailedTopic]],
            FromBlock = BlockParameter.AtNumber(0),
            ToBlock = BlockParameter.Latest,
        });
        var decoded = logs.Select(MailboxLog.Decode).ToList();
        Assert.DoesNotContain(decoded, l => l is ProcessFailedLog);
        return decoded.OfType<ProcessedLog>().Where(p => p.Event.Origin == L2a).Select(p => p.Event.Nonce).ToList();
    }
}
