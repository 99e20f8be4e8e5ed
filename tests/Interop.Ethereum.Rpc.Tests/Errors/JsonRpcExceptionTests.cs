using System.Text.Json;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Tests.Support;

namespace Interop.Ethereum.Rpc.Tests.Errors;

public sealed class JsonRpcExceptionTests
{
    [Fact]
    public void Create_returns_ExecutionReverted_with_the_revert_data_when_the_code_is_3()
    {
        using var data = JsonDocument.Parse($"\"{Hex.Encode(Bytecode.ErrorString("nope"))}\"");

        var error = JsonRpcException.Create("eth_call", "http://node", 3, "execution reverted: nope", data.RootElement.Clone());

        var revert = Assert.IsType<ExecutionRevertedException>(error);
        Assert.Equal("nope", Assert.IsType<RevertReason.Error>(revert.Reason).Message);
        Assert.Equal(Bytecode.ErrorString("nope"), revert.RevertData.ToArray());
        Assert.Equal("eth_call on http://node reverted: nope", revert.Message);
        Assert.Equal(3, revert.Code);
    }

    [Fact]
    public void Create_reads_revert_data_nested_in_an_object_when_a_node_wraps_it()
    {
        using var data = JsonDocument.Parse($"{{\"data\":\"{Hex.Encode(Bytecode.Panic(0x12))}\"}}");

        var error = JsonRpcException.Create("eth_estimateGas", "http://node", -32000, "execution reverted", data.RootElement.Clone());

        var panic = Assert.IsType<RevertReason.Panic>(Assert.IsType<ExecutionRevertedException>(error).Reason);
        Assert.Equal(0x12, panic.Code);
    }

    [Fact]
    public void Create_returns_ExecutionReverted_without_data_when_the_node_sent_none()
    {
        var error = JsonRpcException.Create("eth_call", "http://node", 3, "execution reverted", null);
        var revert = Assert.IsType<ExecutionRevertedException>(error);
        Assert.IsType<RevertReason.Empty>(revert.Reason);
        Assert.True(revert.RevertData.IsEmpty);
        Assert.Null(revert.Selector);
    }

    [Fact]
    public void Create_returns_a_plain_JsonRpcException_when_the_error_is_not_a_revert()
    {
        var error = JsonRpcException.Create("eth_sendRawTransaction", "http://node", -32000, "nonce too low", null);
        Assert.IsNotType<ExecutionRevertedException>(error);
        Assert.Equal("eth_sendRawTransaction on http://node returned JSON-RPC error -32000: nonce too low", error.Message);
        Assert.Equal("nonce too low", error.RpcMessage);
    }
}
