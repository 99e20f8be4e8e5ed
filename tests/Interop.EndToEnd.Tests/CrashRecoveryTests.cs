using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Interop.Bridge.Devnet;
using Interop.Contracts.Bindings;
using Interop.EndToEnd.Tests.Support;
using Interop.Ethereum;
using Interop.Ethereum.Signing;

namespace Interop.EndToEnd.Tests;

/// <summary>
/// kill -9 of the node while it delivers, restart on the same data directory: every message delivered exactly once. The
/// chains run in their own `interop devnet` process, as real chains outlive a node; the node runs on them with the devnet
/// off (Interop:Chains, keys from Interop:Keys and INTEROP_MNEMONIC), which also covers the non-devnet configuration.
/// </summary>
public sealed class CrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int TransfersPerSender = 4;
    private const string Mnemonic = "test test test test test test test test test test test junk";
    private readonly string _directory = Directory.CreateTempSubdirectory("interop-e2e-crash-").FullName;
    private DevnetProcess? _devnet;
    private NodeProcess? _node;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_devnet is not null) await _devnet.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static string NodeSettings(int port, DevnetManifest manifest)
    {
        var chains = string.Join(",\n", manifest.Chains.Select(c =>
            $$"""{ "Name": "{{c.Name}}", "ChainId": {{c.ChainId}}, "Rpc": [ "{{c.Rpc}}" ], "ConfirmationDepth": 1, "Contracts": { "Mailbox": "{{c.Contracts["Mailbox"]}}" } }"""));
        var validators = string.Join(", ", Enumerable.Range(1, 5).Select(i => $"\"{Devnet.Key(i).Address}\""));
        return $$"""
            {
              "Serilog": { "MinimumLevel": { "Default": "Information", "Override": { "System.Net.Http": "Warning", "Microsoft": "Warning" } } },
              "Interop": {
                "Node": { "Urls": "http://127.0.0.1:{{port}}" },
                "Devnet": { "Enabled": false },
                "Chains": [ {{chains}} ],
                "Relayer": { "Validators": [ {{validators}} ], "Threshold": 3, "PollIntervalSeconds": 1 },
                "Keys": { "ValidatorIndices": [ 1, 2, 3, 4, 5 ], "RelayerIndex": 11 },
                "Admin": { "ApiKeys": [ "{{NodeProcess.AdminKey}}" ] }
              }
            }
            """;
    }

    [Fact]
    public async Task Kill_9_in_the_middle_of_deliveries_then_restart_on_the_same_data_delivers_every_message_exactly_once()
    {
        _devnet = await DevnetProcess.StartAsync(_directory);
        var manifest = DevnetManifest.Load(_devnet.ManifestPath);
        _node = await NodeProcess.StartAsync(_directory, port => NodeSettings(port, manifest), new Dictionary<string, string> { ["INTEROP_MNEMONIC"] = Mnemonic });
        var recipient = Devnet.Key(17).Address;
        var amount = new BigInteger(1_000_000);
        var ids = new List<(Bytes32 Id, ulong Nonce)>();
        BigInteger before;
        await using (var devnet = new Devnet(manifest))
        {
            before = await devnet.UsdcBalanceAsync(902, recipient);
            var senders = new[] { Devnet.Key(14), Devnet.Key(15), Devnet.Key(16) };
            var sent = await Task.WhenAll(senders.Select(key => TransferAsync(devnet, key, recipient, amount)));
            ids.AddRange(sent.SelectMany(s => s));
        }
        Assert.Equal(TransfersPerSender * 3, ids.Count);

        // Kill as soon as the node has a batch in flight (Submitted) or the first message lands.
        using (var http = new HttpClient { BaseAddress = _node.Url })
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", NodeProcess.AdminKey);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                var submitted = await http.GetFromJsonAsync<JsonElement>("/admin/messages?status=Submitted&limit=100");
                var delivered = await http.GetFromJsonAsync<JsonElement>("/admin/messages?status=Delivered&limit=100");
                if (submitted.GetArrayLength() > 0 || delivered.GetArrayLength() > 0) break;
                await Task.Delay(50);
            }
        }
        await _node.KillHardAsync();
        await using (var atKill = new Devnet(manifest))
        {
            var deliveredAtKill = 0;
            foreach (var (_, nonce) in ids) deliveredAtKill += await atKill.DeliveredAsync(902, 901, nonce) ? 1 : 0;
            output.WriteLine($"killed with {deliveredAtKill} of {ids.Count} messages delivered");
        }

        await _node.RestartAsync();
        await using var after = new Devnet(manifest);
        var until = DateTime.UtcNow.AddSeconds(120);
        foreach (var (id, nonce) in ids)
        {
            while (!await after.DeliveredAsync(902, 901, nonce))
            {
                Assert.True(DateTime.UtcNow < until, $"message {id} (nonce {nonce}) not delivered 120 s after the restart:\n{_node.Log}");
                await Task.Delay(250);
            }
        }
        foreach (var (id, _) in ids) Assert.Equal(1, await after.ProcessedCountAsync(902, id));
        Assert.Equal(before + amount * ids.Count, await after.UsdcBalanceAsync(902, recipient));
    }

    private static async Task<IReadOnlyList<(Bytes32 Id, ulong Nonce)>> TransferAsync(Devnet devnet, EthKey sender, Address recipient, BigInteger amount)
    {
        var chain = devnet.Chain(901);
        var bridge = devnet.Contract(901, "TokenBridge");
        var mailbox = devnet.Contract(901, "Mailbox");
        var abi = ContractDefinition.Get(ContractNames.TokenBridge);
        await chain.SendAsync(sender, devnet.Contract(901, "USDC"), ContractDefinition.Get(ContractNames.TestErc20), "approve", [bridge, amount * TransfersPerSender]);
        var fee = abi.DecodeOutput("quoteTransferRemote", await chain.CallAsync(bridge, abi.Encode("quoteTransferRemote", 902u))).Get<BigInteger>(0);
        var result = new List<(Bytes32, ulong)>();
        for (var i = 0; i < TransfersPerSender; i++)
        {
            var receipt = await chain.SendAsync(sender, bridge, abi, "transferRemote", [902u, Bytes32.FromAddress(recipient).ToArray(), amount], fee);
            var log = receipt.Logs.Single(l => l.Address == mailbox && l.Topics[0].AsSpan().SequenceEqual(MailboxBinding.DispatchedTopic));
            var dispatched = MailboxBinding.DecodeDispatched(log.Topics, log.Data);
            result.Add((dispatched.Id, dispatched.Index));
        }
        return result;
    }
}
