using System.Numerics;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Tests.Abi;

public class RevertReasonTests
{
    private static readonly ContractAbi Vault = ContractAbi.FromSignatures(
        "error InsufficientBalance(uint256 available, uint256 required)",
        "error Unauthorized(address caller)");

    [Fact]
    public void Decode_reads_an_Error_string_message()
    {
        // What require(false, "Not enough Ether provided.") returns, from the Solidity documentation.
        var data = Hex.Decode("0x08c379a0" +
            "0000000000000000000000000000000000000000000000000000000000000020" +
            "000000000000000000000000000000000000000000000000000000000000001a" +
            "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000");

        var reason = Assert.IsType<RevertReason.Error>(RevertReason.Decode(data));

        Assert.Equal("Not enough Ether provided.", reason.Message);
        Assert.Equal("reverted: Not enough Ether provided.", reason.ToString());
    }

    [Theory]
    [InlineData(0x01, "panic 0x01: assertion failed")]
    [InlineData(0x11, "panic 0x11: arithmetic overflow or underflow")]
    [InlineData(0x12, "panic 0x12: division or modulo by zero")]
    [InlineData(0x21, "panic 0x21: conversion to an invalid enum value")]
    [InlineData(0x22, "panic 0x22: incorrectly encoded storage byte array")]
    [InlineData(0x31, "panic 0x31: pop() on an empty array")]
    [InlineData(0x32, "panic 0x32: array index out of bounds")]
    [InlineData(0x41, "panic 0x41: out of memory (too much memory allocated or array too large)")]
    [InlineData(0x51, "panic 0x51: call to a zero-initialized internal function variable")]
    [InlineData(0x99, "panic 0x99: unknown panic code")]
    public void Decode_names_panic_codes(int code, string text)
    {
        var data = Hex.Decode("0x4e487b71" + code.ToString("x").PadLeft(64, '0'));
        var reason = Assert.IsType<RevertReason.Panic>(RevertReason.Decode(data));
        Assert.Equal(new BigInteger(code), reason.Code);
        Assert.Equal(text, reason.ToString());
    }

    [Fact]
    public void Decode_reads_a_custom_error_declared_in_the_abi()
    {
        var data = Vault.GetError("InsufficientBalance").Encode(5, 10);

        var reason = Assert.IsType<RevertReason.Custom>(Vault.DecodeRevert(data));

        Assert.Equal("InsufficientBalance", reason.Name);
        Assert.Equal(10, reason.Arguments.Get<int>("required"));
        Assert.Equal("reverted with InsufficientBalance(available: 5, required: 10)", reason.ToString());
        Assert.Equal(reason, Vault.DecodeRevert(data));
        Assert.NotEqual(reason, Vault.DecodeRevert(Vault.GetError("InsufficientBalance").Encode(5, 11)));
    }

    [Fact]
    public void Decode_reports_an_unknown_selector_with_its_value()
    {
        var data = Hex.Decode("0xdeadbeef0000000000000000000000000000000000000000000000000000000000000001");

        var reason = Assert.IsType<RevertReason.Unrecognized>(RevertReason.Decode(data, Vault));

        Assert.Equal(Selector.Parse("0xdeadbeef"), reason.Selector);
        Assert.StartsWith("reverted with unknown error selector 0xdeadbeef: 0xdeadbeef", reason.ToString(), StringComparison.Ordinal);
        Assert.Contains("no contract ABI given", RevertReason.Decode(data).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_of_empty_data_says_why_that_happens()
    {
        var reason = RevertReason.Decode([]);
        Assert.IsType<RevertReason.Empty>(reason);
        Assert.StartsWith("reverted without data", reason.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x08c3")]
    [InlineData("0x08c379a0")]
    [InlineData("0x08c379a000000000000000000000000000000000000000000000000000000000000000ff")]
    [InlineData("0x4e487b71000000000000000000000000000000000000000000000000000000000000")]
    public void Decode_never_throws_on_malformed_revert_data(string hex)
    {
        var reason = Assert.IsType<RevertReason.Unrecognized>(RevertReason.Decode(hex));
        Assert.False(string.IsNullOrWhiteSpace(reason.Problem));
        Assert.Contains(hex, reason.ToString(), StringComparison.Ordinal);
    }
}
