using System.Net;
using Interop.Bridge.Devnet;
using Interop.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Interop.Node.Tests.Hosting;

public sealed class NodeHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-node-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Node_becomes_ready_after_the_devnet_serves_health_and_metrics_and_stops_its_chains()
    {
        var port = AnvilProcess.FreeTcpPort();
        var manifest = Path.Combine(_dir, "manifest.json");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Interop:Node:Urls"] = $"http://127.0.0.1:{port}",
            ["Interop:Node:DevnetManifest"] = manifest,
        }).Build();

        var app = NodeHost.Build(configuration);
        await app.StartAsync();
        DevnetManifest devnet;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
            devnet = DevnetManifest.Load(manifest);
            Assert.Equal(3, devnet.Chains.Count);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        foreach (var chain in devnet.Chains)
        {
            using var client = new System.Net.Sockets.TcpClient();
            await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync("127.0.0.1", new Uri(chain.Rpc).Port));
        }
    }

    [Fact]
    public void Node_rejects_a_bad_url_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Interop:Node:Urls"] = "ftp://x" }).Build();
        var error = Assert.Throws<ConfigurationException>(() => NodeHost.Build(configuration));
        Assert.Contains("Interop:Node:Urls", error.Message, StringComparison.Ordinal);
    }
}
