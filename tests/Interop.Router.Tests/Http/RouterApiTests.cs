using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Router.Http;
using Interop.Router.Quoting;
using Microsoft.Extensions.DependencyInjection;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Http;

public sealed class RouterApiTests : IAsyncLifetime
{
    private static readonly EthKey Executor = new(Enumerable.Repeat((byte)9, 32).ToArray());
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private RouterHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RouterHost.StartAsync(Settings(Executor), DevnetMarket(), _time);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private const string Canonical = "/v1/quote?fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1000000000";

    private async Task<QuoteResponse> QuoteAsync(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<QuoteResponse>())!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Quote_returns_the_canonical_route_with_every_field_signed_by_the_quote_key()
    {
        var raw = await Client.GetStringAsync(Canonical);
        foreach (var field in new[] { "quoteId", "expiresAt", "inputAmount", "expectedOutput", "minOutput", "fees", "estimatedFillTimeSec", "p50", "p90", "limits", "instantMax", "steps", "fillDeadline", "transactions", "signature", "signer", "routeHashes", "root", "proof" })
            Assert.Contains($"\"{field}\"", raw, StringComparison.Ordinal);

        var quote = JsonSerializer.Deserialize<QuoteResponse>(raw, RouterApi.Json)!;
        var route = quote.Routes[0];
        Assert.Equal("canonical", route.Kind);
        Assert.Equal("1000000000", route.ExpectedOutput);
        Assert.Equal("995000000", route.MinOutput);
        Assert.Equal(Executor.Address.ToString(), route.Sender);
        Assert.Equal(QuoteKey.Address, QuoteSigner.RecoverSigner(route));
        Assert.Equal(2, route.Transactions.Count);
        Assert.Equal(BridgeFee.ToString(), route.Transactions[1].Value);
        Assert.Contains(route.Fees, f => f.Type == "interchainGas" && !f.Included);
        Assert.True(route.ExpiresAt > _time.Now.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("fromChain=77&toChain=902&fromToken=USDC&toToken=USDC&amount=1", "fromChain")]
    [InlineData("fromChain=901&toChain=banana&fromToken=USDC&toToken=USDC&amount=1", "toChain")]
    [InlineData("toChain=902&fromToken=USDC&toToken=USDC&amount=1", "fromChain")]
    [InlineData("fromChain=901&toChain=902&fromToken=DOGE&toToken=USDC&amount=1", "fromToken")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=0x1234&amount=1", "toToken")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=0x000000000000000000000000000000000000dEaD&amount=1", "toToken")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=0", "amount")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=-5", "amount")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1.5", "amount")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1e6", "amount")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC", "amount")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=115792089237316195423570985008687907853269984665640564039457584007913129639936", "amount")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1&tradeType=sideways", "tradeType")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1&order=slowest", "order")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1&slippageBps=-1", "slippageBps")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1&slippageBps=9000", "slippageBps")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1&sender=0xnothex", "sender")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1&recipient=0x0000000000000000000000000000000000000000", "recipient")]
    [InlineData("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1&recipient=0xAbCdEf0000000000000000000000000000000000", "recipient")]
    [InlineData("fromChain=900&toChain=901&fromToken=WETH&toToken=WETH&amount=1", "toToken")]
    public async Task Bad_quote_input_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        var problem = await ProblemAsync(await Client.GetAsync("/v1/quote?" + query), HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task An_amount_past_the_rate_limits_is_a_400_naming_the_amount()
    {
        _host.Snapshots.Publish(DevnetMarket(b => b with { Available = 1_000 * Usdc }));
        var problem = await ProblemAsync(await Client.GetAsync(Canonical.Replace("1000000000", "5000000000", StringComparison.Ordinal)), HttpStatusCode.BadRequest);
        Assert.Equal("amount", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Routes_lists_every_venue_edge_and_limits_lists_bridge_capacity()
    {
        var routes = JsonDocument.Parse(await Client.GetStringAsync("/v1/routes")).RootElement;
        Assert.Equal(10, routes.GetProperty("routes").GetArrayLength());
        Assert.Equal(3, routes.GetProperty("chains").GetArrayLength());

        var limits = JsonDocument.Parse(await Client.GetStringAsync("/v1/limits?fromChain=901&token=USDC")).RootElement.GetProperty("limits");
        Assert.Equal(2, limits.GetArrayLength());
        Assert.All(limits.EnumerateArray(), l => Assert.Equal(Unlimited.ToString(), l.GetProperty("max").GetString()));

        var bad = await ProblemAsync(await Client.GetAsync("/v1/limits?fromChain=12345"), HttpStatusCode.BadRequest);
        Assert.Equal("fromChain", bad.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Status_of_a_fresh_quote_is_quoted_then_expired_after_its_expiry()
    {
        var route = (await QuoteAsync(Canonical)).Routes[0];
        var status = JsonDocument.Parse(await Client.GetStringAsync($"/v1/status/{route.QuoteId}")).RootElement;
        Assert.Equal("QUOTED", status.GetProperty("status").GetString());
        _time.Now += TimeSpan.FromMinutes(2);
        status = JsonDocument.Parse(await Client.GetStringAsync($"/v1/status/{route.QuoteId}")).RootElement;
        Assert.Equal("EXPIRED", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("history").GetArrayLength());
        var expired = status.GetProperty("history")[1];
        Assert.Equal(route.ExpiresAt, expired.GetProperty("at").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Contains("transaction hash", expired.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quote_keeps_no_record_its_status_comes_from_its_id_on_any_router_with_the_quote_key()
    {
        var route = (await QuoteAsync(Canonical)).Routes[0];
        Assert.Equal(0, _host.Services.GetRequiredService<Interop.Router.Status.TransferStatusStore>().Count);

        // Another router node sharing the quote key (no shared state) answers it; one with another key does not.
        await using var peer = await RouterHost.StartAsync(Settings(Executor), DevnetMarket(), _time);
        var status = JsonDocument.Parse(await peer.Client.GetStringAsync($"/v1/status/{route.QuoteId}")).RootElement;
        Assert.Equal("QUOTED", status.GetProperty("status").GetString());
        Assert.Equal(route.ExpiresAt, status.GetProperty("expiresAt").GetInt64());
        Assert.Equal(route.FillDeadline, status.GetProperty("fillDeadline").GetInt64());
        await using var stranger = await RouterHost.StartAsync(Settings(Executor) with { QuoteKey = new EthKey(Enumerable.Repeat((byte)3, 32).ToArray()) }, DevnetMarket(), _time);
        await ProblemAsync(await stranger.Client.GetAsync($"/v1/status/{route.QuoteId}"), HttpStatusCode.NotFound);

        // The same id with one byte changed is nobody's quote.
        var forged = route.QuoteId[..^2] + (route.QuoteId[^2..] == "00" ? "01" : "00");
        await ProblemAsync(await Client.GetAsync($"/v1/status/{forged}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Status_of_an_unknown_id_is_a_404_problem()
    {
        var problem = await ProblemAsync(await Client.GetAsync("/v1/status/0x" + new string('a', 64)), HttpStatusCode.NotFound);
        Assert.Equal("id", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Status_events_stream_the_current_status_as_server_sent_events()
    {
        var route = (await QuoteAsync(Canonical)).Routes[0];
        _time.Now += TimeSpan.FromMinutes(2);
        // Expired and never submitted: the stream sends the status once and ends.
        using var response = await Client.GetAsync($"/v1/status/{route.QuoteId}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("id: 0\nevent: status\ndata: {", body, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"EXPIRED\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfers_refuse_a_quote_whose_terms_were_changed()
    {
        var route = (await QuoteAsync(Canonical)).Routes[0] with { MinOutput = "1" };
        var problem = await ProblemAsync(await Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json), HttpStatusCode.BadRequest);
        Assert.Equal("signature", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Transfers_refuse_a_route_that_is_not_in_its_signed_set()
    {
        var first = (await QuoteAsync(Canonical)).Routes[0];
        var second = (await QuoteAsync(Canonical.Replace("amount=1000000000", "amount=2000000000", StringComparison.Ordinal))).Routes[0];
        var route = first with { RouteHashes = second.RouteHashes, Signature = second.Signature };
        var problem = await ProblemAsync(await Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json), HttpStatusCode.BadRequest);
        Assert.Equal("signature", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Transfers_refuse_a_route_set_signed_by_another_key()
    {
        var routes = (await QuoteAsync(Canonical)).Routes;
        var route = QuoteSigner.Sign(routes, new EthKey(Enumerable.Repeat((byte)3, 32).ToArray()))[0];
        var problem = await ProblemAsync(await Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json), HttpStatusCode.BadRequest);
        Assert.Equal("signature", problem.GetProperty("parameter").GetString());
    }

    /// <summary>Routes of <paramref name="count"/> responses from this host, re-signed as one batch by its quote key.</summary>
    private async Task<IReadOnlyList<QuoteRoute>> BatchRoutesAsync(int count, string query = Canonical)
    {
        var responses = new List<QuoteResponse>();
        for (var i = 0; i < count; i++) responses.Add(await QuoteAsync(query.Replace("amount=1000000000", $"amount={1_000_000_000 + i}", StringComparison.Ordinal)));
        return Quoting.QuoteBatches.SignAsOneBatch(responses, QuoteKey).Select(r => r.Routes[0]).ToList();
    }

    private async Task<JsonElement> PostRejectedAsync(QuoteRoute route) =>
        await ProblemAsync(await Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json), HttpStatusCode.BadRequest);

    [Fact]
    public async Task Transfers_accept_the_proof_of_a_batch_signature_and_go_on_to_the_next_check()
    {
        // A sender other than the executor is checked after the signature: reaching it means the batch proof passed.
        var route = (await BatchRoutesAsync(3, Canonical + "&sender=" + Addr(42)))[1];
        Assert.NotEmpty(route.Proof);
        Assert.Equal("sender", (await PostRejectedAsync(route)).GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Transfers_refuse_a_forged_proof_a_forged_root_and_a_forged_signature()
    {
        var route = (await BatchRoutesAsync(3))[0];
        var proof = route.Proof.ToList();
        proof[^1] = "0x" + new string('a', 64);
        var forgedProof = await PostRejectedAsync(route with { Proof = proof });
        Assert.Equal("signature", forgedProof.GetProperty("parameter").GetString());
        Assert.Contains("proof", forgedProof.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var forgedRoot = await PostRejectedAsync(route with { Root = "0x" + new string('b', 64) });
        Assert.Equal("signature", forgedRoot.GetProperty("parameter").GetString());

        // Consistent but unsigned: the set's own digest as the root with no proof.
        var leafAsRoot = route with { Proof = [], Root = Hex.Encode(QuoteSigner.TypedData(route).ComputeSigningHash()) };
        Assert.Equal("signature", (await PostRejectedAsync(leafAsRoot)).GetProperty("parameter").GetString());

        var signature = Hex.Decode(route.Signature);
        signature[50] ^= 0x80;
        Assert.Equal("signature", (await PostRejectedAsync(route with { Signature = Hex.Encode(signature) })).GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("proof", "null", "proof")]
    [InlineData("proof", "[\"0xnothex\"]", "proof")]
    [InlineData("root", "\"0x12\"", "root")]
    [InlineData("root", "null", "root")]
    public async Task Transfers_refuse_a_malformed_proof_or_root_as_a_400_naming_it(string property, string value, string named)
    {
        var route = (await BatchRoutesAsync(2))[0];
        var body = JsonSerializer.SerializeToNode(route, RouterApi.Json)!.AsObject();
        body[property] = JsonNode.Parse(value);
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var problem = await ProblemAsync(await Client.PostAsync("/v1/transfers", content), HttpStatusCode.BadRequest);
        Assert.Equal("quote", problem.GetProperty("parameter").GetString());
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfers_refuse_an_expired_batch_signed_quote()
    {
        var route = (await BatchRoutesAsync(2))[1];
        _time.Now += TimeSpan.FromMinutes(5);
        var problem = await PostRejectedAsync(route);
        Assert.Equal("quote", problem.GetProperty("parameter").GetString());
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_quotes_all_verify_and_share_fewer_signatures_than_responses()
    {
        const int count = 100;
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => QuoteAsync(Canonical)));
        var routes = responses.SelectMany(r => r.Routes).ToList();
        Assert.All(routes, r => Assert.Null(QuoteVerifier.Check(r, QuoteKey.Address)));
        var signatures = responses.Select(r => r.Routes[0].Signature).Distinct().Count();
        Assert.True(signatures < count, $"{signatures} signatures for {count} responses");
    }

    [Fact]
    public async Task Transfers_refuse_an_expired_quote_and_mark_it_expired()
    {
        var route = (await QuoteAsync(Canonical)).Routes[0];
        _time.Now += TimeSpan.FromMinutes(5);
        var problem = await ProblemAsync(await Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json), HttpStatusCode.BadRequest);
        Assert.Equal("quote", problem.GetProperty("parameter").GetString());
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var status = JsonDocument.Parse(await Client.GetStringAsync($"/v1/status/{route.QuoteId}")).RootElement;
        Assert.Equal("EXPIRED", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Transfers_refuse_a_quote_past_todays_limits()
    {
        var route = (await QuoteAsync(Canonical)).Routes[0];
        _host.Snapshots.Publish(DevnetMarket(b => b with { Available = 10 * Usdc }, version: 2));
        var problem = await ProblemAsync(await Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json), HttpStatusCode.BadRequest);
        Assert.Equal("amount", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Transfers_refuse_a_quote_for_another_sender()
    {
        var route = (await QuoteAsync(Canonical + "&sender=" + Addr(42))).Routes[0];
        var problem = await ProblemAsync(await Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json), HttpStatusCode.BadRequest);
        Assert.Equal("sender", problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"quoteId\": 5}")]
    [InlineData("null")]
    public async Task Transfers_refuse_a_malformed_body(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var problem = await ProblemAsync(await Client.PostAsync("/v1/transfers", content), HttpStatusCode.BadRequest);
        Assert.Equal("quote", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_router_endpoints()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/v1/quote", "/v1/routes", "/v1/limits", "/v1/transfers", "/v1/status/{id}", "/v1/status/{id}/events" })
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        var schemas = JsonDocument.Parse(document).RootElement.GetProperty("components").GetProperty("schemas");
        var route = schemas.GetProperty("QuoteRoute").GetProperty("properties");
        foreach (var field in new[] { "signature", "signer", "routeHashes", "root", "proof" })
            Assert.True(route.TryGetProperty(field, out _), $"QuoteRoute schema lacks {field}");
        Assert.Contains("QuoteBatch(bytes32 root)", document, StringComparison.Ordinal);
    }

    private sealed class BrokenStatusSource : IMessageStatusSource
    {
        public Task<MessageRecord?> GetAsync(Bytes32 id, CancellationToken cancellationToken = default) => throw new InvalidOperationException("status store is down");
        public Task<IReadOnlyList<MessageRecord>> FindByTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default) => throw new InvalidOperationException("status store is down");
        public Task<IReadOnlyList<MessageRecord>> ListAsync(MessageStage? stage, int limit, CancellationToken cancellationToken = default) => throw new InvalidOperationException("status store is down");
    }

    [Fact]
    public async Task An_unexpected_exception_still_answers_problem_json_without_internals()
    {
        await using var host = await RouterHost.StartAsync(Settings(), DevnetMarket(), messages: new BrokenStatusSource());
        var response = await host.Client.GetAsync("/v1/status/0x" + new string('b', 64));
        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("status store is down", problem.GetRawText(), StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task Exact_out_quotes_the_input_needed_for_the_requested_output()
    {
        var quote = await QuoteAsync("/v1/quote?fromChain=901&toChain=901&fromToken=USDC&toToken=WETH&amount=1000000000000000000&tradeType=exactOut");
        var route = quote.Routes[0];
        Assert.Equal("exactOut", route.TradeType);
        Assert.True(System.Numerics.BigInteger.Parse(route.ExpectedOutput) >= System.Numerics.BigInteger.Parse("1000000000000000000"));
        Assert.InRange(System.Numerics.BigInteger.Parse(route.InputAmount), 3_000 * Usdc, 3_020 * Usdc);
    }

    private sealed class OneMessage(MessageRecord record) : IMessageStatusSource
    {
        public Task<MessageRecord?> GetAsync(Bytes32 id, CancellationToken cancellationToken = default) => Task.FromResult(id == record.Id ? record : null);
        public Task<IReadOnlyList<MessageRecord>> FindByTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<MessageRecord>>(transactionHash == record.OriginTransaction ? [record] : []);
        public Task<IReadOnlyList<MessageRecord>> ListAsync(MessageStage? stage, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<MessageRecord>>([record]);
    }

    [Fact]
    public async Task Status_of_a_message_the_router_did_not_quote_comes_from_the_relayer_network()
    {
        var id = new Bytes32(Enumerable.Repeat((byte)0xc1, 32).ToArray());
        var tx = new Bytes32(Enumerable.Repeat((byte)0xd2, 32).ToArray());
        var record = new MessageRecord
        {
            Id = id, Origin = 901, Destination = 902, Nonce = 7, Sender = Bytes32.Zero, Recipient = Bytes32.Zero, GasLimit = 150_000,
            Stage = MessageStage.Attested, OriginTransaction = tx,
            History = [new(MessageStage.Dispatched, DateTimeOffset.UnixEpoch), new(MessageStage.Attested, DateTimeOffset.UnixEpoch.AddSeconds(3))],
        };
        await using var host = await RouterHost.StartAsync(Settings(), DevnetMarket(), messages: new OneMessage(record));
        foreach (var key in new[] { id.ToString(), tx.ToString() })
        {
            var status = JsonDocument.Parse(await host.Client.GetStringAsync($"/v1/status/{key}")).RootElement;
            Assert.Equal("FILLING", status.GetProperty("status").GetString());
            Assert.Equal("Attested", status.GetProperty("messages")[0].GetProperty("stage").GetString());
        }
    }

    [Fact]
    public async Task With_every_chain_unreachable_the_watcher_keeps_retrying_and_quotes_answer_400_not_500()
    {
        // Settings() points every chain at a closed port: refreshes fail, are logged, and no snapshot is published.
        await using var host = await RouterHost.StartAsync(Settings() with { RefreshInterval = TimeSpan.FromMilliseconds(100) }, watchChains: true);
        await Task.Delay(300);
        Assert.Equal(0, host.Snapshots.Current.Version);
        var problem = await ProblemAsync(await host.Client.GetAsync(Canonical + "&sender=" + Addr(42)), HttpStatusCode.BadRequest);
        Assert.Equal("fromChain", problem.GetProperty("parameter").GetString());
        Assert.Contains("none yet", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_without_a_market_maker_key_requires_a_sender()
    {
        await using var host = await RouterHost.StartAsync(Settings(), DevnetMarket());
        var problem = await ProblemAsync(await host.Client.GetAsync(Canonical), HttpStatusCode.BadRequest);
        Assert.Equal("sender", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_node_without_a_market_maker_key_answers_503_to_transfers()
    {
        await using var host = await RouterHost.StartAsync(Settings(), DevnetMarket());
        var route = (await (await host.Client.GetAsync(Canonical + "&sender=" + Addr(42))).Content.ReadFromJsonAsync<QuoteResponse>())!.Routes[0];
        var problem = await ProblemAsync(await host.Client.PostAsJsonAsync("/v1/transfers", route, RouterApi.Json), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("quote", problem.GetProperty("parameter").GetString());
    }
}
