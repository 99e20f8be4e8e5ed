using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Transactions;

namespace Interop.Node.Tests.Hosting;

/// <summary>
/// A canonical transfer above the destination TokenBridge's large-transfer threshold, executed through the node's router on
/// its embedded devnet: FILLING with the hold named while the bridge holds it (message stage Held), then, once anvil's clock
/// passes the release, claimed by the relayer network (or by someone else first) and FILLED, the recipient paid exactly once.
/// </summary>
[Collection("node-devnet")]
public sealed class HeldTransferTests : IDisposable
{
    private const uint L2a = 901;
    private const uint L2b = 902;
    private const ulong Delay = 3600;
    private static readonly BigInteger Amount = 2_000_000;
    private static readonly ContractDefinition Bridge = ContractDefinition.Get(ContractNames.TokenBridge);
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-held-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Holds transfers into L2b above Amount - 1 for an hour, then quotes and executes a canonical transfer of Amount; returns its quote id.</summary>
    private static async Task<(string QuoteId, Address Recipient, BigInteger Before)> ExecuteHeldTransferAsync(RunningNode node)
    {
        var deployer = new EthereumHdWallet(Mnemonic.Parse(new DevnetOptions().Mnemonic)).GetKey(DevnetAccounts.Deployer);
        await using (var l2b = node.Client(L2b))
            await l2b.SendAsync(deployer, node.Contract(L2b, "TokenBridge"), Bridge, "setLargeTransferRule", [Amount - 1, Delay]);
        var executor = Address.Parse(node.Manifest.Chain(L2a).Accounts!["marketMaker0"]);
        var before = await node.UsdcAsync(L2b, executor);
        var json = await node.Http.GetStringAsync($"/v1/quote?fromChain={L2a}&toChain={L2b}&fromToken=USDC&toToken=USDC&amount={Amount}&sender={executor}");
        var route = JsonNode.Parse(json)!["routes"]!.AsArray().Select(r => r!.AsObject()).First(r => (string?)r["kind"] == "canonical");
        Assert.Equal(Amount.ToString(), (string?)route["expectedOutput"]);
        using var response = await node.Http.PostAsync("/v1/transfers", new StringContent(route.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /v1/transfers: {(int)response.StatusCode} {body}");
        return ((string)JsonNode.Parse(body)!["quoteId"]!, executor, before);
    }

    /// <summary>Waits for the transfer to show its hold: FILLING, a history entry naming it, its message at stage Held.</summary>
    private static async Task<JsonObject> AwaitHeldAsync(RunningNode node, string quoteId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await node.AwaitStatusAsync(quoteId, "FILLING", TimeSpan.FromSeconds(30));
            if (status["messages"]!.AsArray().Any(m => (string?)m!["stage"] == "Held")) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the transfer was not reported held in 60 s: {status.ToJsonString()}");
            await Task.Delay(300);
        }
    }

    private static async Task<IReadOnlyList<Log>> HoldReleasedLogsAsync(RunningNode node)
    {
        await using var l2b = node.Client(L2b);
        return await l2b.Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [node.Contract(L2b, "TokenBridge")], Topics = [[TokenBridgeBinding.HoldReleasedTopic]],
            FromBlock = BlockParameter.AtNumber(0), ToBlock = BlockParameter.Latest,
        });
    }

    [Fact]
    public async Task A_canonical_transfer_above_the_threshold_is_filling_while_held_and_filled_once_the_network_claims_it()
    {
        await using var node = await RunningNode.StartAsync(_dir, []);
        var (quoteId, recipient, before) = await ExecuteHeldTransferAsync(node);

        var held = await AwaitHeldAsync(node, quoteId);
        var detail = held["history"]!.AsArray().Select(h => (string?)h!["detail"]).Last(d => d is not null)!;
        Assert.Matches(@"^message 0x[0-9a-f]{64} held: hold \d+ of 2000000 until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ on TokenBridge 0x[0-9a-fA-F]{40}$", detail);
        Assert.Equal(before, await node.UsdcAsync(L2b, recipient));
        // Held, not delivered: the transfer stays FILLING (a few router refreshes later too).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("FILLING", (string?)JsonNode.Parse(await node.Http.GetStringAsync($"/v1/status/{quoteId}"))!["status"]);

        await using (var l2b = node.Client(L2b))
        {
            await l2b.Rpc.CallAsync("evm_increaseTime", [Delay + 5]);
            await l2b.Rpc.CallAsync("evm_mine", []);
        }
        var filled = await node.AwaitStatusAsync(quoteId, "FILLED", TimeSpan.FromSeconds(60));

        Assert.Equal(["QUOTED", "SUBMITTED", "ORIGIN_CONFIRMED", "FILLING", "FILLED"], RunningNode.History(filled).Distinct());
        Assert.Equal("Delivered", (string?)filled["messages"]![0]!["stage"]);
        Assert.Equal(before + Amount, await node.UsdcAsync(L2b, recipient));
        var released = Assert.Single(await HoldReleasedLogsAsync(node));
        await using (var l2b = node.Client(L2b))
            Assert.Equal(new EthereumHdWallet(Mnemonic.Parse(new DevnetOptions().Mnemonic)).GetKey(DevnetAccounts.FirstRelayer).Address,
                (await l2b.Rpc.GetTransactionByHashAsync(released.TransactionHash))!.From);
        var metrics = await node.Http.GetStringAsync("/metrics");
        Assert.Matches($"interop_relay_holds_total\\{{route=\"{L2a}->{L2b}\"\\}} [1-9]", metrics);
    }

    [Fact]
    public async Task A_held_transfer_someone_else_claims_first_ends_filled_without_a_second_payout()
    {
        await using var node = await RunningNode.StartAsync(_dir, []);
        var (quoteId, recipient, before) = await ExecuteHeldTransferAsync(node);
        var held = await AwaitHeldAsync(node, quoteId);
        var messageId = (string)held["messages"]![0]!["messageId"]!;
        var record = JsonNode.Parse(await node.Http.GetStringAsync($"/v1/messages/{messageId}"))!;
        var holdId = BigInteger.Parse((string)record["hold"]!["holdId"]!);

        // Mining paused, the clock past the release and another account's claim queued: the block that makes the hold
        // mature is the one that releases it, so the node finds it gone (or, if it tried, its claim fails harmlessly).
        var someone = new EthereumHdWallet(Mnemonic.Parse(new DevnetOptions().Mnemonic)).GetKey(DevnetAccounts.FirstMarketMaker + 1);
        await using (var l2b = node.Client(L2b))
        {
            await l2b.Rpc.CallAsync("evm_setIntervalMining", [0]);
            try
            {
                await l2b.Rpc.CallAsync("evm_increaseTime", [Delay + 5]);
                var latest = await l2b.Rpc.GetBlockByNumberAsync(BlockParameter.Latest);
                var claim = new DynamicFeeTransaction
                {
                    ChainId = L2b, Nonce = await l2b.Rpc.GetTransactionCountAsync(someone.Address, BlockParameter.Pending), To = node.Contract(L2b, "TokenBridge"),
                    Value = BigInteger.Zero, Data = TokenBridgeBinding.EncodeClaim(holdId), GasLimit = 300_000,
                    MaxPriorityFeePerGas = 1_000_000_000, MaxFeePerGas = latest!.BaseFeePerGas!.Value * 2 + 1_000_000_000,
                };
                var hash = await l2b.Rpc.SendRawTransactionAsync(claim.Sign(someone).Encode());
                await l2b.Rpc.CallAsync("evm_mine", []);
                Assert.Equal(1UL, (await l2b.Rpc.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10))).Status);
            }
            finally
            {
                await l2b.Rpc.CallAsync("evm_setIntervalMining", [1]);
            }
        }

        var filled = await node.AwaitStatusAsync(quoteId, "FILLED", TimeSpan.FromSeconds(60));
        Assert.Equal("Delivered", (string?)filled["messages"]![0]!["stage"]);
        Assert.Equal(before + Amount, await node.UsdcAsync(L2b, recipient));
        var released = Assert.Single(await HoldReleasedLogsAsync(node));
        await using (var l2b = node.Client(L2b))
            Assert.Equal(someone.Address, (await l2b.Rpc.GetTransactionByHashAsync(released.TransactionHash))!.From);
    }
}
