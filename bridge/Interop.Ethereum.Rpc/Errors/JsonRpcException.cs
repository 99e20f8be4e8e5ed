using System.Text.Json;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rpc.Errors;

/// <summary>The endpoint answered with a JSON-RPC error object (code, message, optional data).</summary>
public class JsonRpcException : RpcException
{
    public JsonRpcException(string method, string endpoint, int code, string rpcMessage, JsonElement? data)
        : this(method, endpoint, code, rpcMessage, data, $"{method} on {endpoint} returned JSON-RPC error {code}: {rpcMessage}")
    {
    }

    protected JsonRpcException(string method, string endpoint, int code, string rpcMessage, JsonElement? data, string message)
        : base(method, endpoint, message)
    {
        Code = code;
        RpcMessage = rpcMessage;
        ErrorData = data;
    }

    /// <summary>The JSON-RPC error code (e.g. -32601 method not found, -32602 invalid params, 3 execution reverted).</summary>
    public int Code { get; }

    /// <summary>The error message exactly as the node sent it.</summary>
    public string RpcMessage { get; }

    /// <summary>The error's "data" member, if any.</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>Standard JSON-RPC 2.0 and EIP-1474 error codes.</summary>
    public static class Codes
    {
        public const int ParseError = -32700;
        public const int InvalidRequest = -32600;
        public const int MethodNotFound = -32601;
        public const int InvalidParams = -32602;
        public const int InternalError = -32603;
        public const int InvalidInput = -32000;
        public const int ResourceNotFound = -32001;
        public const int ResourceUnavailable = -32002;
        public const int TransactionRejected = -32003;
        public const int MethodNotSupported = -32004;
        public const int LimitExceeded = -32005;

        /// <summary>Geth, anvil and most clients use 3 for "execution reverted" with the revert data in error.data.</summary>
        public const int ExecutionReverted = 3;
    }

    /// <summary>
    /// Builds the exception for a JSON-RPC error object: an <see cref="ExecutionRevertedException"/> when the node
    /// reports a revert, a plain <see cref="JsonRpcException"/> otherwise.
    /// </summary>
    public static JsonRpcException Create(string method, string endpoint, int code, string rpcMessage, JsonElement? data)
    {
        if (IsRevert(code, rpcMessage))
            return new ExecutionRevertedException(method, endpoint, code, rpcMessage, data, RevertDataOf(data));
        return new JsonRpcException(method, endpoint, code, rpcMessage, data);
    }

    // Clients disagree on the code (geth/anvil/reth: 3; some older nodes: -32000/-32015 with "execution reverted"
    // or "VM Exception ... revert" in the message), so both signals count.
    private static bool IsRevert(int code, string message) =>
        code == Codes.ExecutionReverted
        || message.StartsWith("execution reverted", StringComparison.OrdinalIgnoreCase)
        || message.Contains("VM Exception while processing transaction: revert", StringComparison.OrdinalIgnoreCase);

    // error.data is usually the hex string itself; some nodes nest it as {"data": "0x..."} or {"result": "0x..."}.
    private static byte[] RevertDataOf(JsonElement? data)
    {
        if (data is not { } d) return [];
        if (d.ValueKind == JsonValueKind.String && Hex.IsHex(d.GetString()))
            return Hex.Decode(d.GetString()!);
        if (d.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "data", "result" })
                if (d.TryGetProperty(name, out var inner) && inner.ValueKind == JsonValueKind.String && Hex.IsHex(inner.GetString()))
                    return Hex.Decode(inner.GetString()!);
        }
        return [];
    }
}
