using System.Net;
using Interop.Bridge.Devnet;
using Interop.Node.Hosting;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Node.Tests.Api;
using Interop.Relayers.Network;
using Microsoft.Extensions.Configuration;

namespace Interop.Node.Tests.Hosting;

public sealed class NodeHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-node-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Node_becomes_ready_after_the_devnet_starts_the_network_with_the_devnet_keys_serves_health_and_metrics_and_stops_its_chains()
    {
        var port = AnvilProcess.FreeTcpPort();
        var manifest = Path.Combine(_dir, "manifest.json");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Interop:Node:ApiUrls"] = $"http://127.0.0.1:{port}",
            ["Interop:Node:DevnetManifest"] = manifest,
            ["Interop:Persistence:ConnectionString"] = $"Data Source={Path.Combine(_dir, "interop.db")}",
        }).Build();
        RelayerNetworkSettings? started = null;
        var network = new FakeRelayerNetwork();

        // The HTTP and hosting layer only: the real network is exercised by Interop.EndToEnd.Tests.
        var app = NodeHost.Build(configuration, starter: (_, settings, _, _) =>
        {
            started = settings;
            return Task.FromResult<IRelayerNetwork>(network);
        });
        await app.StartAsync();
        DevnetManifest devnet;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
            // The network starts in the background once the manifest exists.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
            devnet = DevnetManifest.Load(manifest);
            Assert.Equal(3, devnet.Chains.Count);

            var wallet = new EthereumHdWallet(Mnemonic.Parse("test test test test test test test test test test test junk"));
            Assert.NotNull(started);
            Assert.Equal(Enumerable.Range(1, 5).Select(i => wallet.GetAddress(i)), started!.ValidatorKeys.Select(k => k.Address));
            Assert.Equal(wallet.GetAddress(DevnetAccounts.FirstRelayer), started.RelayerKey!.Address);
            Assert.Equal(devnet.Chains.Select(c => (uint)c.ChainId), started.Chains.Select(c => c.ChainId));
            Assert.All(started.Chains, c => Assert.Equal(Address.Parse(devnet.Chain(c.ChainId).Contracts["Mailbox"]), c.Mailbox));
            Assert.All(started.ValidatorSets.Values, set => Assert.Equal(3, set.Threshold));
            Assert.Equal(TimeSpan.FromSeconds(2), started.Chains.Single(c => c.ChainId == 900).PollInterval);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Assert.True(network.Disposed);

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
