using Interop.Ethereum;
using System.Numerics;
using Akka.Actor;
using Address = Interop.Ethereum.Address;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Chain;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.Queries;
using Xunit.Abstractions;

namespace Interop.Relayers.Tests.TxSending;

/// <summary>The TxSender against a real anvil, with a SQLite journal.</summary>
public sealed class TxSenderAnvilTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly Address Recipient = Address.Parse("0x00000000000000000000000000000000000000b0");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sender_mines_concurrent_requests_with_gapless_nonces_under_automine()
    {
        await using var harness = await TxSenderHarness.StartAsync();
        var system = harness.StartSystem();
        var sender = harness.StartSender(system);
        var requester = CreateTestProbe(system);
        const int count = 12;

        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Task.Run(() => sender.Tell(new SendTransaction($"transfer-{i}", Recipient, [], i + 1), requester))));
        var received = await requester.CollectUntilAsync(m => m.OfType<TransactionConfirmed>().Count() == count, Timeout);

        AssertGaplessAndConfirmed(received, count);
        Assert.Equal((ulong)count, await harness.ChainNonceAsync());
        Assert.Equal(count * (count + 1) / 2, (int)await harness.Rpc.GetBalanceAsync(Recipient));
        var status = await sender.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, Timeout);
        Assert.Equal((ulong)count, status.NextNonce);
        Assert.Empty(status.Pending);
        Assert.Empty(status.Queued);
    }

    [Fact]
    public async Task Sender_confirms_concurrent_requests_at_depth_under_interval_mining()
    {
        await using var harness = await TxSenderHarness.StartAsync(blockTimeSeconds: 1);
        var system = harness.StartSystem();
        var sender = harness.StartSender(system, TxSenderHarness.Options(confirmationDepth: 1));
        var requester = CreateTestProbe(system);
        const int count = 8;

        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Task.Run(() => sender.Tell(new SendTransaction($"interval-{i}", Recipient, [], 1), requester))));
        var received = await requester.CollectUntilAsync(m => m.OfType<TransactionConfirmed>().Count() == count, Timeout);

        AssertGaplessAndConfirmed(received, count);
        var head = await harness.Rpc.BlockNumberAsync();
        Assert.All(received.OfType<TransactionConfirmed>(), c => Assert.True(c.Receipt.BlockNumber + 1 <= head));
    }

    [Fact]
    public async Task Sender_replaces_a_transaction_stuck_under_a_base_fee_spike_and_exactly_one_hash_is_mined()
    {
        await using var harness = await TxSenderHarness.StartAsync(["--no-mining"]);
        var system = harness.StartSystem();
        var sender = harness.StartSender(system, TxSenderHarness.Options(stuckAfter: TimeSpan.FromMilliseconds(800)));
        var requester = CreateTestProbe(system);

        sender.Tell(new SendTransaction("spiked", Recipient, [], 7), requester);
        await requester.ExpectMsgAsync<TransactionAccepted>(Timeout);
        var submitted = await requester.ExpectMsgAsync<TransactionSubmitted>(Timeout);
        await harness.AwaitPendingCountAsync(1);
        // Every block from now on has a base fee above what the first transaction may pay: it can never be included.
        // Blocks keep coming (as on a live chain) until a replacement pays enough.
        var spike = submitted.MaxFeePerGas * 3 / 2;
        using var stopMining = new CancellationTokenSource();
        var miner = MineUnderSpikeAsync(harness, spike, stopMining.Token);
        List<object> received;
        try
        {
            received = await requester.CollectUntilAsync(m => m.OfType<TransactionConfirmed>().Any(), Timeout);
        }
        finally
        {
            await stopMining.CancelAsync();
            await miner;
        }
        var confirmed = received.OfType<TransactionConfirmed>().Single();
        var replacements = received.OfType<TransactionReplaced>().ToList();

        Assert.NotEmpty(replacements);
        var previous = (Hash: submitted.Hash, MaxFee: submitted.MaxFeePerGas, Priority: submitted.MaxPriorityFeePerGas);
        foreach (var replaced in replacements)
        {
            Assert.Equal(previous.Hash, replaced.OldHash);
            Assert.Equal(submitted.Nonce, replaced.Nonce);
            Assert.True(replaced.MaxFeePerGas >= previous.MaxFee * 11 / 10, "each replacement pays at least 10 % more");
            Assert.True(replaced.MaxPriorityFeePerGas >= previous.Priority * 11 / 10, "each replacement tips at least 10 % more");
            Assert.True(replaced.MaxFeePerGas <= submitted.MaxFeePerGas * 3, "fees are capped at 3x the first transaction's");
            previous = (replaced.NewHash, replaced.MaxFeePerGas, replaced.MaxPriorityFeePerGas);
        }
        Assert.NotEqual(submitted.Hash, confirmed.Hash);
        Assert.True(confirmed.Receipt.Succeeded);
        var mined = new List<Bytes32>();
        foreach (var hash in replacements.Select(r => r.NewHash).Prepend(submitted.Hash))
            if (await harness.Rpc.GetTransactionReceiptAsync(hash.ToArray()) is not null) mined.Add(hash);
        Assert.Equal([confirmed.Hash], mined);
        Assert.Equal(1ul, await harness.ChainNonceAsync());
    }

    [Fact]
    public async Task Sender_fails_a_request_whose_gas_estimate_reverts_without_using_a_nonce()
    {
        await using var harness = await TxSenderHarness.StartAsync();
        var target = Address.Parse("0x00000000000000000000000000000000000000c0");
        await harness.Rpc.CallAsync("anvil_setCode", [target, Bytecode.RevertingWith(Bytecode.ErrorString("bridge paused"))]);
        var system = harness.StartSystem();
        var sender = harness.StartSender(system);
        var requester = CreateTestProbe(system);

        sender.Tell(new SendTransaction("doomed", target, [0x01, 0x02], BigInteger.Zero), requester);
        await requester.ExpectMsgAsync<TransactionAccepted>(Timeout);
        var failed = await requester.ExpectMsgAsync<TransactionFailed>(Timeout);

        Assert.Equal("doomed", failed.RequestId);
        Assert.Contains("bridge paused", failed.Reason);
        sender.Tell(new SendTransaction("after", Recipient, [], 1), requester);
        await requester.ExpectMsgAsync<TransactionAccepted>(Timeout);
        var next = await requester.ExpectMsgAsync<TransactionSubmitted>(Timeout);
        Assert.Equal(0ul, next.Nonce);
    }

    [Fact]
    public async Task Sender_sends_a_repeated_request_id_once_and_replays_its_outcome()
    {
        await using var harness = await TxSenderHarness.StartAsync();
        var system = harness.StartSystem();
        var sender = harness.StartSender(system);
        var requester = CreateTestProbe(system);
        var command = new SendTransaction("once", Recipient, [], 5);

        sender.Tell(command, requester);
        sender.Tell(command, requester);
        var received = await requester.CollectUntilAsync(m => m.OfType<TransactionConfirmed>().Any(), Timeout);
        Assert.Equal(2, received.OfType<TransactionAccepted>().Count());
        Assert.Single(received.OfType<TransactionSubmitted>());

        var again = CreateTestProbe(system);
        sender.Tell(command, again);
        await again.ExpectMsgAsync<TransactionAccepted>(Timeout);
        var replayed = await again.ExpectMsgAsync<TransactionConfirmed>(Timeout);
        Assert.Equal(received.OfType<TransactionConfirmed>().Single(), replayed);
        Assert.Equal(1ul, await harness.ChainNonceAsync());
    }

    [Fact]
    public async Task Sender_answers_an_invalid_command_with_a_failure_and_persists_nothing()
    {
        await using var harness = await TxSenderHarness.StartAsync();
        var system = harness.StartSystem();
        var sender = harness.StartSender(system);

        var reply = await sender.Ask<TransactionFailed>(new SendTransaction("tiny", Recipient, [], 1, GasLimit: 1000), Timeout);

        Assert.Contains("GasLimit", reply.Reason);
        var status = await sender.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, Timeout);
        Assert.Equal(0, status.Completed);
        Assert.Empty(status.Queued);
    }

    [Fact]
    public async Task A_supervised_sender_is_used_through_its_supervisor()
    {
        await using var harness = await TxSenderHarness.StartAsync();
        var system = harness.StartSystem();
        var supervisor = system.ActorOf(
            TxSenderActor.SupervisedProps(TxSenderHarness.Options(), harness.Key, new RpcTxSenderChain(harness.Rpc)), "tx-sender");
        var requester = CreateTestProbe(system);

        supervisor.Tell(new SendTransaction("supervised", Recipient, [], 1), requester);

        await requester.ExpectMsgAsync<TransactionAccepted>(Timeout);
        await requester.FishForMessageAsync<TransactionConfirmed>(c => c.RequestId == "supervised", Timeout);
    }

    [Fact]
    public async Task Sender_refuses_to_sign_when_the_endpoint_serves_another_chain()
    {
        await using var harness = await TxSenderHarness.StartAsync();
        var system = harness.StartSystem();
        var sender = harness.StartSender(system, TxSenderHarness.Options() with { ChainId = 999 });
        var requester = CreateTestProbe(system);

        sender.Tell(new SendTransaction("wrong-chain", Recipient, [], 1), requester);

        await requester.ExpectMsgAsync<TransactionAccepted>(Timeout);
        await requester.ExpectNoMsgAsync(TimeSpan.FromSeconds(1));
        var status = await sender.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, Timeout);
        Assert.False(status.Ready);
        Assert.Equal(["wrong-chain"], status.Queued);
        Assert.Equal(0ul, await harness.ChainNonceAsync());
    }

    private static async Task MineUnderSpikeAsync(TxSenderHarness harness, BigInteger baseFee, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await harness.Rpc.CallAsync("anvil_setNextBlockBaseFeePerGas", [baseFee], stop);
                await harness.MineAsync();
                await Task.Delay(200, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Asked to stop.
        }
    }

    internal static void AssertGaplessAndConfirmed(IReadOnlyList<object> received, int count)
    {
        var submitted = received.OfType<TransactionSubmitted>().ToArray();
        Assert.Equal(count, submitted.Length);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (ulong)i), submitted.Select(s => s.Nonce).Order());
        var confirmed = received.OfType<TransactionConfirmed>().ToArray();
        Assert.Equal(count, confirmed.Select(c => c.RequestId).Distinct().Count());
        Assert.All(confirmed, c => Assert.True(c.Receipt.Succeeded));
        Assert.Equal(submitted.Select(s => (s.RequestId, s.Nonce)).Order(), confirmed.Select(c => (c.RequestId, c.Nonce)).Order());
        Assert.Equal(count, received.OfType<TransactionAccepted>().Count());
    }
}
