using System.Net;
using System.Text;
using System.Text.Json;
using Interop.EndToEnd.Tests.Support;

namespace Interop.EndToEnd.Tests;

/// <summary>The public port of a real node: the quote API behind the gateway, the CLI's quote table, and /rpc/{chainId}.</summary>
[Collection(NodeCollection.Name)]
public sealed class QuoteAndGatewayTests(NodeFixture fixture)
{
    private static readonly string[] RouteFields =
        ["quoteId", "expiresAt", "inputAmount", "expectedOutput", "minOutput", "fees", "estimatedFillTimeSec", "limits", "steps", "transactions", "signature", "signer", "routeHashes", "root", "proof"];

    [Fact]
    public async Task The_acceptance_quote_returns_the_canonical_route_with_every_field_and_nonsense_is_a_400_problem()
    {
        using var http = new HttpClient { BaseAddress = fixture.Node.Url };
        var response = await http.GetAsync("/v1/quote?fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1000000000");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var routes = json.RootElement.GetProperty("routes").EnumerateArray().ToList();
        var canonical = Assert.Single(routes, r => r.GetProperty("kind").GetString() == "canonical");
        foreach (var field in RouteFields) Assert.True(canonical.TryGetProperty(field, out _), $"route lacks {field}: {canonical}");
        Assert.Equal("1000000000", canonical.GetProperty("inputAmount").GetString());
        foreach (var part in new[] { "p50", "p90" }) Assert.True(canonical.GetProperty("estimatedFillTimeSec").GetProperty(part).GetDouble() > 0);
        foreach (var part in new[] { "min", "instantMax", "max" }) Assert.False(string.IsNullOrEmpty(canonical.GetProperty("limits").GetProperty(part).GetString()));

        foreach (var (query, parameter) in new[]
                 {
                     ("fromChain=901&toChain=999&fromToken=USDC&toToken=USDC&amount=1", "toChain"),
                     ("fromChain=901&toChain=902&fromToken=DOGE&toToken=USDC&amount=1", "fromToken"),
                     ("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=-5", "amount"),
                     ("fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1&recipient=0x12", "recipient"),
                 })
        {
            var bad = await http.GetAsync("/v1/quote?" + query);
            var problem = await bad.Content.ReadAsStringAsync();
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, $"{query}: {bad.StatusCode} {problem}");
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            Assert.Contains(parameter, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_quotes_status_streams_through_the_public_port_while_the_quote_is_open()
    {
        // The gateway hands /v1/* for this node to its API in-process (LocalApi): a server-sent event stream must still
        // reach the client as it is written, not when it ends (the quote stays QUOTED until it expires).
        using var http = new HttpClient { BaseAddress = fixture.Node.Url, Timeout = TimeSpan.FromSeconds(30) };
        var quote = await http.GetStringAsync("/v1/quote?fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1000000000");
        var quoteId = JsonDocument.Parse(quote).RootElement.GetProperty("routes")[0].GetProperty("quoteId").GetString();
        using var response = await http.GetAsync($"/v1/status/{quoteId}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string?>();
        for (var i = 0; i < 3; i++) lines.Add(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["id: 0", "event: status"], lines.Take(2));
        Assert.Contains("\"status\":\"QUOTED\"", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interop_quote_prints_the_routes_as_a_table()
    {
        var run = await fixture.CliAsync("quote", "--from", "901", "--to", "902", "--token", "USDC", "--amount", "1000000000");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("canonical", run.Output, StringComparison.Ordinal);
        Assert.Contains("bridge 901->902", run.Output, StringComparison.Ordinal);

        var bad = await fixture.CliAsync("quote", "--from", "901", "--to", "999", "--token", "USDC", "--amount", "1");
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("unknown chain '999'", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_serves_each_chains_json_rpc_at_rpc_chain_id()
    {
        using var http = new HttpClient { BaseAddress = fixture.Node.Url };
        foreach (var (chain, hex) in new[] { (900, "0x384"), (901, "0x385"), (902, "0x386") })
        {
            var response = await http.PostAsync($"/rpc/{chain}", new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.Equal(hex, JsonDocument.Parse(body).RootElement.GetProperty("result").GetString());
        }
        var unknown = await http.PostAsync("/rpc/31337", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }
}
