using System.CommandLine;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Keystore;
using Interop.Ethereum.Signing;

namespace Interop.Node.Cli.Keys;

/// <summary>`interop keys new`: a fresh mnemonic, or a fresh key written to an encrypted keystore.</summary>
internal static class KeysNewCommand
{
    public static Command Build(KeysEnvironment environment)
    {
        var words = IntOption.Create("--words", "Mnemonic length: 12 or 24 words.", 12, value => value is 12 or 24, "be 12 or 24");

        var keystore = new Option<FileInfo?>("--keystore")
        {
            Description = "Instead of a mnemonic, write a fresh random key to this keystore file (scrypt, Web3 Secret Storage v3). " +
                          $"Password from {KeystorePassword.EnvironmentVariable}, else asked twice on the terminal.",
            HelpName = "FILE",
        };

        var command = new Command("new", "Create a fresh BIP-39 mnemonic and show its first address, or a fresh key in an encrypted keystore.");
        command.Options.Add(words);
        command.Options.Add(keystore);
        command.Validators.Add(result =>
        {
            if (result.GetResult(keystore) is not null && result.GetResult(words) is { Implicit: false })
                result.AddError("--words does not apply with --keystore: the keystore holds a random key, not a mnemonic");
        });
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var file = parseResult.GetValue(keystore);
            try
            {
                if (file is null) PrintNewMnemonic(parseResult.GetValue(words), output, error);
                else WriteNewKeystore(file, environment, output);
                return 0;
            }
            catch (KeysCommandException e)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void PrintNewMnemonic(int wordCount, TextWriter output, TextWriter error)
    {
        var mnemonic = Mnemonic.Generate(wordCount);
        var path = Bip44.EthereumPath();
        var address = new EthereumHdWallet(mnemonic).GetKey(path).Address;

        // The mnemonic is the one thing this command exists to show, so it goes to stdout; the warning goes to stderr
        // so that `interop keys new > file` captures only the data.
        error.WriteLine("Write the mnemonic down and keep it offline: anyone who has it controls every account derived from it.");
        output.WriteLine($"Mnemonic: {mnemonic.Phrase}");
        output.WriteLine($"{path} {address}");
    }

    private static void WriteNewKeystore(FileInfo file, KeysEnvironment environment, TextWriter output)
    {
        if (file.Exists) throw new KeysCommandException($"{file.FullName} already exists; refusing to overwrite a keystore");
        var password = KeystorePassword.ForNewKeystore(environment);
        var key = EthKey.Generate();
        var json = KeystoreFile.Encrypt(key, password, environment.KeystoreKdf).ToJson();

        // CreateNew closes the race with another writer; 0600 keeps other local users from copying the file to attack
        // the password offline.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        FileStream stream;
        try
        {
            file.Directory?.Create();
            stream = new FileStream(file.FullName, options);
        }
        catch (IOException) when (File.Exists(file.FullName))
        {
            throw new KeysCommandException($"{file.FullName} already exists; refusing to overwrite a keystore");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeysCommandException($"cannot write {file.FullName}: {e.Message}");
        }
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
            writer.Write(json);

        output.WriteLine($"Keystore: {file.FullName}");
        output.WriteLine($"Address: {key.Address}");
    }
}
