using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Tests;

public class AddressTests
{
    // EIP-55 test vectors.
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Parse_accepts_and_reproduces_eip55_checksums(string text) =>
        Assert.Equal(text, Address.Parse(text).ToString());

    [Fact]
    public void Parse_rejects_a_wrong_checksum_and_names_it()
    {
        var error = Assert.Throws<FormatException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        Assert.Contains("EIP-55 checksum", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "must start with 0x")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", "40 hex digits")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAgd", "not a hex digit")]
    public void Parse_rejects_malformed_text_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => Address.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_accepts_all_lower_and_all_upper_case() =>
        Assert.Equal(Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), Address.Parse("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED"));

    [Fact]
    public void Anvil_default_key_derives_its_known_address()
    {
        var key = EthKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", key.Address.ToString());
        Assert.DoesNotContain("ac0974", key.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
