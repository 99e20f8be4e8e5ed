using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Keystore;
using Interop.Node.Cli.Keys;

namespace Interop.Node.Tests.Cli.Keys;

public sealed class KeysNewCommandTests : IDisposable
{
    private const string PasswordVariable = "INTEROP_KEYSTORE_PASSWORD";
    private static readonly ScryptParameters CheapKdf = new(N: 1024);

    private readonly string _directory = Directory.CreateTempSubdirectory("interop-keys-new-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(new string[0], 12)]
    [InlineData(new[] { "--words", "12" }, 12)]
    [InlineData(new[] { "--words", "24" }, 24)]
    public async Task New_prints_a_valid_mnemonic_and_its_first_address(string[] options, int words)
    {
        var result = await CliHarness.RunAsync(["keys", "new", .. options]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.OutputLines.Length);
        Assert.StartsWith("Mnemonic: ", result.OutputLines[0]);
        var mnemonic = Mnemonic.Parse(result.OutputLines[0]["Mnemonic: ".Length..]);
        Assert.Equal(words, mnemonic.WordCount);
        Assert.Equal($"m/44'/60'/0'/0/0 {new EthereumHdWallet(mnemonic).GetAddress(0)}", result.OutputLines[1]);
        Assert.Contains("keep it offline", result.Error);
    }

    [Fact]
    public async Task New_gives_a_different_mnemonic_each_time()
    {
        var first = await CliHarness.RunAsync("keys", "new");
        var second = await CliHarness.RunAsync("keys", "new");

        Assert.NotEqual(first.OutputLines[0], second.OutputLines[0]);
    }

    [Theory]
    [InlineData("13")]
    [InlineData("15")]
    [InlineData("0")]
    public async Task New_rejects_a_word_count_other_than_12_or_24(string words)
    {
        var result = await CliHarness.RunAsync("keys", "new", "--words", words);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"--words must be 12 or 24, got {words}", result.Error);
        Assert.DoesNotContain("Mnemonic:", result.Output);
    }

    [Fact]
    public async Task New_keystore_takes_the_password_from_the_environment_and_writes_a_decryptable_file()
    {
        var file = Path.Combine(_directory, "sub", "operator.json");
        var prompt = new ScriptedPrompt(isAvailable: true);

        var result = await CliHarness.RunAsync(Environment(prompt, password: "from env"), "keys", "new", "--keystore", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(prompt.Prompts);
        Assert.Equal([$"Keystore: {file}", $"Address: {KeystoreFile.Decrypt(File.ReadAllText(file), "from env").Address}"], result.OutputLines);
        Assert.DoesNotContain("Mnemonic", result.Output);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task New_keystore_asks_twice_on_the_terminal_without_the_variable()
    {
        var file = Path.Combine(_directory, "prompted.json");
        var prompt = new ScriptedPrompt(isAvailable: true, "typed pw", "typed pw");

        var result = await CliHarness.RunAsync(Environment(prompt, password: null), "keys", "new", "--keystore", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, prompt.Prompts.Count);
        KeystoreFile.Decrypt(File.ReadAllText(file), "typed pw");
    }

    [Fact]
    public async Task New_keystore_fails_and_writes_nothing_when_the_two_entries_differ()
    {
        var file = Path.Combine(_directory, "mismatch.json");

        var result = await CliHarness.RunAsync(Environment(new ScriptedPrompt(true, "one", "two"), password: null), "keys", "new", "--keystore", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("passwords do not match", result.Error);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task New_keystore_fails_clearly_with_no_terminal_and_no_variable()
    {
        var file = Path.Combine(_directory, "none.json");

        var result = await CliHarness.RunAsync(Environment(new ScriptedPrompt(isAvailable: false), password: null), "keys", "new", "--keystore", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"no keystore password: set {PasswordVariable}", result.Error);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task New_keystore_rejects_an_empty_password_variable()
    {
        var file = Path.Combine(_directory, "e.json");

        var result = await CliHarness.RunAsync(Environment(new ScriptedPrompt(false), ""), "keys", "new", "--keystore", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{PasswordVariable} is set but empty", result.Error);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task New_keystore_refuses_to_overwrite_an_existing_file()
    {
        var file = Path.Combine(_directory, "existing.json");
        File.WriteAllText(file, "precious");

        var result = await CliHarness.RunAsync(Environment(new ScriptedPrompt(false), "pw"), "keys", "new", "--keystore", file);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("already exists", result.Error);
        Assert.Equal("precious", File.ReadAllText(file));
    }

    [Fact]
    public async Task New_keystore_rejects_words_since_no_mnemonic_is_made()
    {
        var result = await CliHarness.RunAsync(Environment(new ScriptedPrompt(false), "pw"), "keys", "new", "--keystore", Path.Combine(_directory, "w.json"), "--words", "24");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--words does not apply with --keystore", result.Error);
    }

    private static KeysEnvironment Environment(IPasswordPrompt prompt, string? password) =>
        new(name => name == PasswordVariable ? password : null, prompt, CheapKdf);
}
