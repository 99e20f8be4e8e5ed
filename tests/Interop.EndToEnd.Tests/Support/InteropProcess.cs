using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Interop.EndToEnd.Tests.Support;

/// <summary>The outcome of one `interop` CLI run.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs the built `interop` executable (interop.dll beside the tests) as a child process in a working directory.</summary>
public static class InteropProcess
{
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interop.dll"));
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        psi.Environment.Remove("INTEROP_KEYSTORE_PASSWORD");
        psi.Environment.Remove("INTEROP_MNEMONIC");
        return psi;
    }

    /// <summary>Runs a CLI command to completion (killed with its children after <paramref name="timeout"/>).</summary>
    public static async Task<CliRun> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args)) ?? throw new InvalidOperationException("could not start interop");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"interop {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s:\n{await output}\n{await error}");
        }
        return new CliRun(process.ExitCode, await output, await error);
    }
}

/// <summary>
/// A running `interop` node in its own working directory (its appsettings.json: a free HTTP port, the devnet on free
/// ports, ./data for the journal and manifest). Dispose kills the process tree, so no node or anvil outlives a test.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    private NodeProcess(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }
    public int Port { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}");
    public string ManifestPath => Path.Combine(Directory, "data", "devnet", "manifest.json");
    public string Log => string.Join('\n', _log);

    /// <summary>Writes the working directory's appsettings.json for an embedded devnet (chain state kept when <paramref name="keepChainState"/>) and starts the node.</summary>
    public static Task<NodeProcess> StartAsync(string directory, bool keepChainState)
    {
        var stateDir = keepChainState ? "\"./data/devnet/state\"" : "\"\"";
        return StartAsync(directory, port => $$"""
            {
              "Serilog": { "MinimumLevel": { "Default": "Information", "Override": { "System.Net.Http": "Warning", "Microsoft": "Warning" } } },
              "Interop": {
                "Node": { "Urls": "http://127.0.0.1:{{port}}", "DevnetManifest": "./data/devnet/manifest.json" },
                "Devnet": { "Enabled": true, "StateDir": {{stateDir}} },
                "Admin": { "ApiKeys": [ "{{AdminKey}}" ] }
              }
            }
            """);
    }

    /// <summary>The admin API key the test nodes accept.</summary>
    public const string AdminKey = "end-to-end-admin-key-0123456789";

    /// <summary>Writes appsettings.json from <paramref name="settings"/> (given the node's port) and starts the node with extra environment variables.</summary>
    public static async Task<NodeProcess> StartAsync(string directory, Func<int, string> settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = Interop.Bridge.Devnet.AnvilProcess.FreeTcpPort();
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), settings(port));
        var node = new NodeProcess(directory, port) { _environment = environment ?? new Dictionary<string, string>() };
        await node.RestartAsync();
        return node;
    }

    private IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>();

    /// <summary>Starts the node process (again) on the same working directory and waits until /health/ready answers 200.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("the node is still running");
        _process?.Dispose();
        var psi = InteropProcess.StartInfo(Directory, []);
        foreach (var (name, value) in _environment) psi.Environment[name] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start interop");
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(240);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"the node exited with {process.ExitCode} before it was ready:\n{Log}");
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the node was not ready within 240 s:\n{Log}");
    }

    /// <summary>kill -9 of the node process alone (its anvils' watchdogs notice and stop them).</summary>
    public async Task KillHardAsync()
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
        // An embedded devnet's chains must be gone (state dumped) before a restart resumes them on the same ports.
        if (!File.Exists(ManifestPath)) return;
        var manifest = Interop.Bridge.Devnet.DevnetManifest.Load(ManifestPath);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var chain in manifest.Chains)
        {
            while (true)
            {
                using var client = new System.Net.Sockets.TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", new Uri(chain.Rpc).Port);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    break;
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"chain {chain.ChainId} still serves {chain.Rpc} 60 s after the node was killed");
                await Task.Delay(200);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}

/// <summary>`interop devnet` as its own process (chains that outlive a node crash, as real chains do); Dispose kills its tree.</summary>
public sealed class DevnetProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DevnetProcess(Process process, string manifestPath)
    {
        _process = process;
        ManifestPath = manifestPath;
    }

    public string ManifestPath { get; }

    public static async Task<DevnetProcess> StartAsync(string directory)
    {
        var config = Path.Combine(directory, "devnet.appsettings.json");
        await File.WriteAllTextAsync(config, """{ "Serilog": { "MinimumLevel": { "Default": "Warning" } } }""");
        var manifest = Path.Combine(directory, "devnet.json");
        var process = Process.Start(InteropProcess.StartInfo(directory, ["devnet", "--manifest", manifest, "--config", config])) ?? throw new InvalidOperationException("could not start interop devnet");
        var devnet = new DevnetProcess(process, manifest);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            log.Enqueue(e.Data);
            if (e.Data == "devnet ready") ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(180));
        }
        catch (TimeoutException)
        {
            await devnet.DisposeAsync();
            throw new TimeoutException("interop devnet was not ready within 180 s:\n" + string.Join('\n', log));
        }
        return devnet;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
