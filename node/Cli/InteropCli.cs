using System.CommandLine;

namespace Interop.Node.Cli;

/// <summary>The `interop` command tree.</summary>
public static class InteropCli
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Interop: cross-layer message bridge and liquidity router node.");
        root.Subcommands.Add(KeysCommand.Build());
        root.Subcommands.Add(DevnetCommand.Build());
        // With no command the node runs on its embedded default. Until the relayer network lands (issue #4) that
        // default is the local devnet alone.
        root.SetAction((parseResult, cancellationToken) => DevnetCommand.RunAsync(null, null, DevnetCommand.DefaultManifest,
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args) =>
        // Ctrl-C / SIGTERM cancel the running command; give it time to stop its chains and actors cleanly.
        Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
}
