using Interop.Ethereum.HdWallet;

namespace Interop.Ethereum.Tests.HdWallet;

public class KeyPathTests
{
    [Theory]
    [InlineData("m", new uint[0])]
    [InlineData("m/0", new uint[] { 0 })]
    [InlineData("m/44'/60'/0'/0/0", new uint[] { 0x8000002C, 0x8000003C, 0x80000000, 0, 0 })]
    [InlineData("m/44h/60H/0'/1/2147483647", new uint[] { 0x8000002C, 0x8000003C, 0x80000000, 1, 0x7FFFFFFF })]
    [InlineData(" M/2147483647' ", new uint[] { 0xFFFFFFFF })]
    public void Parse_reads_hardened_and_normal_steps(string text, uint[] expected)
    {
        Assert.Equal(expected, KeyPath.Parse(text).Indices);
    }

    [Fact]
    public void ToString_is_the_canonical_form_with_apostrophes()
    {
        Assert.Equal("m/44'/60'/0'/0/7", KeyPath.Parse("m/44h/60H/0'/0/7").ToString());
        Assert.Equal("m", KeyPath.Master.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("44'/60'/0'/0/0", "must start with 'm/'")]
    [InlineData("n/0", "must start with 'm/'")]
    [InlineData("m/", "step 1 is empty")]
    [InlineData("m//1", "step 1 is empty")]
    [InlineData("m/0/", "step 2 is empty")]
    [InlineData("m/'", "step 1 is empty")]
    [InlineData("m/44'/x/0", "step 2 'x' is not a number")]
    [InlineData("m/-1", "step 1 '-1' is not a number")]
    [InlineData("m/1''", "step 1 '1''' is not a number")]
    [InlineData("m/2147483648", "step 1 '2147483648' is out of range")]
    [InlineData("m/99999999999'", "out of range")]
    public void Parse_explains_which_step_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => KeyPath.Parse(text));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Paths_with_the_same_steps_are_equal()
    {
        Assert.Equal(KeyPath.Parse("m/44'/60'/0'/0/0"), Bip44.EthereumPath());
        Assert.True(KeyPath.Parse("m/1h") == KeyPath.Parse("m/1'"));
        Assert.NotEqual(KeyPath.Parse("m/1"), KeyPath.Parse("m/1'"));
        Assert.Equal(KeyPath.Parse("m/1/2").GetHashCode(), KeyPath.Master.Child(1).Child(2).GetHashCode());
    }

    [Fact]
    public void Bip44_builds_the_ethereum_path_for_an_account_and_index()
    {
        Assert.Equal("m/44'/60'/3'/0/17", Bip44.EthereumPath(account: 3, index: 17).ToString());
        Assert.Equal("m/44'/60'/0'/0", Bip44.EthereumChain().ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => Bip44.EthereumPath(account: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bip44.EthereumPath(index: -1));
    }
}
