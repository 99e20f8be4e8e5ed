using System.CommandLine;
using Interop.Ethereum.HdWallet;

namespace Interop.Node.Cli.Keys;

/// <summary>`interop keys list`: the BIP-44 Ethereum addresses of a mnemonic.</summary>
internal static class KeysListCommand
{
    /// <summary>Upper bound on --count, so a typo does not start deriving millions of keys.</summary>
    public const int MaxCount = 10_000;

    /// <summary>Where the mnemonic is read from when --mnemonic is not given (keeps it out of shell history and `ps`).</summary>
    public const string MnemonicVariable = "INTEROP_MNEMONIC";

    public static Command Build()
    {
        var mnemonic = new Option<string>("--mnemonic")
        {
            Description = $"The BIP-39 mnemonic (12-24 English words, quoted), or - to read it from standard input; default: the {MnemonicVariable} "
                + "environment variable. Prefer stdin or the variable: command lines end up in shell history and process lists.",
            HelpName = "WORDS|-",
        };
        var passphrase = new Option<string>("--passphrase")
        {
            Description = "Optional BIP-39 passphrase (the \"25th word\"); a different passphrase gives different accounts.",
            DefaultValueFactory = _ => "",
        };
        var account = IntOption.Create("--account", "BIP-44 account: the A in m/44'/60'/A'/0/i.", 0, value => value >= 0, "be 0 or more");
        var count = IntOption.Create("--count", "How many addresses to list, from index 0.", 10,
            value => value is >= 1 and <= MaxCount, $"be between 1 and {MaxCount}");

        var command = new Command("list", "List the Ethereum addresses of a mnemonic: one line per index, m/44'/60'/A'/0/i 0x<address>.");
        command.Options.Add(mnemonic);
        command.Options.Add(passphrase);
        command.Options.Add(account);
        command.Options.Add(count);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var given = parseResult.GetValue(mnemonic);
            var phrase = given == "-" ? Console.In.ReadLine() : given ?? Environment.GetEnvironmentVariable(MnemonicVariable);
            if (string.IsNullOrWhiteSpace(phrase))
            {
                error.WriteLine(given == "-"
                    ? "error: --mnemonic -: standard input held no mnemonic"
                    : $"error: no mnemonic: pass --mnemonic - and type or pipe it on standard input, set {MnemonicVariable}, or pass --mnemonic \"WORDS\"");
                return 2;
            }
            if (!Mnemonic.TryParse(phrase, out var parsed, out var problem))
            {
                // The message names the problem (and at most one misspelt word), never the phrase.
                error.WriteLine($"error: invalid mnemonic: {problem!.Message}");
                return 1;
            }
            var wallet = new EthereumHdWallet(parsed!, parseResult.GetValue(passphrase) ?? "");
            foreach (var (path, key) in wallet.GetKeys(parseResult.GetValue(account), 0, parseResult.GetValue(count)))
                output.WriteLine($"{path} {key.Address}");
            return 0;
        });
        return command;
    }
}
