using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Rpc.Tests.Support;

namespace Interop.Ethereum.Rpc.Tests.Anvil;

[Collection(AnvilCollection.Name)]
public sealed class ErrorTests(AnvilFixture fixture)
{
    private readonly RpcClient _client = fixture.Client;

    [Fact]
    public async Task CallAsync_throws_JsonRpcException_with_method_not_found_when_the_method_is_unknown()
    {
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => _client.CallAsync("eth_noSuchMethod", []));

        Assert.Equal(JsonRpcException.Codes.MethodNotFound, error.Code);
        Assert.Equal("eth_noSuchMethod", error.Method);
        Assert.Contains("eth_noSuchMethod", error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Anvil.RpcUrl.Authority, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EthCall_throws_ExecutionReverted_with_the_decoded_reason_when_the_contract_reverts_with_Error_string()
    {
        var reverter = await _client.DeployAsync(Bytecode.RevertingWith(Bytecode.ErrorString("nope")));

        var error = await Assert.ThrowsAsync<ExecutionRevertedException>(() => _client.EthCallAsync(new CallRequest { To = reverter }));

        Assert.Equal("nope", Assert.IsType<RevertReason.Error>(error.Reason).Message);
        Assert.Equal(Bytecode.ErrorString("nope"), error.RevertData.ToArray());
        Assert.Equal("eth_call", error.Method);
        Assert.Contains("reverted: nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EthCall_throws_ExecutionReverted_naming_the_panic_when_the_contract_panics_with_0x11()
    {
        var panicking = await _client.DeployAsync(Bytecode.RevertingWith(Bytecode.Panic(0x11)));

        var error = await Assert.ThrowsAsync<ExecutionRevertedException>(() => _client.EthCallAsync(new CallRequest { To = panicking }));

        Assert.Equal(0x11, Assert.IsType<RevertReason.Panic>(error.Reason).Code);
        Assert.Equal(AbiError.Panic.Selector, error.Selector);
        Assert.Contains("panic 0x11: arithmetic overflow or underflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EthCall_throws_ExecutionReverted_that_decodes_the_custom_error_with_the_contract_abi()
    {
        var abi = ContractAbi.FromSignatures("error Boom(uint256 code)");
        var custom = await _client.DeployAsync(Bytecode.RevertingWith(abi.GetError("Boom").Encode(7)));

        var error = await Assert.ThrowsAsync<ExecutionRevertedException>(() => _client.EthCallAsync(new CallRequest { To = custom }));

        Assert.Equal(Selector.Parse("0x1167d8fb"), Assert.IsType<RevertReason.Unrecognized>(error.Reason).Selector);
        Assert.Equal(36, error.RevertData.Length);
        var boom = Assert.IsType<RevertReason.Custom>(error.Decode(abi));
        Assert.Equal(7, boom.Arguments.Get<int>("code"));
    }

    [Fact]
    public async Task EstimateGas_throws_ExecutionReverted_when_the_transaction_would_revert()
    {
        var reverter = await _client.DeployAsync(Bytecode.RevertingWith(Bytecode.ErrorString("too poor to estimate")));

        var error = await Assert.ThrowsAsync<ExecutionRevertedException>(() =>
            _client.EstimateGasAsync(new CallRequest { From = DevChain.Sender, To = reverter }));

        Assert.Equal("too poor to estimate", Assert.IsType<RevertReason.Error>(error.Reason).Message);
        Assert.Equal("eth_estimateGas", error.Method);
    }

    [Fact]
    public async Task SendRawTransaction_throws_JsonRpcException_when_the_transaction_is_malformed()
    {
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => _client.SendRawTransactionAsync(Hex.Decode("0x02c0ffee")));

        Assert.IsNotType<ExecutionRevertedException>(error);
        Assert.Equal("eth_sendRawTransaction", error.Method);
        Assert.Equal(JsonRpcException.Codes.InvalidParams, error.Code);
    }

    [Fact]
    public async Task CallAsync_throws_JsonRpcException_with_invalid_params_when_an_argument_is_wrong()
    {
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => _client.CallAsync("eth_getBalance", ["0x12", "latest"]));
        Assert.Equal(JsonRpcException.Codes.InvalidParams, error.Code);
    }
}
