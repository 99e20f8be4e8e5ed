using System.Text.Json;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Failover;

namespace Interop.Ethereum.Rpc.Tests.Failover;

public sealed class RetryClassifierTests
{
    [Theory]
    [InlineData(RpcTransportFailure.ConnectionFailed, null, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.Timeout, null, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.InvalidResponse, null, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.HttpError, 500, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.HttpError, 502, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.HttpError, 503, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.HttpError, 429, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.HttpError, 401, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.HttpError, 404, RetryDecision.MarkFailedAndTryNext)]
    [InlineData(RpcTransportFailure.HttpError, 400, RetryDecision.TryNextEndpoint)]
    [InlineData(RpcTransportFailure.HttpError, 413, RetryDecision.TryNextEndpoint)]
    public void Transport_failures_move_to_the_next_endpoint(RpcTransportFailure failure, int? status, RetryDecision expected)
    {
        Assert.Equal(expected, RetryClassifier.ClassifyTransport(failure, status));
        Assert.Equal(expected, RetryClassifier.Classify(new RpcTransportException("eth_call", "http://x", failure, "detail", status)));
    }

    [Theory]
    [InlineData(3, "execution reverted: nope", RetryDecision.Fail)]
    [InlineData(-32700, "parse error", RetryDecision.Fail)]
    [InlineData(-32600, "invalid request", RetryDecision.Fail)]
    [InlineData(-32602, "invalid params", RetryDecision.Fail)]
    [InlineData(-32003, "transaction rejected", RetryDecision.Fail)]
    [InlineData(-32000, "nonce too low", RetryDecision.Fail)]
    [InlineData(-32000, "insufficient funds for gas * price + value", RetryDecision.Fail)]
    [InlineData(-32000, "already known", RetryDecision.Fail)]
    [InlineData(-32000, "replacement transaction underpriced", RetryDecision.Fail)]
    [InlineData(-32000, "gas required exceeds allowance (30000000)", RetryDecision.Fail)]
    [InlineData(-32015, "VM Exception while processing transaction: revert", RetryDecision.Fail)]
    [InlineData(12345, "something vendor specific", RetryDecision.Fail)]
    [InlineData(-32601, "the method eth_foo does not exist", RetryDecision.TryNextEndpoint)]
    [InlineData(-32004, "method not supported", RetryDecision.TryNextEndpoint)]
    [InlineData(-32603, "internal error", RetryDecision.TryNextEndpoint)]
    [InlineData(-32001, "resource not found", RetryDecision.TryNextEndpoint)]
    [InlineData(-32002, "resource unavailable", RetryDecision.TryNextEndpoint)]
    [InlineData(-32000, "header not found", RetryDecision.TryNextEndpoint)]
    [InlineData(-32000, "missing trie node 1234 (path )", RetryDecision.TryNextEndpoint)]
    [InlineData(-32000, "execution aborted (timeout = 5s)", RetryDecision.TryNextEndpoint)]
    [InlineData(-32005, "limit exceeded", RetryDecision.MarkFailedAndTryNext)]
    [InlineData(-32000, "Too Many Requests", RetryDecision.MarkFailedAndTryNext)]
    [InlineData(-32000, "daily request count exceeded, request rate limited", RetryDecision.MarkFailedAndTryNext)]
    public void JsonRpc_errors_are_retried_elsewhere_only_when_they_depend_on_the_endpoint(int code, string message, RetryDecision expected)
    {
        Assert.Equal(expected, RetryClassifier.ClassifyJsonRpc(code, message));
        Assert.Equal(expected, RetryClassifier.Classify(JsonRpcException.Create("eth_call", "http://x", code, message, null)));
    }

    [Fact]
    public void Revert_is_never_retried_whatever_code_the_node_used()
    {
        using var data = JsonDocument.Parse("\"0x08c379a0\"");
        var revert = JsonRpcException.Create("eth_call", "http://x", -32603, "execution reverted", data.RootElement.Clone());
        Assert.IsType<ExecutionRevertedException>(revert);
        Assert.Equal(RetryDecision.Fail, RetryClassifier.Classify(revert));
    }

    [Fact]
    public void Malformed_result_is_not_retried()
    {
        Assert.Equal(RetryDecision.Fail, RetryClassifier.Classify(new RpcResponseFormatException("eth_chainId", "http://x", "not a quantity")));
    }
}
