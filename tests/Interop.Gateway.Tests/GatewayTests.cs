using System.Net;
using System.Text;
using System.Text.Json;
using Interop.Bridge.Devnet;

namespace Interop.Gateway.Tests;

public sealed class RouterLoadBalancingTests
{
    [Fact]
    public async Task V1_requests_are_spread_over_router_nodes_and_survive_one_node_dying()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await using var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(a.Address, b.Address));

        for (var i = 0; i < 10; i++)
        {
            var response = await gateway.Client.GetAsync("/v1/who");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.True(a.Requests > 0 && b.Requests > 0, $"round robin should use both nodes: a={a.Requests} b={b.Requests}");

        // Node a dies: no client request may fail, before or after the health checks notice.
        await a.StopAsync();
        var before = b.Requests;
        for (var i = 0; i < 20; i++)
        {
            var response = await gateway.Client.GetAsync("/v1/who");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("b", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(before + 20, b.Requests);
    }

    [Fact]
    public async Task A_post_body_is_forwarded_intact_and_all_nodes_down_is_a_502_problem()
    {
        await using var a = await Backend.StartAsync("a");
        await using var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(a.Address));

        var ok = await gateway.Client.PostAsync("/v1/echo", new StringContent("{\"amount\":\"1\"}", Encoding.UTF8, "application/json"));
        Assert.Equal("a:{\"amount\":\"1\"}", await ok.Content.ReadAsStringAsync());

        await a.StopAsync();
        var down = await gateway.Client.GetAsync("/v1/who");
        var body = await HttpAssert.ProblemAsync(down, down.StatusCode is HttpStatusCode.ServiceUnavailable ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.BadGateway);
        Assert.Contains("router", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Self_destinations_resolve_to_the_nodes_own_api()
    {
        await using var api = await Backend.StartAsync("self");
        var settings = RunningGateway.RouterCluster(new Uri("http://self/"));
        await using var gateway = await RunningGateway.StartAsync(settings, self: () => api.Address);
        Assert.Equal("self", await gateway.Client.GetStringAsync("/v1/who"));
    }
}

public sealed class RpcFailoverTests
{
    private static StringContent ChainIdRequest() => new("""{"jsonrpc":"2.0","id":7,"method":"eth_chainId","params":[]}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task Rpc_requests_fail_over_to_the_next_endpoint_when_the_first_dies()
    {
        var primary = await AnvilProcess.StartAsync(new AnvilOptions { ChainId = 4242, Name = "primary" });
        using var standby = await AnvilProcess.StartAsync(new AnvilOptions { ChainId = 4242, Name = "standby" });
        try
        {
            await using var gateway = await RunningGateway.StartAsync([], chains: [new GatewayChain(4242, [primary.RpcUrl, standby.RpcUrl])]);
            var first = await gateway.Client.PostAsync("/rpc/4242", ChainIdRequest());
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("0x1092", JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetString());

            // Only the primary sees traffic while it is healthy: a write sent through the gateway lands there.
            await gateway.Client.PostAsync("/rpc/4242", new StringContent("""{"jsonrpc":"2.0","id":1,"method":"evm_mine","params":[]}""", Encoding.UTF8, "application/json"));
            Assert.Equal("0x1", await BlockNumber(primary.RpcUrl));
            Assert.Equal("0x0", await BlockNumber(standby.RpcUrl));

            primary.Dispose();
            for (var i = 0; i < 10; i++)
            {
                var response = await gateway.Client.PostAsync("/rpc/4242", ChainIdRequest());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(7, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32());
            }
        }
        finally
        {
            primary.Dispose();
        }
    }

    [Fact]
    public async Task An_unknown_chain_is_a_404_problem_naming_the_served_chains()
    {
        await using var gateway = await RunningGateway.StartAsync([], chains: [new GatewayChain(901, [new Uri("http://127.0.0.1:1/")])]);
        var response = await gateway.Client.PostAsync("/rpc/999", ChainIdRequest());
        var body = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("'999'", body, StringComparison.Ordinal);
        Assert.Contains("901", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_endpoint_down_is_a_502_problem_not_a_hang()
    {
        int dead1 = AnvilProcess.FreeTcpPort(), dead2 = AnvilProcess.FreeTcpPort();
        await using var gateway = await RunningGateway.StartAsync([],
            chains: [new GatewayChain(901, [new Uri($"http://127.0.0.1:{dead1}/"), new Uri($"http://127.0.0.1:{dead2}/")])]);
        var response = await gateway.Client.PostAsync("/rpc/901", ChainIdRequest());
        Assert.Contains("rpc-901", await HttpAssert.ProblemAsync(response, HttpStatusCode.BadGateway), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_chain_lists_are_refused_with_the_reason()
    {
        var routes = new GatewayRpcRoutes(new GatewayOptions());
        Assert.Contains("no RPC endpoint", Assert.Throws<ArgumentException>(() => routes.Update([new GatewayChain(1, [])])).Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() =>
            routes.Update([new GatewayChain(1, [new Uri("http://a/")]), new GatewayChain(1, [new Uri("http://b/")])])).Message, StringComparison.Ordinal);
        Assert.Contains("not an absolute http(s) URL", Assert.Throws<ArgumentException>(() =>
            routes.Update([new GatewayChain(1, [new Uri("ws://a/")])])).Message, StringComparison.Ordinal);
    }

    private static async Task<string?> BlockNumber(Uri rpc)
    {
        using var client = new HttpClient();
        var response = await client.PostAsync(rpc, new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}""", Encoding.UTF8, "application/json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetString();
    }
}

public sealed class ApiKeyAndRateLimitTests
{
    private const string MarketMakerKey = "mm-key-0123456789abcdef";

    [Fact]
    public async Task Required_keys_refuse_missing_and_unknown_keys_and_admit_known_ones()
    {
        await using var a = await Backend.StartAsync("a");
        var options = new GatewayOptions { RequireApiKey = true, ApiKeys = [new GatewayApiKey { Name = "mm", Key = MarketMakerKey, PermitsPerSecond = 100 }] };
        await using var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(a.Address), options);

        var missing = await gateway.Client.GetAsync("/v1/who");
        Assert.Contains("X-Api-Key", await HttpAssert.ProblemAsync(missing, HttpStatusCode.Unauthorized), StringComparison.Ordinal);

        var unknown = await Send(gateway, "not-the-key-0123456789");
        var body = await HttpAssert.ProblemAsync(unknown, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("not-the-key", body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await Send(gateway, MarketMakerKey)).StatusCode);
        Assert.Equal(1, a.Requests);
    }

    [Fact]
    public async Task Each_key_has_its_own_limit_and_a_refusal_is_a_429_problem_with_retry_after()
    {
        await using var a = await Backend.StartAsync("a");
        var options = new GatewayOptions
        {
            AnonymousPermitsPerSecond = 100,
            ApiKeys = [new GatewayApiKey { Name = "slow", Key = "slow-key-0123456789abc", PermitsPerSecond = 2 }],
        };
        await using var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(a.Address), options);

        // The bucket refills 2 tokens on a 1 s timer that may tick during the burst: of 5 quick requests the first 2 pass,
        // at most 2 more can (one tick), and at least one is refused.
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++) responses.Add(await Send(gateway, "slow-key-0123456789abc"));
        Assert.All(responses.Take(2), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) <= 4, string.Join(", ", responses.Select(r => r.StatusCode)));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Contains("'slow' may make 2 requests per second", await HttpAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter is not null);

        // Callers without a key are limited separately.
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/v1/who")).StatusCode);
    }

    [Fact]
    public void Bad_gateway_options_name_their_keys()
    {
        var errors = new GatewayOptions
        {
            RequireApiKey = true,
            AnonymousPermitsPerSecond = 0,
            RpcRetries = 11,
            ApiKeys = [new GatewayApiKey { Name = "", Key = "short", PermitsPerSecond = 0 }],
        }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Interop:Gateway:AnonymousPermitsPerSecond", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Gateway:RpcRetries", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Gateway:ApiKeys:0:Name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Gateway:ApiKeys:0:Key must be at least 16", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Gateway:ApiKeys:0:PermitsPerSecond", StringComparison.Ordinal));
        Assert.Empty(new GatewayOptions().Validate());
        Assert.Contains("RequireApiKey is true but", Assert.Single(new GatewayOptions { RequireApiKey = true }.Validate()), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Send(RunningGateway gateway, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/who");
        request.Headers.Add("X-Api-Key", key);
        return gateway.Client.SendAsync(request);
    }
}

public sealed class DefaultConfigurationTests
{
    [Fact]
    public async Task Without_reverse_proxy_routes_everything_goes_to_the_nodes_own_api()
    {
        await using var api = await Backend.StartAsync("self");
        await using var gateway = await RunningGateway.StartAsync([], self: () => api.Address);
        Assert.Equal("self", await gateway.Client.GetStringAsync("/v1/who"));
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/health/ready")).StatusCode);
    }
}

public sealed class OptionalKeyTests
{
    [Fact]
    public async Task With_optional_keys_an_unknown_key_passes_as_anonymous_and_reaches_the_backend()
    {
        await using var a = await Backend.StartAsync("a");
        var options = new GatewayOptions { ApiKeys = [new GatewayApiKey { Name = "mm", Key = "mm-key-0123456789abcdef" }] };
        await using var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(a.Address), options);
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/who");
        request.Headers.Add("X-Api-Key", "the-nodes-admin-key-0123456789");
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(request)).StatusCode);
        Assert.Equal(1, a.Requests);
    }
}
