using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Tests.Support;
using Interop.Testing;

namespace Interop.Ethereum.Rpc.Tests.Errors;

public sealed class RevertDataTests
{
    // What anvil returned in error.data for a contract reverting with Error("nope").
    private const string NopeFromAnvil =
        "0x08c379a0" +
        "0000000000000000000000000000000000000000000000000000000000000020" +
        "0000000000000000000000000000000000000000000000000000000000000004" +
        "6e6f706500000000000000000000000000000000000000000000000000000000";

    [Fact]
    public void Describe_returns_the_message_when_the_data_is_Error_string()
    {
        Assert.Equal("nope", RevertData.Describe(Hex.Decode(NopeFromAnvil)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("insufficient balance for transfer, please top up first (longer than one word)")]
    [InlineData("ünïcödé ✓")]
    public void Describe_decodes_Error_string_encoded_by_cast(string message)
    {
        // cast is an independent ABI encoder: our decoder must read what it writes.
        var encoded = Hex.Decode(Cast.Run("calldata", "Error(string)", message));
        Assert.Equal(message, RevertData.Describe(encoded));
        Assert.Equal(encoded, Bytecode.ErrorString(message));
    }

    [Theory]
    [InlineData(0x01, "panic 0x01 (assertion failed)")]
    [InlineData(0x11, "panic 0x11 (arithmetic overflow or underflow)")]
    [InlineData(0x12, "panic 0x12 (division or modulo by zero)")]
    [InlineData(0x32, "panic 0x32 (array index out of bounds)")]
    [InlineData(0x99, "panic 0x99 (unknown panic code)")]
    public void Describe_names_the_panic_when_the_data_is_Panic_uint256(byte code, string expected)
    {
        Assert.Equal(expected, RevertData.Describe(Bytecode.Panic(code)));
    }

    [Fact]
    public void Describe_shows_the_selector_when_the_data_is_a_custom_error()
    {
        // InsufficientBalance(uint256,uint256) with two arguments.
        var data = Hex.Decode(Cast.Run("calldata", "InsufficientBalance(uint256,uint256)", "1", "2"));
        Assert.Equal($"custom error {Hex.Encode(data.AsSpan(0, 4))}", RevertData.Describe(data));
    }

    [Theory]
    [InlineData("", "no revert data")]
    [InlineData("0x08c379", "malformed revert data 0x08c379")]
    [InlineData("0x08c379a0", "malformed Error(string) revert data (4 bytes)")]
    public void Describe_reports_empty_or_truncated_data_without_throwing(string hex, string expected)
    {
        Assert.Equal(expected, RevertData.Describe(Hex.Decode(hex)));
    }

    [Theory]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000ff")] // offset beyond the data
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // offset beyond int range
    public void Describe_rejects_an_Error_string_whose_offset_points_outside_the_data(string offsetWord)
    {
        var data = Hex.Decode(NopeFromAnvil);
        Hex.Decode(offsetWord).CopyTo(data, 4);
        Assert.StartsWith("malformed Error(string)", RevertData.Describe(data), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_rejects_an_Error_string_whose_length_runs_past_the_data()
    {
        var data = Hex.Decode(NopeFromAnvil);
        data[4 + 32 + 31] = 0x40;
        Assert.StartsWith("malformed Error(string)", RevertData.Describe(data), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_rejects_an_Error_string_that_is_not_utf8()
    {
        var data = Hex.Decode(NopeFromAnvil);
        data[4 + 64] = 0xff;
        Assert.StartsWith("malformed Error(string)", RevertData.Describe(data), StringComparison.Ordinal);
    }

    [Fact]
    public void Selectors_are_the_keccak_of_the_signatures()
    {
        Assert.Equal(Crypto.Keccak256.HashUtf8("Error(string)")[..4], RevertData.ErrorSelector.ToArray());
        Assert.Equal(Crypto.Keccak256.HashUtf8("Panic(uint256)")[..4], RevertData.PanicSelector.ToArray());
    }
}
