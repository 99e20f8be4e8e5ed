using System.CommandLine;
using Interop.Node.Cli.Keys;

namespace Interop.Node.Cli;

/// <summary>`interop keys ...`: operator key management.</summary>
public static class KeysCommand
{
    /// <summary>Builds `keys` with its `new` and `list` subcommands, reading passwords from the real environment and terminal.</summary>
    public static Command Build() => Build(KeysEnvironment.System);

    /// <summary>Builds the command against an explicit environment (tests substitute the variables and terminal).</summary>
    internal static Command Build(KeysEnvironment environment)
    {
        var keys = new Command("keys", "Create and inspect operator keys (HD mnemonics, keystores).");
        keys.Subcommands.Add(KeysNewCommand.Build(environment));
        keys.Subcommands.Add(KeysListCommand.Build());
        return keys;
    }
}
