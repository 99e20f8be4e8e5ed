using System.CommandLine;

namespace Interop.Node.Cli;

/// <summary>`interop keys ...`: operator key management.</summary>
public static class KeysCommand
{
    public static Command Build() => new("keys", "Create and inspect operator keys (HD mnemonics, keystores).");
}
