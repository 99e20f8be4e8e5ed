using System.CommandLine;
using Interop.Node.Cli;
using Interop.Node.Cli.Keys;

namespace Interop.Node.Tests.Cli.Keys;

/// <summary>The outcome of one CLI invocation.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the command tree in-process with captured stdout/stderr (no global Console redirection).</summary>
internal static class CliHarness
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(InteropCli.Build(), args);

    public static Task<CliResult> RunAsync(KeysEnvironment environment, params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(KeysCommand.Build(environment));
        return RunAsync(root, args);
    }

    private static async Task<CliResult> RunAsync(RootCommand root, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A scripted terminal: answers prompts in order, or reports that there is no terminal.</summary>
internal sealed class ScriptedPrompt(bool isAvailable, params string[] answers) : IPasswordPrompt
{
    private readonly Queue<string> _answers = new(answers);

    public bool IsAvailable => isAvailable;

    public List<string> Prompts { get; } = [];

    public string ReadPassword(string prompt)
    {
        Prompts.Add(prompt);
        return _answers.Dequeue();
    }
}
