using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Gateway.Tests;

/// <summary>A tiny router node stand-in on a free loopback port: answers who it is, and is ready until stopped.</summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private Backend(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }
    public Uri Address { get; private set; } = null!;
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The backend's <see cref="LocalApi"/> when started with <c>inProcess</c>, else null.</summary>
    public LocalApi? Local { get; private set; }

    /// <summary>Releases the second half of <c>/v1/stream</c>.</summary>
    public TaskCompletionSource StreamGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="inProcess">Also callable in-process through <see cref="Local"/> (the node's API next to its gateway).</param>
    public static async Task<Backend> StartAsync(string name, bool inProcess = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var local = inProcess ? LocalApi.AddTo(builder.Services) : null;
        builder.Services.AddScoped<BackendScope>();
        var app = builder.Build();
        var backend = new Backend(app, name) { Local = local };
        // Where the request arrived (the gateway's port when dispatched in-process), the backend's own scoped service,
        // and whether the gateway's per-request state leaked into the backend's HttpContext.
        app.MapGet("/v1/where", (HttpContext context, BackendScope scope) => Results.Json(new
        {
            name,
            localPort = context.Connection.LocalPort,
            scope = scope.Id,
            items = context.Items.Count,
            endpoint = context.GetEndpoint()?.DisplayName,
            forwardedFor = context.Request.Headers["X-Forwarded-For"].ToString(),
        }));
        app.MapGet("/v1/stream", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: first\n\n");
            await context.Response.Body.FlushAsync();
            await backend.StreamGate.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await context.Response.WriteAsync("data: second\n\n");
        });
        app.MapGet("/v1/fail", () => Results.Problem(title: "Bad amount", detail: "amount must be positive", statusCode: 400));
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapGet("/v1/who", () =>
        {
            Interlocked.Increment(ref backend._requests);
            return Results.Text(name);
        });
        app.MapPost("/v1/echo", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref backend._requests);
            using var reader = new StreamReader(request.Body);
            return Results.Text(name + ":" + await reader.ReadToEndAsync());
        });
        await app.StartAsync();
        backend.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return backend;
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A scoped service of the backend only (the gateway has none).</summary>
internal sealed class BackendScope
{
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>A running gateway on a free loopback port over the given "ReverseProxy" configuration.</summary>
internal sealed class RunningGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningGateway(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }
    public GatewayRpcRoutes Rpc => _app.Services.GetRequiredService<GatewayRpcRoutes>();

    public static async Task<RunningGateway> StartAsync(Dictionary<string, string?> settings, GatewayOptions? options = null, Func<Uri?>? self = null,
        IEnumerable<GatewayChain>? chains = null, LocalApi? local = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var app = GatewayHost.Build(configuration, options ?? new GatewayOptions { HealthCheckInterval = TimeSpan.FromMilliseconds(250) },
            ["http://127.0.0.1:0"], new SelfAddress(self ?? (() => null), local));
        if (chains is not null) app.Services.GetRequiredService<GatewayRpcRoutes>().Update(chains);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new RunningGateway(app, address);
    }

    /// <summary>"ReverseProxy" settings routing every path to cluster "router" over <paramref name="destinations"/>, probed at /health/ready.</summary>
    public static Dictionary<string, string?> RouterCluster(params Uri[] destinations)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:api:ClusterId"] = "router",
            ["ReverseProxy:Routes:api:Match:Path"] = "/{**catch-all}",
            ["ReverseProxy:Clusters:router:LoadBalancingPolicy"] = "RoundRobin",
            ["ReverseProxy:Clusters:router:HealthCheck:Active:Enabled"] = "true",
            ["ReverseProxy:Clusters:router:HealthCheck:Active:Interval"] = "00:00:00.250",
            ["ReverseProxy:Clusters:router:HealthCheck:Active:Timeout"] = "00:00:01",
            ["ReverseProxy:Clusters:router:HealthCheck:Active:Policy"] = "ConsecutiveFailures",
            ["ReverseProxy:Clusters:router:HealthCheck:Active:Path"] = "/health/ready",
        };
        for (var i = 0; i < destinations.Length; i++)
            settings[$"ReverseProxy:Clusters:router:Destinations:node{i}:Address"] = destinations[i].ToString();
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

internal static class HttpAssert
{
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }
}
