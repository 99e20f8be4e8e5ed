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
        root.Subcommands.Add(SendCommand.Build());
        root.Subcommands.Add(TransferCommand.Build());
        root.Subcommands.Add(StatusCommand.Build());
        root.Subcommands.Add(PositionCommand.Build());
        root.Subcommands.Add(QuoteCommand.Build());
        // With no command the node runs on its embedded default (local devnet, appsettings.json).
        root.SetAction((parseResult, cancellationToken) => NodeCommand.RunAsync(null, null, parseResult.InvocationConfiguration.Error, cancellationToken));
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args) =>
        // Ctrl-C / SIGTERM cancel the running command; give it time to stop its chains and actors cleanly.
        InvokeAsync(args, new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>Parses and runs with <paramref name="configuration"/>'s output; bad arguments exit 2 with one line per error naming the option.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration configuration)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await configuration.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await configuration.Error.WriteLineAsync("(see --help)").ConfigureAwait(false);
            return 2;
        }
        return await parse.InvokeAsync(configuration).ConfigureAwait(false);
    }
}
