using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Interop.Bridge.Devnet;
using Interop.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Interop.Node.Tests.Api;

/// <summary>The real node host (Kestrel on a free port, devnet off, SQLite journal in a temp dir) with a fake relayer network.</summary>
public sealed class NodeApiFixture : IAsyncLifetime
{
    public const string ApiKey = "test-admin-key-0123456789abcdef";

    private readonly string _dir = Directory.CreateTempSubdirectory("interop-node-api-").FullName;
    private WebApplication? _app;

    internal FakeRelayerNetwork Network { get; } = new();
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Configuration of a devnet-less node on one chain that nobody serves: the fake never touches it.</summary>
    public static Dictionary<string, string?> Settings(string dir, int port) => new()
    {
        ["Interop:Node:ApiUrls"] = $"http://127.0.0.1:{port}",
        ["Interop:Node:DevnetManifest"] = Path.Combine(dir, "manifest.json"),
        ["Interop:Devnet:Enabled"] = "false",
        ["Interop:Chains:0:Name"] = "l2a",
        ["Interop:Chains:0:ChainId"] = "901",
        ["Interop:Chains:0:Rpc:0"] = "http://127.0.0.1:9",
        ["Interop:Chains:0:Contracts:Mailbox"] = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        ["Interop:Relayer:Validators:0"] = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        ["Interop:Persistence:ConnectionString"] = $"Data Source={Path.Combine(dir, "interop.db")}",
    };

    public async Task InitializeAsync()
    {
        var port = AnvilProcess.FreeTcpPort();
        var settings = Settings(_dir, port);
        settings["Interop:Admin:ApiKeys:0"] = ApiKey;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _app = NodeHost.Build(configuration, starter: (_, _, _, _) => Task.FromResult<Interop.Relayers.Network.IRelayerNetwork>(Network));
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var service = _app.Services.GetRequiredService<RelayerNetworkService>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (service.Network is null && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }
}
