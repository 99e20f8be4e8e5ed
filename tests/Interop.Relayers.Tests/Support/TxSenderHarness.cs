using System.Numerics;
using Akka.Actor;
using Akka.Configuration;
using Interop.Bridge.Devnet;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Failover;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Relayers.Persistence;
using Interop.Bridge.Retry;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Chain;
using Microsoft.Data.Sqlite;

namespace Interop.Relayers.Tests.Support;

/// <summary>
/// A real anvil, a funded fresh signer, a SQLite journal file in a temporary folder (or a given database), and the actor
/// systems a test starts on them. Disposing stops everything and deletes the folder, whether the test passed or not.
/// </summary>
public sealed class TxSenderHarness : IAsyncDisposable
{
    public const ulong ChainId = 31337;
    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    private readonly List<ActorSystem> _systems = [];

    private TxSenderHarness(AnvilProcess anvil, RpcClient rpc, string directory, PersistenceOptions persistence)
    {
        Anvil = anvil;
        Rpc = rpc;
        Directory = directory;
        Persistence = persistence;
    }

    public AnvilProcess Anvil { get; }

    public RpcClient Rpc { get; }

    /// <summary>The temporary folder of this test (the SQLite journal lives here by default).</summary>
    public string Directory { get; }

    public PersistenceOptions Persistence { get; }

    /// <summary>The sender's key: fresh for every harness and funded with 1000 ETH.</summary>
    public EthKey Key { get; } = EthKey.Generate();

    /// <summary>Starts anvil (automine unless <paramref name="anvilArguments"/> say otherwise) and funds <see cref="Key"/>.</summary>
    public static async Task<TxSenderHarness> StartAsync(IReadOnlyList<string>? anvilArguments = null, double blockTimeSeconds = 0,
        PersistenceOptions? persistence = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("interop-relayers-").FullName;
        AnvilProcess? anvil = null;
        try
        {
            anvil = await AnvilProcess.StartAsync(new AnvilOptions
            {
                ChainId = ChainId,
                BlockTimeSeconds = blockTimeSeconds,
                ExtraArguments = anvilArguments ?? [],
            });
            var rpc = RpcClient.Create(anvil.RpcUrl, new RpcClientOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(10),
                Failover = new FailoverOptions { HeadCheckInterval = null },
            });
            var harness = new TxSenderHarness(anvil, rpc, directory,
                persistence ?? PersistenceOptions.SqliteFile(Path.Combine(directory, "journal.db")));
            await rpc.CallAsync("anvil_setBalance", [harness.Key.Address, 1000 * Ether]);
            return harness;
        }
        catch
        {
            anvil?.Dispose();
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Options fit for a local chain: fast polling, confirmation at inclusion, quick retries.</summary>
    public static TxSenderOptions Options(ulong confirmationDepth = 0, TimeSpan? stuckAfter = null) => new()
    {
        ChainId = ChainId,
        PollInterval = TimeSpan.FromMilliseconds(100),
        ConfirmationDepth = confirmationDepth,
        StuckAfter = stuckAfter ?? TimeSpan.FromSeconds(30),
        StuckAfterBlocks = 0,
        SnapshotEvery = 7,
        RpcTimeout = TimeSpan.FromSeconds(10),
        Retry = new RetrySchedule { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
    };

    /// <summary>A new actor system on this harness' journal.</summary>
    public ActorSystem StartSystem(string name = "interop")
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = INFO
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            """).WithFallback(PersistenceHocon.Create(Persistence));
        var system = ActorSystem.Create(name, config);
        _systems.Add(system);
        return system;
    }

    /// <summary>Starts the sender of <see cref="Key"/> in <paramref name="system"/> under a stable name.</summary>
    public IActorRef StartSender(ActorSystem system, TxSenderOptions? options = null) =>
        system.ActorOf(TxSenderActor.Props(options ?? Options(), Key, new RpcTxSenderChain(Rpc)), "tx-sender");

    /// <summary>
    /// Ends <paramref name="system"/> the hard way: no coordinated shutdown, no stop message to the sender first, as
    /// close to a crash as one process can get while its journal stays on disk.
    /// </summary>
    public static async Task CrashAsync(ActorSystem system)
    {
        ((ExtendedActorSystem)system).Abort();
        await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public Task MineAsync(int blocks = 1) => Rpc.CallAsync("anvil_mine", [new BigInteger(blocks)]);

    /// <summary>
    /// Waits until anvil's pool counts <paramref name="count"/> transactions of the signer (mined ones included).
    /// TransactionSubmitted is published once the transaction is persisted, which can be just before anvil has it:
    /// a test that mines must wait for this first, or it may mine an empty block.
    /// </summary>
    public async Task AwaitPendingCountAsync(ulong count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await Rpc.GetTransactionCountAsync(Key.Address, BlockParameter.Pending, deadline.Token) < count)
            await Task.Delay(20, deadline.Token);
    }

    public Task<ulong> ChainNonceAsync() => Rpc.GetTransactionCountAsync(Key.Address);

    public async ValueTask DisposeAsync()
    {
        foreach (var system in _systems)
        {
            try
            {
                await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // Keep cleaning up: anvil and the folder must go even when one system hangs.
            }
        }
        // Pooled SQLite connections keep the journal file open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        Rpc.Dispose();
        Anvil.Dispose();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
