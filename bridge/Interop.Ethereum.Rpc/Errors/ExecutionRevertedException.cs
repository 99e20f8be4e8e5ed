using System.Text.Json;
using Interop.Ethereum.Abi;

namespace Interop.Ethereum.Rpc.Errors;

/// <summary>
/// The EVM reverted (eth_call, eth_estimateGas, or a node that simulates eth_sendRawTransaction). Deterministic:
/// another endpoint would revert the same way, so it is never retried elsewhere.
/// </summary>
public sealed class ExecutionRevertedException : JsonRpcException
{
    private readonly byte[] _revertData;

    public ExecutionRevertedException(string method, string endpoint, int code, string rpcMessage, JsonElement? data, byte[] revertData)
        : this(method, endpoint, code, rpcMessage, data, revertData, RevertReason.Decode(revertData))
    {
    }

    private ExecutionRevertedException(string method, string endpoint, int code, string rpcMessage, JsonElement? data, byte[] revertData, RevertReason reason)
        : base(method, endpoint, code, rpcMessage, data, $"{method} on {endpoint} {Describe(reason)}")
    {
        _revertData = revertData.ToArray();
        Reason = reason;
    }

    /// <summary>The raw revert data from error.data (empty when the node sent none).</summary>
    public ReadOnlyMemory<byte> RevertData => _revertData;

    /// <summary>
    /// The reason as far as it can be read without the contract's ABI: <see cref="RevertReason.Error"/>,
    /// <see cref="RevertReason.Panic"/>, <see cref="RevertReason.Empty"/>, or <see cref="RevertReason.Unrecognized"/>
    /// for a custom error; <see cref="Decode"/> with the ABI names custom errors and their arguments.
    /// </summary>
    public RevertReason Reason { get; }

    /// <summary>The error selector (the first four bytes of the revert data), or null when there are fewer.</summary>
    public Selector? Selector => _revertData.Length >= Abi.Selector.Size ? Abi.Selector.FromBytes(_revertData) : null;

    /// <summary>
    /// Decodes the revert data against the called contract's ABI, so its custom errors come back as
    /// <see cref="RevertReason.Custom"/> with their arguments. Never throws on malformed data (see <see cref="RevertReason"/>).
    /// </summary>
    public RevertReason Decode(ContractAbi abi)
    {
        ArgumentNullException.ThrowIfNull(abi);
        return RevertReason.Decode(_revertData, abi);
    }

    // The message reads "<method> on <endpoint> <reason>"; only a panic does not describe itself as a revert.
    private static string Describe(RevertReason reason) => reason is RevertReason.Panic ? $"reverted with {reason}" : reason.ToString();
}
