using System.Numerics;
using Interop.Bridge.Status;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;
using Interop.Relayers.Network;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending.Events;
using static Interop.Relayers.Tests.Support.NetworkHarness;

namespace Interop.Relayers.Tests.Claiming;

/// <summary>
/// Users' transfers above the destination TokenBridge's large-transfer threshold on a real devnet: reported Held (with the
/// hold) after delivery, claimed by the relayer network once the destination's clock passes the release (anvil time
/// travel), Delivered on the bridge's HoldReleased, the recipient paid once; also across a crash, and when someone else
/// claims first.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class HoldClaimDevnetTests
{
    private const ulong Delay = 3600;
    private static readonly BigInteger Amount = 7_000_000;
    private static readonly ContractDefinition Bridge = ContractDefinition.Get(ContractNames.TokenBridge);
    private static readonly ContractDefinition Erc20 = ContractDefinition.Get(ContractNames.TestErc20);

    /// <summary>Holds every transfer into L1 above Amount - 1 for an hour, starts a network following the bridges, and sends Amount L2a -> L1.</summary>
    private static async Task<(IRelayerNetwork Network, Akka.Actor.ActorSystem System, Bytes32 MessageId, Address Recipient)> SendHeldTransferAsync(NetworkHarness harness)
    {
        await harness.Client(L1).SendAsync(harness.Deployer.Deployer, harness.Contract(L1, "TokenBridge"), Bridge, "setLargeTransferRule", [Amount - 1, Delay]);
        var (system, network) = await harness.StartNetworkAsync(harness.Settings(tokenBridges: true));
        await Eventually.TrueAsync(() => Task.FromResult(network.IsReady), TimeSpan.FromSeconds(30), "watchers caught up");
        var recipient = EthKey.Generate().Address;
        var receipt = await harness.TransferAsync(L2a, L1, harness.Deployer.MarketMakerKeys[0], recipient, Amount);
        return (network, system, Dispatched(receipt).Single().Event.Id, recipient);
    }

    private static async Task<MessageRecord> AwaitStageAsync(IRelayerNetwork network, Bytes32 id, MessageStage stage, TimeSpan timeout)
    {
        MessageRecord? record = null;
        await Eventually.TrueAsync(async () => (record = await network.GetAsync(id))?.Stage == stage, timeout, $"message {id} at {stage}",
            () => Task.FromResult($"last seen: {record?.Stage} {record?.LastError}"));
        return record!;
    }

    private static Task<IReadOnlyList<Log>> BridgeLogsAsync(NetworkHarness harness, string eventName) =>
        harness.Client(L1).Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [harness.Contract(L1, "TokenBridge")], Topics = [[Bridge.Topic0(eventName)]],
            FromBlock = BlockParameter.AtNumber(0), ToBlock = BlockParameter.Latest,
        });

    private static async Task TravelPastReleaseAsync(NetworkHarness harness)
    {
        await harness.Client(L1).Rpc.CallAsync("evm_increaseTime", [Delay + 5]);
        await harness.Client(L1).Rpc.CallAsync("evm_mine", []);
    }

    private static void AssertHeld(MessageRecord held, NetworkHarness harness, Address recipient)
    {
        var hold = Assert.IsType<MessageHold>(held.Hold);
        Assert.Equal(Amount, hold.Amount);
        Assert.Equal(recipient, hold.Recipient);
        Assert.Equal(harness.Contract(L1, "TokenBridge"), hold.Bridge);
        Assert.Equal(held.DeliveryTransaction, hold.Transaction);
        Assert.Equal(hold.Describe(), held.History[^1].Detail);
    }

    [Fact]
    public async Task A_transfer_held_by_the_destination_bridge_is_reported_held_then_claimed_by_the_network_once_mature_and_paid_once()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var (network, system, id, recipient) = await SendHeldTransferAsync(harness);
        var claims = EventTap<TransactionConfirmed>.Attach(system, c => c.RequestId.StartsWith("claim:", StringComparison.Ordinal));

        var held = await AwaitStageAsync(network, id, MessageStage.Held, TimeSpan.FromSeconds(60));
        AssertHeld(held, harness, recipient);
        var heldLog = Assert.Single(await BridgeLogsAsync(harness, "TransferHeld"));
        Assert.Equal(held.Hold!.HoldId, HexBigInteger.FromBytes(heldLog.Topics[1]));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)HexBigInteger.FromBytes(heldLog.Data.AsSpan(32, 32))), held.Hold.ReleaseAt);
        // Not mature: nothing is claimed, the recipient has nothing yet.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(claims.Seen);
        Assert.Equal(BigInteger.Zero, await harness.CallUintAsync(L1, harness.Contract(L1, "USDC"), Erc20, "balanceOf", recipient));

        await TravelPastReleaseAsync(harness);
        var delivered = await AwaitStageAsync(network, id, MessageStage.Delivered, TimeSpan.FromSeconds(60));

        Assert.Equal([MessageStage.Held, MessageStage.Delivered], delivered.History.Select(h => h.Stage).Where(s => s >= MessageStage.Delivered));
        var released = Assert.Single(await BridgeLogsAsync(harness, "HoldReleased"));
        Assert.Equal(new Bytes32(released.TransactionHash), delivered.Hold!.ReleaseTransaction);
        var claim = await harness.Client(L1).Rpc.GetTransactionByHashAsync(released.TransactionHash);
        Assert.Equal(harness.RelayerKey.Address, claim!.From);
        Assert.Equal(Amount, await harness.CallUintAsync(L1, harness.Contract(L1, "USDC"), Erc20, "balanceOf", recipient));
        Assert.Single(await BridgeLogsAsync(harness, "TransferReceived"), l => new Address(l.Topics[2].AsSpan(12)) == recipient);
        // The watcher may report the release before the TxSender reports its claim confirmed (both wait for the same depth).
        await claims.First.WaitAsync(TimeSpan.FromSeconds(20));
        var confirmed = Assert.Single(claims.Seen);
        Assert.True(confirmed.Receipt.Succeeded);
    }

    [Fact]
    public async Task A_hold_seen_before_a_crash_is_still_held_after_the_restart_and_claimed_once()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var (network, system, id, recipient) = await SendHeldTransferAsync(harness);
        var held = await AwaitStageAsync(network, id, MessageStage.Held, TimeSpan.FromSeconds(60));
        await CrashAsync(system);

        var (_, restarted) = await harness.StartNetworkAsync(harness.Settings(tokenBridges: true));
        var recovered = await restarted.GetAsync(id);
        Assert.Equal(MessageStage.Held, recovered!.Stage);
        Assert.Equal(held.Hold, recovered.Hold);

        await TravelPastReleaseAsync(harness);
        await AwaitStageAsync(restarted, id, MessageStage.Delivered, TimeSpan.FromSeconds(60));
        Assert.Single(await BridgeLogsAsync(harness, "HoldReleased"));
        Assert.Equal(Amount, await harness.CallUintAsync(L1, harness.Contract(L1, "USDC"), Erc20, "balanceOf", recipient));
    }

    [Fact]
    public async Task A_hold_someone_else_claims_first_is_not_claimed_again_and_the_message_ends_delivered()
    {
        await using var harness = await NetworkHarness.StartPairAsync();
        var (network, system, id, recipient) = await SendHeldTransferAsync(harness);
        var claims = EventTap<TransactionConfirmed>.Attach(system, c => c.RequestId.StartsWith("claim:", StringComparison.Ordinal));
        var held = await AwaitStageAsync(network, id, MessageStage.Held, TimeSpan.FromSeconds(60));

        // Mining paused, the clock moved past the release and another account's claim queued: the block that makes the
        // hold mature is the one that releases it, so the network never sees it mature and still there.
        var rpc = harness.Client(L1).Rpc;
        var someone = harness.Deployer.MarketMakerKeys[1];
        await rpc.CallAsync("evm_setIntervalMining", [0]);
        try
        {
            await rpc.CallAsync("evm_increaseTime", [Delay + 5]);
            var latest = await rpc.GetBlockByNumberAsync(BlockParameter.Latest);
            var claimTx = new DynamicFeeTransaction
            {
                ChainId = L1, Nonce = await rpc.GetTransactionCountAsync(someone.Address, BlockParameter.Pending), To = harness.Contract(L1, "TokenBridge"),
                Value = BigInteger.Zero, Data = TokenBridgeBinding.EncodeClaim(held.Hold!.HoldId), GasLimit = 300_000,
                MaxPriorityFeePerGas = 1_000_000_000, MaxFeePerGas = latest!.BaseFeePerGas!.Value * 2 + 1_000_000_000,
            };
            var hash = await rpc.SendRawTransactionAsync(claimTx.Sign(someone).Encode());
            await rpc.CallAsync("evm_mine", []);
            Assert.Equal(1UL, (await rpc.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10))).Status);
        }
        finally
        {
            await rpc.CallAsync("evm_setIntervalMining", [1]);
        }

        await AwaitStageAsync(network, id, MessageStage.Delivered, TimeSpan.FromSeconds(60));
        var released = Assert.Single(await BridgeLogsAsync(harness, "HoldReleased"));
        Assert.Equal(someone.Address, (await rpc.GetTransactionByHashAsync(released.TransactionHash))!.From);
        Assert.Equal(Amount, await harness.CallUintAsync(L1, harness.Contract(L1, "USDC"), Erc20, "balanceOf", recipient));
        // A few claimer polls later: no claim of this node was mined.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(claims.Seen);
    }
}
