using System.Diagnostics;
using System.Net.Sockets;
using Interop.Bridge.Devnet;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;

namespace Interop.Node.Tests.Cli.Devnet;

public sealed class DevnetCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-devnet-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interop.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task Devnet_prints_ready_with_a_manifest_of_deployed_contracts_and_sigint_leaves_no_anvil()
    {
        var manifestPath = Path.Combine(_dir, "devnet.json");
        using var process = Start("devnet", "--manifest", manifestPath);
        try
        {
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) => { if (e.Data is null) return; output.Enqueue(e.Data); if (e.Data == "devnet ready") ready.TrySetResult(); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue("stderr: " + e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(120)));
            Assert.True(ready.Task.IsCompleted, "no 'devnet ready' line:\n" + string.Join('\n', output));
            Assert.Contains(output, l => l.Contains("Mailbox", StringComparison.Ordinal));

            var manifest = DevnetManifest.Load(manifestPath);
            Assert.Equal([900UL, 901UL, 902UL], manifest.Chains.Select(c => c.ChainId));
            foreach (var chain in manifest.Chains)
            {
                using var rpc = RpcClient.Create(new Uri(chain.Rpc));
                foreach (var (name, address) in chain.Contracts)
                    Assert.True((await rpc.GetCodeAsync(Address.Parse(address))).Length > 0, $"{name} on chain {chain.ChainId} has no code");
            }

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var exitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exitTimeout.Token);
            Assert.Equal(0, process.ExitCode);
            foreach (var chain in manifest.Chains)
            {
                using var client = new TcpClient();
                await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", new Uri(chain.Rpc).Port));
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Devnet_with_an_invalid_configuration_exits_non_zero_naming_the_key()
    {
        var config = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(config, """{ "Interop": { "Devnet": { "Threshold": 7 } } }""");
        using var process = Start("devnet", "--config", config);
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("Interop:Devnet:Threshold", stderr, StringComparison.Ordinal);
    }
}
