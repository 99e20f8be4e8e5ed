using System.Text.Json;
using RevertDecoder = Interop.Ethereum.Rpc.Errors.RevertData;

namespace Interop.Ethereum.Rpc.Errors;

/// <summary>
/// The EVM reverted (eth_call, eth_estimateGas, or a node that simulates eth_sendRawTransaction). Deterministic:
/// another endpoint would revert the same way, so it is never retried elsewhere.
/// </summary>
public sealed class ExecutionRevertedException : JsonRpcException
{
    public ExecutionRevertedException(string method, string endpoint, int code, string rpcMessage, JsonElement? data, byte[] revertData)
        : this(method, endpoint, code, rpcMessage, data, revertData, RevertDecoder.Describe(revertData))
    {
    }

    private ExecutionRevertedException(string method, string endpoint, int code, string rpcMessage, JsonElement? data, byte[] revertData, string reason)
        : base(method, endpoint, code, rpcMessage, data, $"{method} on {endpoint} reverted: {reason}")
    {
        _revertData = revertData.ToArray();
        Reason = reason;
    }

    private readonly byte[] _revertData;

    /// <summary>The raw revert data from error.data (empty when the node sent none); the ABI codec decodes custom errors from it.</summary>
    public ReadOnlyMemory<byte> RevertData => _revertData;

    /// <summary>
    /// A readable reason: the message of Error(string), "panic 0x11 (arithmetic overflow or underflow)" for
    /// Panic(uint256), "custom error 0x&lt;selector&gt;" for anything else, or "no revert data".
    /// </summary>
    public string Reason { get; }

    /// <summary>The first four bytes of the revert data (the error selector), or null when shorter.</summary>
    public ReadOnlyMemory<byte>? Selector => _revertData.Length >= 4 ? _revertData.AsMemory(0, 4) : (ReadOnlyMemory<byte>?)null;
}
