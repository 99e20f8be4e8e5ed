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
        root.Subcommands.Add(NodeCommand.Build());
        // With no command the node runs on its embedded default (local devnet, appsettings.json).
        root.SetAction((parseResult, cancellationToken) => NodeCommand.RunAsync(null, null, parseResult.InvocationConfiguration.Error, cancellationToken));
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args) =>
        // Ctrl-C / SIGTERM cancel the running command; give it time to stop its chains and actors cleanly.
        Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
}
