using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Interop.Bridge.Devnet;
using Interop.Bridge.Protocol;
using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Node.Hosting;
using Interop.Relayers.Network;
using Microsoft.Extensions.Configuration;

namespace Interop.Node.Tests.Api;

public sealed class NodeApiTests(NodeApiFixture node) : IClassFixture<NodeApiFixture>
{
    private static readonly Bytes32 MessageId = Bytes32.Parse("0x" + new string('a', 64));
    private static readonly Bytes32 OriginTx = Bytes32.Parse("0x" + new string('b', 64));
    private static readonly Bytes32 Mailbox = Bytes32.FromAddress(Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

    private HttpClient Http => node.Http;

    private static MessageRecord Record(Bytes32 id, MessageStage stage, ulong nonce) => new()
    {
        Id = id, Origin = 901, Destination = 902, Nonce = nonce, Sender = Bytes32.FromAddress(Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")),
        Recipient = Mailbox, GasLimit = 150_000, Stage = stage, OriginTransaction = OriginTx, OriginBlock = 12,
        GasPaid = BigInteger.Parse("200000000000000000000000", System.Globalization.CultureInfo.InvariantCulture),
        History = [new MessageTransition(MessageStage.Dispatched, DateTimeOffset.UnixEpoch)],
    };

    private async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task AssertBadParameterAsync(HttpResponseMessage response, string parameter)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.StartsWith(parameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private HttpRequestMessage Admin(HttpMethod method, string path, string? json = null, string? key = NodeApiFixture.ApiKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    [Fact]
    public async Task Checkpoint_by_index_serves_a_document_whose_signatures_recover_to_the_validators()
    {
        var wallet = new EthereumHdWallet(Mnemonic.Parse("test test test test test test test test test test test junk"));
        var checkpoint = new Checkpoint(901, Mailbox, Bytes32.Parse("0x" + new string('c', 64)), 5);
        var signers = new[] { wallet.GetKey(1), wallet.GetKey(2) };
        node.Network.Checkpoints[(901, 5)] = signers.Select(k => new SignedCheckpoint(checkpoint, checkpoint.Sign(k))).ToList();

        var response = await Http.GetAsync("/v1/checkpoints/901/5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (parsed, problems) = CheckpointDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(problems);
        Assert.Equal(signers.Select(s => s.Address), parsed.Select(p => p.Checkpoint.RecoverSigner(p.Signature)));
        Assert.All(parsed, p => Assert.Equal(checkpoint, p.Checkpoint));

        var latest = await Http.GetAsync("/v1/checkpoints/901/latest");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal(5u, JsonDocument.Parse(await latest.Content.ReadAsStringAsync()).RootElement.GetProperty("checkpoints")[0].GetProperty("index").GetUInt32());
    }

    [Fact]
    public async Task Checkpoint_answers_404_when_unsigned_and_400_naming_a_bad_origin_or_index()
    {
        await ProblemAsync(await Http.GetAsync("/v1/checkpoints/901/77"), HttpStatusCode.NotFound);
        await ProblemAsync(await Http.GetAsync("/v1/checkpoints/4242/latest"), HttpStatusCode.NotFound);
        await AssertBadParameterAsync(await Http.GetAsync("/v1/checkpoints/abc/1"), "origin");
        await AssertBadParameterAsync(await Http.GetAsync("/v1/checkpoints/0/1"), "origin");
        await AssertBadParameterAsync(await Http.GetAsync("/v1/checkpoints/901/-1"), "index");
        await AssertBadParameterAsync(await Http.GetAsync("/v1/checkpoints/901/99999999999"), "index");
    }

    [Fact]
    public async Task Message_by_id_serves_hex_ids_and_decimal_amounts()
    {
        node.Network.Records[MessageId] = Record(MessageId, MessageStage.Attested, 3);

        var response = await Http.GetAsync($"/v1/messages/{MessageId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(MessageId.ToString(), json.GetProperty("id").GetString());
        Assert.Equal("Attested", json.GetProperty("stage").GetString());
        Assert.Equal("200000000000000000000000", json.GetProperty("gasPaid").GetString());
        Assert.Equal("3", json.GetProperty("nonce").GetString());
        Assert.Equal(OriginTx.ToString(), json.GetProperty("originTransaction").GetString());
        Assert.Equal("Dispatched", json.GetProperty("history")[0].GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Message_lookup_answers_404_for_an_unknown_id_and_400_naming_a_bad_id_or_tx()
    {
        await ProblemAsync(await Http.GetAsync("/v1/messages/0x" + new string('f', 64)), HttpStatusCode.NotFound);
        await AssertBadParameterAsync(await Http.GetAsync("/v1/messages/0x1234"), "id");
        await AssertBadParameterAsync(await Http.GetAsync("/v1/messages/" + new string('z', 66)), "id");
        await AssertBadParameterAsync(await Http.GetAsync("/v1/messages"), "tx");
        await AssertBadParameterAsync(await Http.GetAsync("/v1/messages?tx=0xnothex"), "tx");
    }

    [Fact]
    public async Task Messages_by_transaction_lists_what_the_transaction_dispatched()
    {
        node.Network.Records[MessageId] = Record(MessageId, MessageStage.Delivered, 3);

        var list = await Http.GetFromJsonAsync<JsonElement>($"/v1/messages?tx={OriginTx}");
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("id").GetString() == MessageId.ToString());

        var none = await Http.GetFromJsonAsync<JsonElement>($"/v1/messages?tx=0x{new string('e', 64)}");
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public async Task Admin_refuses_a_missing_key_with_401_and_a_wrong_key_with_403()
    {
        var missing = await ProblemAsync(await Http.SendAsync(Admin(HttpMethod.Get, "/admin/messages", key: null)), HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var wrong = await ProblemAsync(await Http.SendAsync(Admin(HttpMethod.Get, "/admin/denylist", key: "not-the-key-but-long-enough")), HttpStatusCode.Forbidden);
        Assert.DoesNotContain(NodeApiFixture.ApiKey, wrong.ToString(), StringComparison.Ordinal);
        await ProblemAsync(await Http.SendAsync(Admin(HttpMethod.Post, $"/admin/messages/{MessageId}/retry", key: "x")), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admin_lists_messages_by_status_and_names_a_bad_status_or_limit()
    {
        var delivered = Bytes32.Parse("0x" + new string('1', 64));
        var failed = Bytes32.Parse("0x" + new string('2', 64));
        node.Network.Records[delivered] = Record(delivered, MessageStage.Delivered, 10);
        node.Network.Records[failed] = Record(failed, MessageStage.Failed, 11);

        var response = await Http.SendAsync(Admin(HttpMethod.Get, "/admin/messages?status=failed&limit=10"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.All(list.EnumerateArray(), m => Assert.Equal("Failed", m.GetProperty("stage").GetString()));
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("id").GetString() == failed.ToString());

        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Get, "/admin/messages?status=lost")), "status");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Get, "/admin/messages?status=3")), "status");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Get, "/admin/messages?limit=0")), "limit");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Get, "/admin/messages?limit=many")), "limit");
    }

    [Fact]
    public async Task Admin_retry_maps_accepted_not_found_and_conflict_to_202_404_409()
    {
        var accepted = Bytes32.Parse("0x" + new string('3', 64));
        var conflict = Bytes32.Parse("0x" + new string('4', 64));
        node.Network.RetryAnswers[accepted] = new AdminResult(AdminResultKind.Accepted, "queued for delivery", [accepted]);
        node.Network.RetryAnswers[conflict] = new AdminResult(AdminResultKind.Conflict, "already delivered");

        var ok = await Http.SendAsync(Admin(HttpMethod.Post, $"/admin/messages/{accepted}/retry"));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("queued for delivery", body.GetProperty("detail").GetString());
        Assert.Equal(accepted.ToString(), body.GetProperty("messageIds")[0].GetString());

        var clash = await ProblemAsync(await Http.SendAsync(Admin(HttpMethod.Post, $"/admin/messages/{conflict}/retry")), HttpStatusCode.Conflict);
        Assert.Equal("already delivered", clash.GetProperty("detail").GetString());
        await ProblemAsync(await Http.SendAsync(Admin(HttpMethod.Post, $"/admin/messages/0x{new string('5', 64)}/retry")), HttpStatusCode.NotFound);
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/messages/12/retry")), "id");
    }

    [Fact]
    public async Task Admin_relay_queues_a_transaction_and_names_every_bad_field()
    {
        node.Network.Records[MessageId] = Record(MessageId, MessageStage.Dispatched, 3);

        var ok = await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", $$"""{"chain":901,"txHash":"{{OriginTx}}"}"""));
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Contains((901u, OriginTx), node.Network.Relayed);

        await ProblemAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", $$"""{"chain":902,"txHash":"{{OriginTx}}"}""")), HttpStatusCode.NotFound);
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", """{"txHash":"0x00"}""")), "chain");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", """{"chain":"901","txHash":"0x00"}""")), "chain");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", """{"chain":-5,"txHash":"0x00"}""")), "chain");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", """{"chain":901}""")), "txHash");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", """{"chain":901,"txHash":"0x12"}""")), "txHash");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", """{"chain":901,""")), "body");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay", "[1,2]")), "body");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Post, "/admin/relay")), "body");
    }

    [Fact]
    public async Task Admin_denylist_round_trips_and_names_a_bad_entry()
    {
        var sender = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        var put = await Http.SendAsync(Admin(HttpMethod.Put, "/admin/denylist", $$"""{"messageIds":["{{MessageId}}"],"senders":["{{sender}}"],"recipients":[]}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains(Bytes32.FromAddress(Address.Parse(sender)), node.Network.Denylist.Senders);

        var get = await Http.SendAsync(Admin(HttpMethod.Get, "/admin/denylist"));
        var json = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(MessageId.ToString(), json.GetProperty("messageIds")[0].GetString());
        Assert.Equal(Bytes32.FromAddress(Address.Parse(sender)).ToString(), json.GetProperty("senders")[0].GetString());
        Assert.Equal(0, json.GetProperty("recipients").GetArrayLength());

        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Put, "/admin/denylist", """{"senders":["0x12"]}""")), "senders[0]");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Put, "/admin/denylist", """{"messageIds":"0x12"}""")), "messageIds");
        await AssertBadParameterAsync(await Http.SendAsync(Admin(HttpMethod.Put, "/admin/denylist", """{"others":[]}""")), "others");
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_problem_json()
    {
        await ProblemAsync(await Http.GetAsync("/v1/nothing"), HttpStatusCode.NotFound);
        await ProblemAsync(await Http.DeleteAsync($"/v1/messages/{MessageId}"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Ready_follows_the_relayer_network()
    {
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health/ready")).StatusCode);
        node.Network.IsReady = false;
        try
        {
            var notReady = await Http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            var body = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
            Assert.Equal("the relayer network is catching up with the chains", body.GetProperty("reason").GetString());
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            node.Network.IsReady = true;
        }
    }
}

public sealed class NodeAdminWithoutKeysTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-node-nokey-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Admin_without_configured_keys_answers_403_explaining_how_to_configure_one_and_the_network_is_disposed_on_stop()
    {
        var port = AnvilProcess.FreeTcpPort();
        var network = new FakeRelayerNetwork();
        var app = NodeHost.Build(new ConfigurationBuilder().AddInMemoryCollection(NodeApiFixture.Settings(_dir, port)).Build(),
            starter: (_, _, _, _) => Task.FromResult<IRelayerNetwork>(network));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/messages");
            request.Headers.Add("X-Api-Key", "anything-anything-anything");
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("Interop:Admin:ApiKeys", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Assert.True(network.Disposed);
    }

    [Fact]
    public void Node_rejects_a_short_admin_key_and_a_missing_validator_set_naming_the_keys()
    {
        var settings = NodeApiFixture.Settings(_dir, 1);
        settings["Interop:Admin:ApiKeys:0"] = "short";
        settings.Remove("Interop:Relayer:Validators:0");
        var error = Assert.Throws<ConfigurationException>(() => NodeHost.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        Assert.Contains("Interop:Admin:ApiKeys:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Interop:Relayer:Validators", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_rejects_postgresql_without_a_connection_string_naming_the_key()
    {
        var settings = NodeApiFixture.Settings(_dir, 1);
        settings["Interop:Persistence:Provider"] = "PostgreSql";
        settings.Remove("Interop:Persistence:ConnectionString");

        var error = Assert.Throws<ConfigurationException>(() => NodeHost.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

        Assert.Contains("Interop:Persistence:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }
}
