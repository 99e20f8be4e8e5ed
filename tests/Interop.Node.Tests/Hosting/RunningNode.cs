using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using Interop.Bridge.Chain;
using Interop.Bridge.Devnet;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc;
using Interop.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Node.Tests.Hosting;

/// <summary>The whole node in-process on its embedded devnet (journals in a test folder), with an HTTP client of its API.</summary>
internal sealed record RunningNode(WebApplication App, HttpClient Http, DevnetManifest Manifest) : IAsyncDisposable
{
    /// <summary>Starts the devnet and the node with <paramref name="extra"/> configuration, and waits until it is ready.</summary>
    public static async Task<RunningNode> StartAsync(string dir, Dictionary<string, string?> extra)
    {
        var port = AnvilProcess.FreeTcpPort();
        var settings = new Dictionary<string, string?>
        {
            ["Interop:Node:ApiUrls"] = $"http://127.0.0.1:{port}",
            ["Interop:Node:DevnetManifest"] = Path.Combine(dir, "manifest.json"),
            ["Interop:Persistence:ConnectionString"] = $"Data Source={Path.Combine(dir, "interop.db")}",
            ["Interop:Node:RouterStatusJournal"] = Path.Combine(dir, "router-status.jsonl"),
            ["Interop:Filler:PollIntervalSeconds"] = "0.3",
            ["Interop:Filler:SettleMaxWaitSeconds"] = "1",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var interop = NodeConfiguration.BindInterop(configuration);
        var nodeOptions = configuration.GetSection(NodeOptions.SectionName).Get<NodeOptions>() ?? new NodeOptions();
        var devnet = await DevnetService.StartDevnetAsync(interop, nodeOptions, NullLogger.Instance, CancellationToken.None);
        WebApplication app;
        try
        {
            app = NodeHost.Build(configuration, devnet: devnet);
        }
        catch
        {
            await devnet.DisposeAsync();
            throw;
        }
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var node = new RunningNode(app, http, devnet.Manifest);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
            {
                await node.DisposeAsync();
                throw new TimeoutException("the node did not become ready in 60 s");
            }
            await Task.Delay(200);
        }
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Polls GET /v1/status/{id} until it says <paramref name="status"/>.</summary>
    public async Task<JsonObject> AwaitStatusAsync(string id, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = JsonNode.Parse(await Http.GetStringAsync($"/v1/status/{id}"))!.AsObject();
            if ((string?)last["status"] == status) return last;
            await Task.Delay(300);
        }
        throw new TimeoutException($"status {status} not reached in {timeout}: {last?.ToJsonString()}");
    }

    /// <summary>The statuses of a status answer's history, oldest first.</summary>
    public static List<string> History(JsonObject status) => status["history"]!.AsArray().Select(h => (string)h!["status"]!).ToList();

    /// <summary>A new client of <paramref name="chain"/> (the caller disposes it).</summary>
    public ChainClient Client(uint chain) => new(RpcClient.Create(new Uri(Manifest.Chain(chain).Rpc)), chain);

    public Address Contract(uint chain, string name) => Address.Parse(Manifest.Chain(chain).Contracts[name]);

    /// <summary>The USDC balance of <paramref name="owner"/> on <paramref name="chain"/>.</summary>
    public async Task<BigInteger> UsdcAsync(uint chain, Address owner)
    {
        await using var client = Client(chain);
        var erc20 = Interop.Contracts.Bindings.ContractDefinition.Get(Interop.Contracts.Bindings.ContractNames.TestErc20);
        return HexBigInteger.FromBytes(await client.CallAsync(Contract(chain, "USDC"), erc20.Encode("balanceOf", owner)));
    }
}
