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
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();
}
