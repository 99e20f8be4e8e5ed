using System.Net;
using System.Text.Json;

namespace Interop.Gateway.Tests;

/// <summary>
/// Requests the gateway routes to the node's own API (<c>http://self/</c>) in the same process are handed to the API
/// application directly (<see cref="LocalApi"/>); anything else still goes over HTTP.
/// </summary>
public sealed class LocalDispatchTests
{
    private static async Task<JsonElement> WhereAsync(HttpClient client, string path = "/v1/where")
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_request_to_self_is_answered_by_the_api_application_on_the_gateways_connection_with_its_own_request_state()
    {
        await using var api = await Backend.StartAsync("self", inProcess: true);
        var options = new GatewayOptions { ApiKeys = [new GatewayApiKey { Name = "mm", Key = "mm-key-0123456789abcdef" }] };
        await using var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(new Uri("http://self/")), options, () => api.Address, local: api.Local);
        gateway.Client.DefaultRequestHeaders.Add("X-Api-Key", "mm-key-0123456789abcdef");

        var first = await WhereAsync(gateway.Client);
        var second = await WhereAsync(gateway.Client);
        // Arrived on the gateway's port: no second HTTP request was made (forwarding would show the API's own port).
        Assert.Equal(gateway.Address.Port, first.GetProperty("localPort").GetInt32());
        Assert.Equal("self", first.GetProperty("name").GetString());
        // The API's own endpoint and a new scope of its own services per request; none of the gateway's items (the API key).
        Assert.Contains("/v1/where", first.GetProperty("endpoint").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(first.GetProperty("scope").GetGuid(), second.GetProperty("scope").GetGuid());
        Assert.Equal(0, first.GetProperty("items").GetInt32());
        Assert.Equal("", first.GetProperty("forwardedFor").GetString());
        Assert.Equal(0, api.Requests);

        // Directly on its own port the API still answers as before.
        using var direct = new HttpClient { BaseAddress = api.Address };
        Assert.Equal(api.Address.Port, (await WhereAsync(direct)).GetProperty("localPort").GetInt32());
    }

    [Fact]
    public async Task Bodies_problems_and_streamed_responses_pass_through_unchanged()
    {
        await using var api = await Backend.StartAsync("self", inProcess: true);
        await using var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(new Uri("http://self/")), self: () => api.Address, local: api.Local);

        var echo = await gateway.Client.PostAsync("/v1/echo", new StringContent("{\"amount\":\"7\"}"));
        Assert.Equal("self:{\"amount\":\"7\"}", await echo.Content.ReadAsStringAsync());

        var problem = await HttpAssert.ProblemAsync(await gateway.Client.GetAsync("/v1/fail"), HttpStatusCode.BadRequest);
        Assert.Contains("amount must be positive", problem, StringComparison.Ordinal);

        // An event stream: the first event reaches the client while the API is still writing (nothing is buffered).
        using var response = await gateway.Client.GetAsync("/v1/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("data: first", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        api.StreamGate.SetResult();
        Assert.Equal("", await reader.ReadLineAsync());
        Assert.Equal("data: second", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Other_destinations_and_routes_with_transforms_are_forwarded_over_http()
    {
        await using var api = await Backend.StartAsync("self", inProcess: true);
        await using var other = await Backend.StartAsync("other");

        // Round robin over self and another node: self in-process, the other over HTTP.
        await using (var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(new Uri("http://self/"), other.Address), self: () => api.Address, local: api.Local))
        {
            var answers = new List<JsonElement>();
            for (var i = 0; i < 6; i++) answers.Add(await WhereAsync(gateway.Client));
            Assert.All(answers.Where(a => a.GetProperty("name").GetString() == "self"), a => Assert.Equal(gateway.Address.Port, a.GetProperty("localPort").GetInt32()));
            Assert.All(answers.Where(a => a.GetProperty("name").GetString() == "other"), a => Assert.Equal(other.Address.Port, a.GetProperty("localPort").GetInt32()));
            Assert.Equal(3, answers.Count(a => a.GetProperty("name").GetString() == "self"));
        }

        // A route that rewrites the request (here a path prefix) is forwarded, so the rewrite applies.
        var transformed = RunningGateway.RouterCluster(new Uri("http://self/"));
        transformed["ReverseProxy:Routes:api:Match:Path"] = "/api/{**rest}";
        transformed["ReverseProxy:Routes:api:Transforms:0:PathPattern"] = "/v1/{**rest}";
        await using (var gateway = await RunningGateway.StartAsync(transformed, self: () => api.Address, local: api.Local))
            Assert.Equal(api.Address.Port, (await WhereAsync(gateway.Client, "/api/where")).GetProperty("localPort").GetInt32());
    }

    [Fact]
    public async Task A_stopped_api_is_not_dispatched_to_and_the_client_gets_a_502_problem()
    {
        await using var api = await Backend.StartAsync("self", inProcess: true);
        await using var gateway = await RunningGateway.StartAsync(RunningGateway.RouterCluster(new Uri("http://self/")), self: () => api.Address, local: api.Local);
        Assert.True(api.Local!.IsAvailable);
        await api.StopAsync();
        Assert.False(api.Local.IsAvailable);
        var response = await gateway.Client.GetAsync("/v1/who");
        await HttpAssert.ProblemAsync(response, response.StatusCode is HttpStatusCode.ServiceUnavailable ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.BadGateway);
    }
}
