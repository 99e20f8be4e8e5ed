using Interop.Bridge.Status;
using Interop.Router.Http;
using Interop.Router.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interop.Router.Tests.Http;

/// <summary>The router API on Kestrel on a free loopback port (real HTTP), as the node will host it.</summary>
internal sealed class RouterHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RouterHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public SnapshotStore Snapshots => _app.Services.GetRequiredService<SnapshotStore>();

    public static async Task<RouterHost> StartAsync(RouterSettings settings, MarketSnapshot? snapshot = null, TimeProvider? time = null,
        IMessageStatusSource? messages = null, bool watchChains = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (time is not null) builder.Services.AddSingleton(time);
        builder.Services.AddInteropRouter(settings, messages, watchChains);
        var app = builder.Build();
        app.MapInteropRouterApi();
        if (snapshot is not null) app.Services.GetRequiredService<SnapshotStore>().Publish(snapshot);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RouterHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
