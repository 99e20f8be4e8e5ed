using System.Numerics;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Tests.Support;

namespace Interop.Ethereum.Rpc.Tests.Errors;

public sealed class ExecutionRevertedExceptionTests
{
    // What anvil returned in error.data for a contract reverting with Error("nope").
    private const string NopeFromAnvil =
        "0x08c379a0" +
        "0000000000000000000000000000000000000000000000000000000000000020" +
        "0000000000000000000000000000000000000000000000000000000000000004" +
        "6e6f706500000000000000000000000000000000000000000000000000000000";

    // OpenZeppelin 5's ERC20InsufficientBalance(0x70997970C51812dc3A010C7d01b50e0d17dc79C8, 5, 7), as
    // `cast calldata "ERC20InsufficientBalance(address,uint256,uint256)" ...` prints it.
    private const string InsufficientBalance =
        "0xe450d38c" +
        "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8" +
        "0000000000000000000000000000000000000000000000000000000000000005" +
        "0000000000000000000000000000000000000000000000000000000000000007";

    private static readonly ContractAbi Erc20Errors = ContractAbi.FromSignatures(
        "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
        "error ERC20InvalidReceiver(address receiver)");

    private static ExecutionRevertedException Revert(string dataHex) =>
        new("eth_call", "http://node", 3, "execution reverted", null, Hex.Decode(dataHex));

    [Fact]
    public void Reason_is_the_message_when_the_data_is_Error_string()
    {
        var revert = Revert(NopeFromAnvil);

        Assert.Equal("nope", Assert.IsType<RevertReason.Error>(revert.Reason).Message);
        Assert.Equal("eth_call on http://node reverted: nope", revert.Message);
    }

    [Fact]
    public void Reason_names_the_panic_when_the_data_is_Panic_uint256()
    {
        var revert = Revert(Hex.Encode(Bytecode.Panic(0x11)));

        Assert.Equal(new BigInteger(0x11), Assert.IsType<RevertReason.Panic>(revert.Reason).Code);
        Assert.Equal("eth_call on http://node reverted with panic 0x11: arithmetic overflow or underflow", revert.Message);
    }

    [Fact]
    public void Reason_is_unrecognized_but_shows_the_selector_when_the_data_is_a_custom_error()
    {
        var revert = Revert(InsufficientBalance);

        var reason = Assert.IsType<RevertReason.Unrecognized>(revert.Reason);
        Assert.Equal(Selector.Parse("0xe450d38c"), reason.Selector);
        Assert.Equal(Selector.Parse("0xe450d38c"), revert.Selector);
        Assert.Contains("0xe450d38c", revert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_returns_the_custom_error_with_its_arguments_when_the_abi_declares_it()
    {
        var revert = Revert(InsufficientBalance);

        var custom = Assert.IsType<RevertReason.Custom>(revert.Decode(Erc20Errors));

        Assert.Equal("ERC20InsufficientBalance", custom.Name);
        Assert.Equal(Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), custom.Arguments.Get<Address>("sender"));
        Assert.Equal(5, custom.Arguments.Get<int>("balance"));
        Assert.Equal(7, custom.Arguments.Get<int>("needed"));
        Assert.Equal(Hex.Decode(InsufficientBalance), custom.Data.ToArray());
    }

    [Fact]
    public void Decode_still_reads_Error_string_when_an_abi_is_given()
    {
        Assert.Equal("nope", Assert.IsType<RevertReason.Error>(Revert(NopeFromAnvil).Decode(Erc20Errors)).Message);
    }

    [Fact]
    public void Decode_returns_unrecognized_when_the_abi_does_not_declare_the_error()
    {
        var revert = Revert("0xdeadbeef" + new string('0', 63) + "1");

        var reason = Assert.IsType<RevertReason.Unrecognized>(revert.Decode(Erc20Errors));
        Assert.Equal(Selector.Parse("0xdeadbeef"), reason.Selector);
    }

    [Fact]
    public void Decode_returns_unrecognized_when_a_declared_error_has_malformed_arguments()
    {
        var truncated = InsufficientBalance[..^64];

        var reason = Assert.IsType<RevertReason.Unrecognized>(Revert(truncated).Decode(Erc20Errors));
        Assert.Contains("does not decode", reason.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x08c379")]                     // shorter than a selector
    [InlineData("0x08c379a0")]                   // Error(string) without its argument
    [InlineData("0x08c379a0" + "00000000000000000000000000000000000000000000000000000000000000ff")] // offset past the end
    public void Reason_is_unrecognized_without_throwing_when_the_data_is_malformed(string hex)
    {
        var revert = Revert(hex);

        Assert.IsType<RevertReason.Unrecognized>(revert.Reason);
        Assert.StartsWith("eth_call on http://node reverted with ", revert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_is_empty_and_the_selector_null_when_the_node_sent_no_data()
    {
        var revert = Revert("0x");

        Assert.IsType<RevertReason.Empty>(revert.Reason);
        Assert.Null(revert.Selector);
        Assert.True(revert.RevertData.IsEmpty);
        Assert.StartsWith("eth_call on http://node reverted without data", revert.Message, StringComparison.Ordinal);
    }
}
