using System.Diagnostics;
using Interop.Ethereum.Keystore;
using Interop.Testing;

namespace Interop.Node.Tests.Cli.Keys;

/// <summary>The built `interop` executable in a child process: real exit codes, real environment, no terminal.</summary>
public sealed class InteropExecutableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("interop-exe-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Keys_list_prints_the_anvil_accounts_and_exits_zero()
    {
        var result = Run(null, "keys", "list", "--mnemonic", "test test test test test test test test test test test junk", "--count", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "m/44'/60'/0'/0/0 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n" +
            "m/44'/60'/0'/0/1 0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n" +
            "m/44'/60'/0'/0/2 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC\n",
            result.Output);
    }

    [Fact]
    public void Keys_list_reads_the_mnemonic_from_standard_input_or_the_environment_and_says_how_when_there_is_none()
    {
        const string first = "m/44'/60'/0'/0/0 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n";
        var fromStdin = Run(null, ["keys", "list", "--mnemonic", "-", "--count", "1"], stdin: "test test test test test test test test test test test junk\n");
        Assert.True(fromStdin.ExitCode == 0, fromStdin.Error);
        Assert.Equal(first, fromStdin.Output);

        var fromEnvironment = Run(null, ["keys", "list", "--count", "1"], mnemonic: "test test test test test test test test test test test junk");
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.Error);
        Assert.Equal(first, fromEnvironment.Output);

        var none = Run(null, "keys", "list");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no mnemonic: pass --mnemonic -", none.Error, StringComparison.Ordinal);
        Assert.Equal("", none.Output);
    }

    [Fact]
    public void Keys_list_exits_non_zero_on_a_bad_checksum()
    {
        var result = Run(null, "keys", "list", "--mnemonic", "test test test test test test test test test test test test");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad checksum", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Keys_new_keystore_with_the_environment_password_writes_a_standard_keystore_cast_can_open()
    {
        var file = Path.Combine(_directory, "operator.json");

        var result = Run("exe pw", "keys", "new", "--keystore", file);

        Assert.True(result.ExitCode == 0, result.Error);
        var keystore = KeystoreFile.Parse(File.ReadAllText(file));
        Assert.Equal(new ScryptParameters(262144, 8, 1), keystore.Kdf);
        var address = Cast.Run("wallet", "address", "--keystore", file, "--password", "exe pw");
        Assert.Contains($"Address: {address}", result.Output);
    }

    [Fact]
    public void Keys_new_keystore_fails_clearly_without_a_terminal_or_password_variable()
    {
        var file = Path.Combine(_directory, "nothing.json");

        var result = Run(null, "keys", "new", "--keystore", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no keystore password: set INTEROP_KEYSTORE_PASSWORD", result.Error);
        Assert.False(File.Exists(file));
    }

    private static CliResult Run(string? keystorePassword, params string[] args) => Run(keystorePassword, args, stdin: null);

    private static CliResult Run(string? keystorePassword, string[] args, string? stdin = null, string? mnemonic = null)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true, // no terminal: the password prompt must not be offered
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "interop.dll"));
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        psi.Environment.Remove("INTEROP_KEYSTORE_PASSWORD");
        if (keystorePassword is not null) psi.Environment["INTEROP_KEYSTORE_PASSWORD"] = keystorePassword;
        psi.Environment.Remove("INTEROP_MNEMONIC");
        if (mnemonic is not null) psi.Environment["INTEROP_MNEMONIC"] = mnemonic;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start interop");
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"interop {string.Join(' ', args)} did not finish in 180 s");
        }
        return new CliResult(process.ExitCode, output.Result, error.Result);
    }
}
