using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Relaying;
using Interop.Ethereum.HdWallet;
using Interop.Relayers.Network;
using Interop.Relayers.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Address = Interop.Ethereum.Address;

namespace Interop.RelayLoad;

/// <summary>
/// The relayer network of the load run, in a process of its own (<c>Interop.RelayLoad node MANIFEST JOURNAL</c>), so that its
/// RSS and CPU are the node's and not the load generator's. Line protocol on stdin/stdout: it prints <c>started</c> once the
/// network runs; <c>mem</c> answers <c>mem RSS_BYTES GC_HEAP_BYTES GC_COMMITTED_BYTES</c> (the heap after a forced full
/// collection, and the memory the GC keeps committed for it: the rest of the RSS is native memory, code and mapped files);
/// <c>quit</c> or end of input stops it.
/// </summary>
internal static class NodeProcess
{
    /// <summary>The settings of the load run's network on the devnet in <paramref name="manifest"/> (keys derived from the devnet mnemonic).</summary>
    public static RelayerNetworkSettings Settings(DevnetManifest manifest)
    {
        var options = new DevnetOptions { Chains = DevnetOptions.DefaultChains() };
        var deployer = new DevnetDeployer(options, NullLogger.Instance); // derives the devnet's keys; deploys nothing
        var validators = deployer.Validators.Select(v => v.Address).ToList();
        return new RelayerNetworkSettings
        {
            Chains = manifest.Chains.Select(c => new NetworkChain((uint)c.ChainId, c.Name, [new Uri(c.Rpc)], Address.Parse(c.Contracts["Mailbox"]), 1,
                TimeSpan.FromMilliseconds(100))).ToList(),
            ValidatorKeys = deployer.Validators.Take(options.Threshold).ToList(),
            ValidatorSets = manifest.Chains.ToDictionary(c => (uint)c.ChainId, _ => new ValidatorSet(validators, options.Threshold)),
            RelayerKey = new EthereumHdWallet(Mnemonic.Parse(options.Mnemonic)).GetKey(DevnetAccounts.FirstRelayer),
            Relay = new RelayerOptions { MaxBatchSize = 64, MaxWait = TimeSpan.FromMilliseconds(50) },
            Transactions = new NetworkTxSettings { PollInterval = TimeSpan.FromMilliseconds(100) },
        };
    }

    public static async Task<int> RunAsync(string manifestPath, string journalPath)
    {
        var settings = Settings(DevnetManifest.Load(manifestPath));
        var system = ActorSystem.Create("interop", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(
            PersistenceHocon.Create(PersistenceOptions.SqliteFile(journalPath))));
        try
        {
            await using var network = await RelayerNetwork.StartAsync(system, settings, NullLoggerFactory.Instance);
            Console.WriteLine("started");
            using var process = Process.GetCurrentProcess();
            while (await Console.In.ReadLineAsync() is { } line && line != "quit")
            {
                if (line != "mem") continue;
                var heap = GC.GetTotalMemory(forceFullCollection: true);
                var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
                process.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mem {process.WorkingSet64} {heap} {committed}"));
            }
        }
        finally
        {
            await system.Terminate();
            SqliteConnection.ClearAllPools();
        }
        return 0;
    }
}

/// <summary>The parent's handle on a <see cref="NodeProcess"/>: starts it, asks its memory, reads its CPU, stops it.</summary>
internal sealed class NodeChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _ask = new(1, 1);
    private readonly System.Threading.Channels.Channel<string> _answers = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly Task _reader;

    private NodeChild(Process process)
    {
        _process = process;
        // Read the node's stdout all the time: its protocol lines go to the answers, its log lines (Akka warnings) to our stderr.
        // An unread pipe would fill up and block the node's logging.
        _reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "started" || line.StartsWith("mem ", StringComparison.Ordinal)) await _answers.Writer.WriteAsync(line);
                else await Console.Error.WriteLineAsync("node: " + line);
            }
            _answers.Writer.TryComplete();
        });
    }

    private async Task<string> NextAnswerAsync(TimeSpan timeout) =>
        await _answers.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    public int Id => _process.Id;

    /// <summary>
    /// Starts the node on the same build (<c>dotnet Interop.RelayLoad.dll node ...</c>) and waits until its network runs.
    /// Environment variables <c>NODE_DOTNET_*</c> of this process are given to the node as <c>DOTNET_*</c> (e.g.
    /// <c>NODE_DOTNET_gcServer=1</c> runs it with Server GC like the node executable), so GC settings can be compared.
    /// </summary>
    public static async Task<NodeChild> StartAsync(string manifestPath, string journalPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(NodeChild).Assembly.Location);
        start.ArgumentList.Add("node");
        start.ArgumentList.Add(manifestPath);
        start.ArgumentList.Add(journalPath);
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                     .Select(e => ((string)e.Key, (string?)e.Value)))
            if (name.StartsWith("NODE_DOTNET_", StringComparison.Ordinal)) start.Environment[name["NODE_".Length..]] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the node process");
        var child = new NodeChild(process);
        try
        {
            var line = await child.NextAnswerAsync(TimeSpan.FromMinutes(2));
            if (line != "started") throw new InvalidOperationException($"the node process said '{line}' instead of 'started'");
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
        return child;
    }

    /// <summary>The node's RSS (bytes), read by the OS, now.</summary>
    public long Rss()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>The node's CPU time so far.</summary>
    public TimeSpan Cpu()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The node's RSS, its GC heap after a full collection it runs on request, and what the GC keeps committed.</summary>
    public async Task<(long Rss, long Heap, long Committed)> MemoryAsync()
    {
        await _ask.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync("mem");
            await _process.StandardInput.FlushAsync();
            var line = await NextAnswerAsync(TimeSpan.FromMinutes(1));
            var parts = line.Split(' ');
            if (parts is not ["mem", var rss, var heap, var committed]) throw new InvalidOperationException($"unexpected answer from the node process: {line}");
            return (long.Parse(rss, CultureInfo.InvariantCulture), long.Parse(heap, CultureInfo.InvariantCulture), long.Parse(committed, CultureInfo.InvariantCulture));
        }
        finally
        {
            _ask.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is TimeoutException or IOException)
            {
                Console.Error.WriteLine($"the node process {_process.Id} did not stop on request ({e.Message}); killing it");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        await _reader;
        _process.Dispose();
        _ask.Dispose();
    }
}
