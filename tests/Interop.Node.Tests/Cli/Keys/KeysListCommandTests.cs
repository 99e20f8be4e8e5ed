using Interop.Testing;

namespace Interop.Node.Tests.Cli.Keys;

public class KeysListCommandTests
{
    private const string AnvilMnemonic = "test test test test test test test test test test test junk";

    [Fact]
    public async Task List_prints_anvils_first_three_accounts_with_their_paths()
    {
        var result = await CliHarness.RunAsync("keys", "list", "--mnemonic", AnvilMnemonic, "--count", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "m/44'/60'/0'/0/0 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                "m/44'/60'/0'/0/1 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                "m/44'/60'/0'/0/2 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            ],
            result.OutputLines);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task List_uses_the_account_and_passphrase_as_cast_does()
    {
        var result = await CliHarness.RunAsync("keys", "list", "--mnemonic", AnvilMnemonic, "--account", "2", "--count", "2", "--passphrase", "hunter2");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.OutputLines.Length);
        for (var i = 0; i < 2; i++)
        {
            var path = $"m/44'/60'/2'/0/{i}";
            var expected = Cast.Run("wallet", "address", "--mnemonic", AnvilMnemonic, "--mnemonic-passphrase", "hunter2", "--mnemonic-derivation-path", path);
            Assert.Equal($"{path} {expected}", result.OutputLines[i]);
        }
    }

    [Fact]
    public async Task List_lists_ten_addresses_by_default()
    {
        var result = await CliHarness.RunAsync("keys", "list", "--mnemonic", AnvilMnemonic);

        Assert.Equal(10, result.OutputLines.Length);
        Assert.StartsWith("m/44'/60'/0'/0/9 ", result.OutputLines[^1]);
    }

    [Theory]
    [InlineData("test test test test test test test test test test test test", "bad checksum")]
    [InlineData("test test test test test test test test test test tset junk", "unknown word 'tset' at position 11")]
    [InlineData("test test test test test test test test test test junk", "wrong word count: the mnemonic has 11 words")]
    public async Task List_fails_naming_what_is_wrong_with_the_mnemonic(string mnemonic, string expected)
    {
        var result = await CliHarness.RunAsync("keys", "list", "--mnemonic", mnemonic);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error: invalid mnemonic: {expected}", result.Error);
        Assert.Equal("", result.Output);
        Assert.DoesNotContain(mnemonic, result.Error);
    }

    [Theory]
    [InlineData("--count", "0", "--count must be between 1 and 10000, got 0")]
    [InlineData("--count", "-3", "--count must be between 1 and 10000, got -3")]
    [InlineData("--count", "10001", "--count must be between 1 and 10000, got 10001")]
    [InlineData("--count", "three", "--count must be between 1 and 10000, got three")]
    [InlineData("--account", "-1", "--account must be 0 or more, got -1")]
    public async Task List_rejects_invalid_option_values_with_a_clear_message(string option, string value, string expected)
    {
        var result = await CliHarness.RunAsync("keys", "list", "--mnemonic", AnvilMnemonic, option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", result.Output);
    }

    [Fact]
    public async Task List_requires_a_mnemonic()
    {
        var result = await CliHarness.RunAsync("keys", "list");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--mnemonic", result.Error);
    }
}
