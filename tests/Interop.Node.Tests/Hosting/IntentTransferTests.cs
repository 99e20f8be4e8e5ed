using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Bridge.Chain;
using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Rpc;

namespace Interop.Node.Tests.Hosting;

/// <summary>
/// The whole node in-process on its embedded devnet (real relayer network, fillers, router): an intent route executed
/// through POST /v1/transfers is filled by the node's filler and repaid; one the filler will not fill expires, is
/// cancelled by the node and refunded, with the status walking the refund branch.
/// </summary>
[Collection("node-devnet")]
public sealed class IntentTransferTests : IDisposable
{
    private const uint L2a = 901;
    private const uint L2b = 902;
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-intents-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<RunningNode> StartAsync(Dictionary<string, string?> extra) => RunningNode.StartAsync(_dir, extra);

    private static Task<JsonObject> AwaitStatusAsync(RunningNode node, string id, string status, TimeSpan timeout) => node.AwaitStatusAsync(id, status, timeout);

    private static List<string> History(JsonObject status) => RunningNode.History(status);

    private static Task<BigInteger> UsdcAsync(RunningNode node, uint chain, Address owner) => node.UsdcAsync(chain, owner);

    /// <summary>The first intent route of a 1 USDC quote L2a -> L2b for <paramref name="sender"/> (default: the node's executor), once the fillers publish terms.</summary>
    private static async Task<JsonObject> IntentQuoteAsync(RunningNode node, string? sender = null)
    {
        var executor = sender ?? node.Manifest.Chain(L2a).Accounts!["marketMaker0"];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var json = await node.Http.GetStringAsync($"/v1/quote?fromChain={L2a}&toChain={L2b}&fromToken=USDC&toToken=USDC&amount=1000000&sender={executor}&order=fastest");
            var route = JsonNode.Parse(json)!["routes"]!.AsArray().Select(r => r!.AsObject()).FirstOrDefault(r => (string?)r["kind"] == "intent");
            if (route is not null) return route;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no intent route quoted in 30 s: {json}");
            await Task.Delay(300);
        }
    }

    private static async Task<JsonObject> ExecuteAsync(RunningNode node, JsonObject route)
    {
        using var response = await node.Http.PostAsync("/v1/transfers", new StringContent(route.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /v1/transfers: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<IntentPoolAbi.DepositStatus> DepositAsync(RunningNode node, Bytes32 orderId)
    {
        await using var client = new ChainClient(RpcClient.Create(new Uri(node.Manifest.Chain(L2a).Rpc)), L2a);
        return IntentPoolAbi.DecodeDepositStatus(await client.CallAsync(Address.Parse(node.Manifest.Chain(L2a).Contracts["IntentPool"]), IntentPoolAbi.EncodeDeposits(orderId)));
    }

    [Fact]
    public async Task An_intent_route_is_quoted_from_the_live_filler_filled_within_seconds_and_the_filler_repaid()
    {
        await using var node = await StartAsync([]);
        var route = await IntentQuoteAsync(node);
        // Quoted from the filler's terms: the default 5 bps fee, the p50 the filler states.
        Assert.Equal("999500", (string?)route["expectedOutput"]);

        var started = DateTime.UtcNow;
        var executed = await ExecuteAsync(node, route);
        var quoteId = (string)executed["quoteId"]!;
        var filled = await AwaitStatusAsync(node, quoteId, "FILLED", TimeSpan.FromSeconds(30));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), $"filled after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        Assert.Equal(["QUOTED", "SUBMITTED", "ORIGIN_CONFIRMED", "FILLING", "FILLED"], History(filled));
        // The filler shows in /metrics: its fill (counted once its TxSender confirms it, which may be after the status
        // watcher saw the fill), and its inventory on the destination (read from the chain).
        var fills = new System.Text.RegularExpressions.Regex($"interop_filler_fills_total\\{{route=\"{L2a}->{L2b}\",result=\"filled\"\\}} [1-9]");
        var metrics = await node.Http.GetStringAsync("/metrics");
        for (var wait = DateTime.UtcNow.AddSeconds(20); !fills.IsMatch(metrics) && DateTime.UtcNow < wait; metrics = await node.Http.GetStringAsync("/metrics"))
            await Task.Delay(300);
        Assert.Matches($"interop_filler_fills_total\\{{route=\"{L2a}->{L2b}\",result=\"filled\"\\}} [1-9]", metrics);
        Assert.Matches($"interop_filler_inventory_base_units\\{{chain=\"{L2b}\",token=\"0x[0-9a-fA-F]{{40}}\",kind=\"balance\"\\}} [1-9]", metrics);

        // The filler settles its fill; the relayer network carries it to L2a, which releases the escrow to the filler.
        var opened = (string)executed["transactionHashes"]!.AsArray().Last()!;
        var orderId = await OrderIdOfAsync(node, opened);
        var statusByOrder = JsonNode.Parse(await node.Http.GetStringAsync($"/v1/status/{orderId}"))!;
        Assert.Equal(quoteId, (string?)statusByOrder["quoteId"]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await DepositAsync(node, orderId) != IntentPoolAbi.DepositStatus.Settled)
        {
            Assert.True(DateTime.UtcNow < deadline, "the escrow was not released to the filler within 60 s");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task An_intent_route_a_wallet_sends_itself_is_found_on_chain_by_its_quote_id_and_followed_to_filled()
    {
        await using var node = await StartAsync([]);
        // Another market maker's account stands in for a wallet: the node neither holds its key nor executes for it.
        var key = new EthereumHdWallet(Mnemonic.Parse("test test test test test test test test test test test junk")).GetKey(Interop.Bridge.Devnet.DevnetAccounts.FirstMarketMaker + 1);
        Assert.Equal(node.Manifest.Chain(L2a).Accounts!["marketMaker1"], key.Address.ToString());
        var route = await IntentQuoteAsync(node, key.Address.ToString());
        var quoteId = (string)route["quoteId"]!;
        Assert.Equal("QUOTED", (string?)JsonNode.Parse(await node.Http.GetStringAsync($"/v1/status/{quoteId}"))!["status"]);

        // The wallet signs and sends the route's unsigned transactions (approve, open) itself.
        var hashes = new List<string>();
        await using (var l2a = new ChainClient(RpcClient.Create(new Uri(node.Manifest.Chain(L2a).Rpc)), L2a))
            foreach (var tx in route["transactions"]!.AsArray())
            {
                var receipt = await l2a.SendAsync(key, Address.Parse((string)tx!["to"]!), Hex.Decode((string)tx["data"]!), BigInteger.Parse((string)tx["value"]!));
                hashes.Add(Hex.Encode(receipt.TransactionHash));
            }

        var filled = await AwaitStatusAsync(node, quoteId, "FILLED", TimeSpan.FromSeconds(30));
        Assert.Equal(["QUOTED", "ORIGIN_CONFIRMED", "FILLING", "FILLED"], History(filled));
        Assert.Contains(hashes[^1], filled["transactionHashes"]!.AsArray().Select(h => (string?)h));
        // The opening transaction and the order id lead to the same quote.
        Assert.Equal(quoteId, (string?)JsonNode.Parse(await node.Http.GetStringAsync($"/v1/status/{hashes[^1]}"))!["quoteId"]);
        var orderId = await OrderIdOfAsync(node, hashes[^1]);
        Assert.Equal(quoteId, (string?)JsonNode.Parse(await node.Http.GetStringAsync($"/v1/status/{orderId}"))!["quoteId"]);
    }

    [Fact]
    public async Task An_intent_nobody_fills_expires_is_cancelled_by_the_node_and_refunded_on_the_origin()
    {
        // The filler quotes but waits for 10,000 origin confirmations before filling: in practice it never does.
        await using var node = await StartAsync(new()
        {
            ["Interop:Filler:ConfirmationsBySize:0:MinOutput"] = "0",
            ["Interop:Filler:ConfirmationsBySize:0:Confirmations"] = "10000",
        });
        var route = await IntentQuoteAsync(node);
        var executor = Address.Parse(node.Manifest.Chain(L2a).Accounts!["marketMaker0"]);
        var before = await UsdcAsync(node, L2a, executor);
        var executed = await ExecuteAsync(node, route);
        var quoteId = (string)executed["quoteId"]!;
        await AwaitStatusAsync(node, quoteId, "FILLING", TimeSpan.FromSeconds(10));
        Assert.Equal(before - 1_000_000, await UsdcAsync(node, L2a, executor));

        // Move L2b's clock past the fill deadline (anvil time travel): the contract now accepts cancel() and no fill.
        var fillDeadline = (long)route["fillDeadline"]!;
        await using (var l2b = new ChainClient(RpcClient.Create(new Uri(node.Manifest.Chain(L2b).Rpc)), L2b))
        {
            var now = (long)(await l2b.Rpc.GetBlockByNumberAsync(Interop.Ethereum.Rpc.Model.BlockParameter.Latest))!.Timestamp;
            await l2b.Rpc.CallAsync("evm_increaseTime", [fillDeadline - now + 5]);
            await l2b.Rpc.CallAsync("evm_mine", []);
        }

        var refunded = await AwaitStatusAsync(node, quoteId, "REFUNDED", TimeSpan.FromSeconds(60));
        Assert.Equal(["QUOTED", "SUBMITTED", "ORIGIN_CONFIRMED", "FILLING", "EXPIRED", "REFUND_PENDING", "REFUNDED"], History(refunded));
        Assert.Equal(before, await UsdcAsync(node, L2a, executor));
    }

    private static async Task<Bytes32> OrderIdOfAsync(RunningNode node, string openTx)
    {
        await using var client = new ChainClient(RpcClient.Create(new Uri(node.Manifest.Chain(L2a).Rpc)), L2a);
        var receipt = await client.Rpc.GetTransactionReceiptAsync(Hex.Decode(openTx)) ?? throw new InvalidOperationException("no receipt of the open");
        return new Bytes32(receipt.Logs.Single(l => l.Topics[0].AsSpan().SequenceEqual(IntentPoolAbi.OrderOpenedTopic)).Topics[1]);
    }
}
