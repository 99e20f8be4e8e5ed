using System.Numerics;
using Akka.Actor;
using Akka.Configuration;
using Interop.Bridge.Chain;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Indexing;
using Interop.Bridge.Relaying;
using Interop.Bridge.Retry;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Relayers.Network;
using Interop.Relayers.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Support;

/// <summary>
/// A real devnet (anvil chains with every contract deployed), a SQLite journal in a temporary folder, and the actor systems
/// and relayer networks a test starts on them. Disposing stops networks, systems and anvils and deletes the folder, pass or fail.
/// </summary>
public sealed class NetworkHarness : IAsyncDisposable
{
    public const uint L1 = 900;
    public const uint L2a = 901;
    public const uint L2b = 902;

    private readonly List<ActorSystem> _systems = [];
    private readonly List<IRelayerNetwork> _networks = [];
    private readonly Dictionary<uint, ChainClient> _clients = [];

    private NetworkHarness(LocalDevnet devnet, DevnetDeployer deployer, DevnetOptions options, string directory)
    {
        Devnet = devnet;
        Deployer = deployer;
        Options = options;
        Directory = directory;
        Persistence = PersistenceOptions.SqliteFile(Path.Combine(directory, "journal.db"));
        RelayerKey = new EthereumHdWallet(Mnemonic.Parse(options.Mnemonic)).GetKey(DevnetAccounts.FirstRelayer);
    }

    public LocalDevnet Devnet { get; }
    public DevnetDeployer Deployer { get; }
    public DevnetOptions Options { get; }
    public string Directory { get; }
    public PersistenceOptions Persistence { get; }
    public EthKey RelayerKey { get; }

    /// <summary>Starts a devnet of <paramref name="chains"/> (default: L1 900 with 2 s blocks, L2s 901 and 902 with 1 s blocks).</summary>
    public static async Task<NetworkHarness> StartAsync(List<DevnetChainOptions>? chains = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("interop-network-").FullName;
        try
        {
            var options = new DevnetOptions { Chains = chains ?? DevnetOptions.DefaultChains() };
            var deployer = new DevnetDeployer(options, NullLogger.Instance);
            var devnet = await LocalDevnet.StartAsync(options, deployer.DeployAsync, NullLogger.Instance, CancellationToken.None);
            return new NetworkHarness(devnet, deployer, options, directory);
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>An L1 and one L2, both with 1 s blocks: the smallest devnet that has a route each way.</summary>
    public static Task<NetworkHarness> StartPairAsync() => StartAsync(
    [
        new() { Name = "l1", ChainId = L1, BlockTimeSeconds = 1, Layer = ChainLayer.L1 },
        new() { Name = "l2a", ChainId = L2a, BlockTimeSeconds = 1, Layer = ChainLayer.L2 },
    ]);

    public IEnumerable<uint> ChainIds => Devnet.Manifest.Chains.Select(c => (uint)c.ChainId);

    public Address Contract(uint chain, string name) => Address.Parse(Devnet.Manifest.Chain(chain).Contracts[name]);

    public Uri RpcUrl(uint chain) => new(Devnet.Manifest.Chain(chain).Rpc);

    /// <summary>A client of <paramref name="chain"/> for the test's own transactions and reads (direct, never through a proxy).</summary>
    public ChainClient Client(uint chain)
    {
        if (!_clients.TryGetValue(chain, out var client))
            _clients[chain] = client = new ChainClient(RpcClient.Create(RpcUrl(chain)), chain);
        return client;
    }

    /// <summary>Replaces the test's client of <paramref name="chain"/> (after a reorg its nonce bookkeeping is stale).</summary>
    public async Task ResetClientAsync(uint chain)
    {
        if (_clients.Remove(chain, out var old)) await old.DisposeAsync();
    }

    /// <summary>Settings for this devnet: depth 1, quick polls, three local validators of the five (threshold 3), the relayer key.</summary>
    /// <param name="tokenBridges">Also follow (and claim) each chain's TokenBridge holds, as the node does.</param>
    public RelayerNetworkSettings Settings(IReadOnlyDictionary<uint, Uri>? rpcOverrides = null, int confirmationDepth = 1,
        IReadOnlyDictionary<uint, int>? depthOverrides = null, NetworkTxSettings? transactions = null, bool tokenBridges = false)
    {
        var validators = Deployer.Validators.Select(v => v.Address).ToList();
        return new RelayerNetworkSettings
        {
            Chains = Devnet.Manifest.Chains.Select(c => new NetworkChain((uint)c.ChainId, c.Name,
                [rpcOverrides?.GetValueOrDefault((uint)c.ChainId) ?? new Uri(c.Rpc)], Address.Parse(c.Contracts["Mailbox"]),
                depthOverrides?.GetValueOrDefault((uint)c.ChainId, confirmationDepth) ?? confirmationDepth, TimeSpan.FromMilliseconds(250))
            {
                TokenBridges = tokenBridges ? [Address.Parse(c.Contracts["TokenBridge"])] : [],
            }).ToList(),
            ValidatorKeys = Deployer.Validators.Take(Options.Threshold).ToList(),
            ValidatorSets = ChainIds.ToDictionary(id => id, _ => new ValidatorSet(validators, Options.Threshold)),
            RelayerKey = RelayerKey,
            Relay = new RelayerOptions
            {
                MaxBatchSize = 64,
                MaxWait = TimeSpan.FromMilliseconds(300),
                Retry = new RetrySchedule { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(4) },
            },
            Transactions = transactions ?? new NetworkTxSettings(),
            RpcTimeout = TimeSpan.FromSeconds(5),
        };
    }

    /// <summary>A new actor system on this harness' journal.</summary>
    public ActorSystem StartSystem()
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = INFO
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            """).WithFallback(PersistenceHocon.Create(Persistence));
        var system = ActorSystem.Create("interop", config);
        _systems.Add(system);
        return system;
    }

    /// <summary>Starts a network on a new actor system.</summary>
    public async Task<(ActorSystem System, IRelayerNetwork Network)> StartNetworkAsync(RelayerNetworkSettings settings)
    {
        var system = StartSystem();
        var network = await RelayerNetwork.StartAsync(system, settings, NullLoggerFactory.Instance);
        _networks.Add(network);
        return (system, network);
    }

    /// <summary>Ends <paramref name="system"/> abruptly (no graceful stop of the actors), its journal stays on disk.</summary>
    public static async Task CrashAsync(ActorSystem system)
    {
        ((ExtendedActorSystem)system).Abort();
        await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(15));
    }

    // ---- devnet actions and reads ----

    /// <summary>A canonical TokenBridge transfer of <paramref name="amount"/> USDC base units from <paramref name="from"/>; returns its receipt.</summary>
    public async Task<Receipt> TransferAsync(uint origin, uint destination, EthKey from, Address recipient, BigInteger amount)
    {
        var client = Client(origin);
        var bridge = ContractDefinition.Get(ContractNames.TokenBridge);
        var bridgeAddress = Contract(origin, "TokenBridge");
        var fee = HexBigInteger.FromBytes(await client.CallAsync(bridgeAddress, bridge.Encode("quoteTransferRemote", destination)));
        return await client.SendAsync(from, bridgeAddress, bridge, "transferRemote", [destination, Bytes32.FromAddress(recipient).ToArray(), amount], fee);
    }

    /// <summary>Lets the TokenBridge on L1 pull the collateral of <paramref name="owner"/>.</summary>
    public Task<Receipt> ApproveL1BridgeAsync(EthKey owner, BigInteger amount) =>
        Client(L1).SendAsync(owner, Contract(L1, "USDC"), ContractDefinition.Get(ContractNames.TestErc20), "approve", [Contract(L1, "TokenBridge"), amount]);

    /// <summary>The message ids of the Dispatched logs in <paramref name="receipt"/>.</summary>
    public static IReadOnlyList<DispatchedLog> Dispatched(Receipt receipt) =>
        receipt.Logs.Select(MailboxLog.Decode).OfType<DispatchedLog>().ToList();

    /// <summary>Every Processed (and ProcessFailed) log of <paramref name="destination"/>'s Mailbox.</summary>
    public async Task<IReadOnlyList<MailboxLog>> DeliveryLogsAsync(uint destination)
    {
        var logs = await Client(destination).Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [Contract(destination, "Mailbox")],
            Topics = [[MailboxBinding.ProcessedTopic, MailboxBinding.ProcessFailedTopic]],
            FromBlock = BlockParameter.AtNumber(0),
            ToBlock = BlockParameter.Latest,
        });
        return logs.Select(MailboxLog.Decode).OfType<MailboxLog>().ToList();
    }

    /// <summary>Whether (origin, nonce) is marked delivered on <paramref name="destination"/>.</summary>
    public async Task<bool> IsDeliveredAsync(uint origin, uint destination, ulong nonce) =>
        MailboxBinding.DecodeDelivered(await Client(destination).CallAsync(Contract(destination, "Mailbox"), MailboxBinding.EncodeDelivered(origin, nonce)));

    /// <summary>Waits (polling the chains) until every message of <paramref name="messages"/> is delivered, or fails after <paramref name="timeout"/>.</summary>
    public async Task AwaitDeliveredAsync(IReadOnlyCollection<(uint Origin, uint Destination, ulong Nonce)> messages, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var left = messages.ToHashSet();
        while (left.Count > 0)
        {
            foreach (var destination in left.Select(m => m.Destination).Distinct().ToList())
            {
                var processed = (await DeliveryLogsAsync(destination)).OfType<ProcessedLog>().Select(p => (p.Event.Origin, destination, p.Event.Nonce)).ToHashSet();
                left.RemoveWhere(processed.Contains);
            }
            if (left.Count == 0) return;
            try
            {
                await Task.Delay(500, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{left.Count} of {messages.Count} message(s) not delivered within {timeout}, e.g. "
                    + string.Join(", ", left.Take(5).Select(m => $"{m.Origin}->{m.Destination} nonce {m.Nonce}")));
            }
        }
    }

    public async Task<BigInteger> CallUintAsync(uint chain, Address contract, ContractDefinition definition, string function, params object?[] arguments) =>
        HexBigInteger.FromBytes(await Client(chain).CallAsync(contract, definition.Encode(function, arguments)));

    public async ValueTask DisposeAsync()
    {
        foreach (var network in _networks)
        {
            try
            {
                await network.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or AskTimeoutException)
            {
                // Keep cleaning up: anvils and the folder must go even when a network hangs.
            }
        }
        foreach (var system in _systems)
        {
            try
            {
                await system.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // Same: go on.
            }
        }
        foreach (var client in _clients.Values) await client.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await Devnet.DisposeAsync();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
