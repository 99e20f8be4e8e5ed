using System.CommandLine;
using Interop.Bridge.Devnet;
using Interop.Node.Cli;
using Interop.Node.Tests.Cli.Keys;

namespace Interop.Node.Tests.Cli.Messaging;

/// <summary>Bad arguments of the message commands exit 2 and name the option, before anything is signed or sent.</summary>
public sealed class MessageCommandArgumentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-cli-args-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await InteropCli.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--from", "transfer", "--from", "abc", "--to", "902", "--amount", "1")]
    [InlineData("--to", "transfer", "--from", "901", "--to", "0", "--amount", "1")]
    [InlineData("--amount", "transfer", "--from", "901", "--to", "902", "--amount", "-5")]
    [InlineData("--amount", "transfer", "--from", "901", "--to", "902", "--amount", "1.5")]
    [InlineData("--recipient", "transfer", "--from", "901", "--to", "902", "--amount", "1", "--recipient", "0x1234")]
    [InlineData("--body", "send", "--from", "900", "--to", "901", "--recipient", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--body", "hello")]
    [InlineData("--body", "send", "--from", "900", "--to", "901", "--recipient", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")]
    [InlineData("--key-index", "send", "--from", "900", "--to", "901", "--recipient", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--body", "0x", "--key-index", "-1")]
    [InlineData("--timeout", "transfer", "--from", "901", "--to", "902", "--amount", "1", "--timeout", "0")]
    [InlineData("id-or-tx", "status", "0x12")]
    [InlineData("--id", "position", "migrate", "--chain", "901", "--id", "0", "--to", "902")]
    [InlineData("--chain", "position", "migrate", "--id", "5", "--to", "902")]
    public async Task A_bad_argument_exits_2_naming_the_option(string option, params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_missing_manifest_exits_2_naming_the_option_and_the_file()
    {
        var manifest = Path.Combine(_dir, "none.json");

        var result = await RunAsync("transfer", "--from", "901", "--to", "902", "--amount", "1", "--manifest", manifest);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--manifest", result.Error, StringComparison.Ordinal);
        Assert.Contains(manifest, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_exits_1_saying_the_node_is_unreachable()
    {
        var port = AnvilProcess.FreeTcpPort();

        var result = await RunAsync("status", "0x" + new string('a', 64), "--node", $"http://127.0.0.1:{port}", "--manifest", Path.Combine(_dir, "none.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot ask the node", result.Error, StringComparison.Ordinal);
    }
}
