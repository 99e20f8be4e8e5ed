using System.Numerics;
using Akka.Actor;
using Interop.Ethereum.Transactions;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.Queries;
using Xunit.Abstractions;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.TxSending;

/// <summary>Kill-and-recover: an actor system dies with transactions in flight; a new one on the same SQLite journal finishes them.</summary>
public sealed class TxSenderRecoveryTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly Address Recipient = Address.Parse("0x00000000000000000000000000000000000000b1");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sender_confirms_a_transaction_pending_at_a_crash_once_and_continues_with_the_next_nonce()
    {
        await using var harness = await TxSenderHarness.StartAsync(["--no-mining"]);
        var submitted = await SubmitThenCrashAsync(harness, "before-crash");

        var (system, sender, events) = await RestartAsync(harness);
        await harness.MineAsync();
        var afterRestart = await events.CollectUntilAsync(m => m.OfType<TransactionConfirmed>().Any(), Timeout);
        var confirmed = afterRestart.OfType<TransactionConfirmed>().Single();
        Assert.Equal(("before-crash", submitted.Hash, 0ul), (confirmed.RequestId, confirmed.Hash, confirmed.Nonce));
        Assert.DoesNotContain(afterRestart, m => m is TransactionSubmitted or TransactionReplaced);

        var requester = CreateTestProbe(system);
        sender.Tell(new SendTransaction("after-crash", Recipient, [], 2), requester);
        await requester.ExpectMsgAsync<TransactionAccepted>(Timeout);
        var next = await requester.ExpectMsgAsync<TransactionSubmitted>(Timeout);
        Assert.Equal(1ul, next.Nonce);
        await harness.AwaitPendingCountAsync(2);
        await harness.MineAsync();
        await requester.ExpectMsgAsync<TransactionConfirmed>(c => c.RequestId == "after-crash", Timeout);

        var later = await events.CollectUntilAsync(m => m.OfType<TransactionConfirmed>().Any(c => c.RequestId == "after-crash"), Timeout);
        Assert.DoesNotContain(later, m => m is TransactionConfirmed { RequestId: "before-crash" });
        Assert.Equal(2ul, await harness.ChainNonceAsync());
        Assert.Equal(7 + 2, (int)await harness.Rpc.GetBalanceAsync(Recipient));
    }

    [Fact]
    public async Task Sender_confirms_from_its_receipt_a_transaction_mined_while_the_node_was_down()
    {
        await using var harness = await TxSenderHarness.StartAsync(["--no-mining"]);
        var submitted = await SubmitThenCrashAsync(harness, "mined-while-down");
        await harness.MineAsync();

        var (_, sender, events) = await RestartAsync(harness);
        var confirmed = await events.FishForMessageAsync<TransactionConfirmed>(_ => true, Timeout);

        Assert.Equal(submitted.Hash, confirmed.Hash);
        var status = await sender.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, Timeout);
        Assert.Equal(1ul, status.NextNonce);
        Assert.Empty(status.Pending);
    }

    [Fact]
    public async Task Sender_requeues_a_request_whose_nonce_another_transaction_used_while_the_node_was_down()
    {
        await using var harness = await TxSenderHarness.StartAsync(["--no-mining"]);
        var submitted = await SubmitThenCrashAsync(harness, "displaced");
        // Someone else (another process with the same key) takes nonce 0 while the node is down.
        await harness.Rpc.CallAsync("anvil_dropTransaction", [submitted.Hash.ToArray()]);
        var intruder = new DynamicFeeTransaction
        {
            ChainId = TxSenderHarness.ChainId, Nonce = 0, GasLimit = 21_000, To = harness.Key.Address,
            MaxFeePerGas = 10_000_000_000, MaxPriorityFeePerGas = 1_000_000_000,
        }.Sign(harness.Key);
        await harness.Rpc.SendRawTransactionAsync(intruder.Encode());
        await harness.MineAsync();

        var (_, _, events) = await RestartAsync(harness);
        var resubmitted = await events.FishForMessageAsync<TransactionSubmitted>(s => s.RequestId == "displaced", Timeout);
        Assert.Equal(1ul, resubmitted.Nonce);
        await harness.AwaitPendingCountAsync(2);
        await harness.MineAsync();
        var confirmed = await events.FishForMessageAsync<TransactionConfirmed>(_ => true, Timeout);

        Assert.Equal(resubmitted.Hash, confirmed.Hash);
        Assert.Null(await harness.Rpc.GetTransactionReceiptAsync(submitted.Hash.ToArray()));
        Assert.Equal(2ul, await harness.ChainNonceAsync());
        Assert.Equal(7, (int)await harness.Rpc.GetBalanceAsync(Recipient));
    }

    /// <summary>Sends one request in a first system, waits until anvil's pool holds it, then crashes the system.</summary>
    private async Task<TransactionSubmitted> SubmitThenCrashAsync(TxSenderHarness harness, string requestId)
    {
        var system = harness.StartSystem();
        var sender = harness.StartSender(system);
        var requester = CreateTestProbe(system);
        sender.Tell(new SendTransaction(requestId, Recipient, [], 7), requester);
        await requester.ExpectMsgAsync<TransactionAccepted>(Timeout);
        var submitted = await requester.ExpectMsgAsync<TransactionSubmitted>(Timeout);
        await harness.AwaitPendingCountAsync(1);
        await TxSenderHarness.CrashAsync(system);
        return submitted;
    }

    /// <summary>A new system on the same journal, with a probe on its event stream, and the sender in it once ready.</summary>
    private async Task<(ActorSystem System, IActorRef Sender, Akka.TestKit.TestProbe Events)> RestartAsync(TxSenderHarness harness)
    {
        var system = harness.StartSystem();
        var events = CreateTestProbe(system);
        system.EventStream.Subscribe(events, typeof(ITxSenderEvent));
        var sender = harness.StartSender(system);
        await AwaitConditionAsync(async () => (await sender.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, Timeout)).Ready, Timeout);
        return (system, sender, events);
    }
}
