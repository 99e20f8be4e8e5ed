using System.Net;
using System.Net.Sockets;

namespace Interop.Bridge.Devnet;

/// <summary>Options for one anvil chain.</summary>
public sealed record AnvilOptions
{
    public required ulong ChainId { get; init; }

    /// <summary>Seconds between blocks; 0 mines on every transaction (automine).</summary>
    public double BlockTimeSeconds { get; init; }

    /// <summary>Loopback port, or 0 to pick a free one.</summary>
    public int Port { get; init; }

    public string Mnemonic { get; init; } = "test test test test test test test test test test test junk";

    public int Accounts { get; init; } = 10;

    /// <summary>When set, anvil loads this file if it exists and dumps its state into it on exit.</summary>
    public string? StateFile { get; init; }

    /// <summary>Seconds between periodic state dumps (with <see cref="StateFile"/>), so a crash loses little.</summary>
    public int StateIntervalSeconds { get; init; } = 5;

    public string? Name { get; init; }

    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}

/// <summary>A running anvil on a loopback port, stopped (never orphaned) on dispose.</summary>
public sealed class AnvilProcess : IDisposable
{
    private readonly SupervisedProcess _process;

    private AnvilProcess(SupervisedProcess process, AnvilOptions options, int port)
    {
        _process = process;
        Options = options;
        Port = port;
    }

    public AnvilOptions Options { get; }
    public int Port { get; }
    public Uri RpcUrl => new($"http://127.0.0.1:{Port}");
    public ulong ChainId => Options.ChainId;

    /// <summary>Starts anvil and waits until it listens (default 30 s).</summary>
    public static async Task<AnvilProcess> StartAsync(AnvilOptions options, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        for (var attempt = 0; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : FreeTcpPort();
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var args = new List<string>
            {
                "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--chain-id", options.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--mnemonic", options.Mnemonic,
                "--accounts", options.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (options.BlockTimeSeconds > 0)
                args.AddRange(["--block-time", options.BlockTimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (options.StateFile is not null)
                args.AddRange(["--state", options.StateFile, "--state-interval", options.StateIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            args.AddRange(options.ExtraArguments);

            var process = SupervisedProcess.Start(options.Name ?? $"anvil-{options.ChainId}", FoundryTools.Anvil, args,
                onStdout: line => { if (line.Contains("Listening on", StringComparison.Ordinal)) ready.TrySetResult(); },
                onStderr: line => { stderr.Enqueue(line); if (stderr.Count > 50) stderr.TryDequeue(out _); });
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cts.CancelAfter(limit);
                while (!ready.Task.IsCompleted)
                {
                    if (process.HasExited) break;
                    await Task.WhenAny(ready.Task, Task.Delay(50, cts.Token)).ConfigureAwait(false);
                }
                if (ready.Task.IsCompleted) return new AnvilProcess(process, options, port);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Dispose();
                throw new TimeoutException($"anvil (chain {options.ChainId}) did not listen on port {port} within {limit.TotalSeconds:0} s: {string.Join(" | ", stderr)}");
            }
            catch
            {
                process.Dispose();
                throw;
            }
            process.Dispose();
            // A free port can be taken between probing and binding; retry a couple of times on a fresh one.
            if (options.Port != 0 || attempt >= 2)
                throw new InvalidOperationException($"anvil (chain {options.ChainId}) exited before listening: {string.Join(" | ", stderr)}");
        }
    }

    /// <summary>Stops anvil (dumping its state when a state file is configured).</summary>
    public void Dispose() => _process.Dispose();

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
