using System.Diagnostics;
using Interop.Bridge.Devnet;

namespace Interop.Node.Tests.Hosting;

/// <summary>The `interop node` executable with keys it cannot load: it does not start and exits 2 naming the variable.</summary>
public sealed class NodeStartFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-node-fail-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Node_exits_2_naming_the_missing_mnemonic_variable_when_its_keys_cannot_be_loaded()
    {
        var port = AnvilProcess.FreeTcpPort();
        await File.WriteAllTextAsync(Path.Combine(_dir, "appsettings.json"), $$"""
            {
              "Interop": {
                "Node": { "Urls": "http://127.0.0.1:{{port}}" },
                "Devnet": { "Enabled": false },
                "Chains": [ { "Name": "a", "ChainId": 901, "Rpc": [ "http://127.0.0.1:9" ], "Contracts": { "Mailbox": "0x5FbDB2315678afecb367f032d93F642f64180aa3" } } ],
                "Relayer": { "Validators": [ "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" ] },
                "Keys": { "MnemonicVariable": "INTEROP_TEST_UNSET_MNEMONIC", "ValidatorIndices": [ 1 ] }
              }
            }
            """);
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interop.dll"));
        psi.Environment.Remove("INTEROP_TEST_UNSET_MNEMONIC");
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var stderr = await error;
        Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}\n{await output}\n{stderr}");
        Assert.Contains("INTEROP_TEST_UNSET_MNEMONIC", stderr, StringComparison.Ordinal);
    }
}
