using System.Net.Http.Json;
using System.Numerics;
using System.Text.RegularExpressions;
using Interop.Contracts.Bindings;
using Interop.EndToEnd.Tests.Support;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;

namespace Interop.EndToEnd.Tests;

/// <summary>The CLI against a real node on the real devnet: transfer, send, status, position migration.</summary>
[Collection(NodeCollection.Name)]
public sealed partial class MessageFlowTests(NodeFixture fixture)
{
    private Devnet Devnet => fixture.Devnet;

    [GeneratedRegex("in transaction (0x[0-9a-f]{64})")]
    private static partial Regex TransactionHash();

    [Fact]
    public async Task Transfer_from_901_to_902_exits_0_delivered_and_the_recipient_balance_grows_by_the_amount()
    {
        var amount = new BigInteger(100_000_000);
        var before = await Devnet.UsdcBalanceAsync(902, Devnet.MarketMaker.Address);

        var run = await fixture.CliAsync("transfer", "--from", "901", "--to", "902", "--amount", "100000000");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("delivered on chain 902", run.Output, StringComparison.Ordinal);
        Assert.Equal(before + amount, await Devnet.UsdcBalanceAsync(902, Devnet.MarketMaker.Address));
    }

    [Fact]
    public async Task A_transfer_above_the_destination_bridges_threshold_exits_5_held_and_the_network_claims_it_after_the_delay()
    {
        var bridge = ContractDefinition.Get(ContractNames.TokenBridge);
        var l2b = Devnet.Chain(902);
        var recipient = Devnet.Key(16).Address;
        var amount = new BigInteger(6_000_000_000);
        var before = await Devnet.UsdcBalanceAsync(902, recipient);
        // Transfers into 902 above 5,000 USDC wait 5 s (the other tests move less).
        await l2b.SendAsync(Devnet.Deployer, Devnet.Contract(902, "TokenBridge"), bridge, "setLargeTransferRule", [new BigInteger(5_000_000_000), 5UL]);
        try
        {
            var run = await fixture.CliAsync("transfer", "--from", "901", "--to", "902", "--amount", amount.ToString(), "--recipient", recipient.ToString());
            Assert.True(run.ExitCode == 5, run.ToString());
            Assert.Contains("delivered on chain 902", run.Output, StringComparison.Ordinal);
            Assert.Matches($"held: the TokenBridge on chain 902 holds {amount} for {recipient} as hold [0-9]+ until ", run.Output);
            Assert.Equal(before, await Devnet.UsdcBalanceAsync(902, recipient));
            var id = Regex.Match(run.Output, "message (0x[0-9a-f]{64})").Groups[1].Value;

            // Past the delay the node's relayer network claims it (a block is mined now and then so the chain's clock moves).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await Devnet.UsdcBalanceAsync(902, recipient) == before)
            {
                Assert.True(DateTime.UtcNow < deadline, "the held transfer was not claimed within 60 s");
                await l2b.Rpc.CallAsync("evm_mine", []);
                await Task.Delay(1000);
            }
            Assert.Equal(before + amount, await Devnet.UsdcBalanceAsync(902, recipient));

            // `interop status` shows the hold and its release once the node has seen it.
            var status = await fixture.CliAsync("status", id);
            for (var i = 0; i < 20 && !status.Output.Contains("released in", StringComparison.Ordinal); i++)
            {
                await Task.Delay(500);
                status = await fixture.CliAsync("status", id);
            }
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("stage        delivered", status.Output, StringComparison.Ordinal);
            Assert.Matches($"hold         [0-9]+ of {amount} on TokenBridge 0x[0-9a-fA-F]{{40}}, released in 0x[0-9a-f]{{64}}", status.Output);
        }
        finally
        {
            await l2b.SendAsync(Devnet.Deployer, Devnet.Contract(902, "TokenBridge"), bridge, "setLargeTransferRule", [BigInteger.Pow(2, 256) - 1, 0UL]);
        }
    }

    [Fact]
    public async Task Status_by_transaction_hash_reports_the_delivered_message()
    {
        var transfer = await fixture.CliAsync("transfer", "--from", "902", "--to", "901", "--amount", "1000000", "--recipient", Devnet.Key(15).Address.ToString());
        Assert.True(transfer.ExitCode == 0, transfer.ToString());
        var dispatchLine = transfer.Output.Split('\n').Single(l => l.TrimStart().StartsWith("dispatched", StringComparison.Ordinal));
        var tx = TransactionHash().Match(dispatchLine).Groups[1].Value;

        // The CLI stops at the Processed log; the node records Delivered once that block is buried under the confirmation depth.
        var status = await fixture.CliAsync("status", tx);
        for (var i = 0; i < 20 && !status.Output.Contains("stage        delivered", StringComparison.Ordinal); i++)
        {
            await Task.Delay(500);
            status = await fixture.CliAsync("status", tx);
        }

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("stage        delivered", status.Output, StringComparison.Ordinal);
        Assert.Contains("route        chain 902 -> chain 901", status.Output, StringComparison.Ordinal);
        Assert.Contains("on chain     delivered", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_from_L1_to_an_L2_recipient_delivers_the_body_once()
    {
        // A recipient that accepts any call and logs its calldata (CALLDATACOPY then LOG0).
        var recipient = Address.Parse("0x00000000000000000000000000000000000c0de1");
        await Devnet.Chain(901).Rpc.CallAsync("anvil_setCode", [recipient.ToString(), "0x366000600037366000a000"]);
        var fromBlock = await Devnet.Chain(901).Rpc.BlockNumberAsync();

        var run = await fixture.CliAsync("send", "--from", "900", "--to", "901", "--recipient", recipient.ToString(), "--body", "0x68656c6c6f20696e7465726f70");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("delivered on chain 901", run.Output, StringComparison.Ordinal);
        var logs = await Devnet.Chain(901).Rpc.GetLogsAsync(new LogFilter { Addresses = [recipient], FromBlock = BlockParameter.AtNumber(fromBlock), ToBlock = BlockParameter.Latest });
        var handle = Assert.Single(logs);
        Assert.Contains("68656c6c6f20696e7465726f70", Hex.Encode(handle.Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_node_the_cli_still_decides_by_the_chain_and_a_timeout_names_the_unreachable_node()
    {
        var deadNode = $"http://127.0.0.1:{Interop.Bridge.Devnet.AnvilProcess.FreeTcpPort()}";

        var delivered = await fixture.CliAsync("transfer", "--from", "901", "--to", "902", "--amount", "5", "--node", deadNode);
        Assert.True(delivered.ExitCode == 0, delivered.ToString());
        Assert.Contains("still watching chain 902", delivered.Error, StringComparison.Ordinal);

        var timedOut = await fixture.CliAsync("transfer", "--from", "901", "--to", "902", "--amount", "5", "--node", deadNode, "--timeout", "1");
        Assert.True(timedOut.ExitCode == 3, timedOut.ToString());
        Assert.Contains("not delivered after 1 s and the node is unreachable", timedOut.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_node_serves_its_validators_checkpoints_and_the_message_records_of_the_real_network()
    {
        var transfer = await fixture.CliAsync("transfer", "--from", "901", "--to", "902", "--amount", "7");
        Assert.True(transfer.ExitCode == 0, transfer.ToString());
        var id = Regex.Match(transfer.Output, "message (0x[0-9a-f]{64})").Groups[1].Value;
        using var http = new HttpClient { BaseAddress = fixture.Node.Url };

        var response = await http.GetAsync("/v1/checkpoints/901/latest");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var (checkpoints, problems) = Interop.Bridge.Relaying.CheckpointDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(problems);
        var validators = Enumerable.Range(1, 5).Select(i => Devnet.Key(i).Address).ToHashSet();
        Assert.NotEmpty(checkpoints);
        Assert.All(checkpoints, c => Assert.Contains(c.Checkpoint.RecoverSigner(c.Signature), validators));
        var byIndex = await http.GetAsync($"/v1/checkpoints/901/{checkpoints[0].Checkpoint.Index}");
        Assert.Equal(System.Net.HttpStatusCode.OK, byIndex.StatusCode);

        var record = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/messages/{id}");
        Assert.Equal(901u, record.GetProperty("origin").GetUInt32());
        Assert.Equal(902u, record.GetProperty("destination").GetUInt32());

        using var admin = new HttpRequestMessage(HttpMethod.Post, $"/admin/messages/0x{new string('9', 64)}/retry");
        admin.Headers.Add("X-Api-Key", NodeProcess.AdminKey);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.SendAsync(admin)).StatusCode);
    }

    [Fact]
    public async Task Send_to_a_recipient_without_code_exits_non_zero_saying_the_recipient_reverted()
    {
        var run = await fixture.CliAsync("send", "--from", "901", "--to", "902", "--recipient", "0x000000000000000000000000000000000000dEaD", "--body", "0x01");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the recipient reverted on chain 902", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_position_migrates_from_901_to_902_and_one_the_destination_rejects_is_restored_on_901()
    {
        var margin = new BigInteger(1_000_000_000); // 1000 USDC for a 1 ETH long at 3000: 10% initial margin is 300
        var moving = await Devnet.OpenPositionAsync(901, margin);

        var run = await fixture.CliAsync("position", "migrate", "--chain", "901", "--id", moving.ToString(System.Globalization.CultureInfo.InvariantCulture), "--to", "902");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("re-opened on chain 902", run.Output, StringComparison.Ordinal);
        Assert.Equal(Devnet.MarketMaker.Address, await Devnet.PositionOwnerAsync(902, moving));
        Assert.Equal(Address.Zero, await Devnet.PositionOwnerAsync(901, moving));

        // With the market disabled on 902 the migration is parked there (MarketUnavailable) and bounced back.
        var rejected = await Devnet.OpenPositionAsync(901, margin);
        await Devnet.SetMarketEnabledAsync(902, false);
        try
        {
            var bounce = await fixture.CliAsync("position", "migrate", "--chain", "901", "--id", rejected.ToString(System.Globalization.CultureInfo.InvariantCulture), "--to", "902");

            Assert.True(bounce.ExitCode == 4, bounce.ToString());
            Assert.Contains("the market is unavailable there", bounce.Output, StringComparison.Ordinal);
            Assert.Contains("restored on chain 901", bounce.Output, StringComparison.Ordinal);
            Assert.Equal(Devnet.MarketMaker.Address, await Devnet.PositionOwnerAsync(901, rejected));
            Assert.Equal(Address.Zero, await Devnet.PositionOwnerAsync(902, rejected));
        }
        finally
        {
            await Devnet.SetMarketEnabledAsync(902, true);
        }
    }
}
