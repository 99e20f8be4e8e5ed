using Interop.Ethereum.Rpc.Errors;

namespace Interop.Relayers.TxSending.Chain;

/// <summary>How the node answered eth_sendRawTransaction.</summary>
public enum BroadcastOutcome
{
    /// <summary>The node took the transaction into its pool.</summary>
    Accepted,

    /// <summary>
    /// The node already has it, or its nonce is used ("already known", "nonce too low"): after a timeout or a restart
    /// this usually means an earlier send got through. Receipts decide.
    /// </summary>
    MaybeSent,

    /// <summary>The node refused it (underpriced, insufficient funds, ...); it is not in that node's pool.</summary>
    Rejected,

    /// <summary>No answer (timeout, connection failure): it may or may not have arrived; send again later.</summary>
    Unreachable,
}

/// <summary>The outcome of one broadcast with the node's words.</summary>
public sealed record BroadcastResult(BroadcastOutcome Outcome, string? Detail = null)
{
    public static readonly BroadcastResult Accepted = new(BroadcastOutcome.Accepted);

    // Substrings of the messages geth, erigon, nethermind, reth and anvil use for a transaction the pool already holds or
    // a nonce already used. Matched case-insensitively: clients differ in capitalisation.
    private static readonly string[] MaybeSentMessages =
    [
        "already known", "known transaction", "alreadyknown", "already imported", "already exists", "already in the mempool",
        "nonce too low", "nonce is too low", "oldnonce", "transaction with the same hash was already",
    ];

    /// <summary>Classifies an error of eth_sendRawTransaction. Pure.</summary>
    public static BroadcastResult FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            RpcTransportException transport => new(BroadcastOutcome.Unreachable, transport.Message),
            JsonRpcException rpc when MaybeSentMessages.Any(m => rpc.RpcMessage.Contains(m, StringComparison.OrdinalIgnoreCase)) =>
                new(BroadcastOutcome.MaybeSent, rpc.RpcMessage),
            JsonRpcException rpc => new(BroadcastOutcome.Rejected, rpc.RpcMessage),
            OperationCanceledException or TimeoutException => new(BroadcastOutcome.Unreachable, exception.Message),
            _ => throw new ArgumentException($"not a broadcast error: {exception.GetType().Name}", nameof(exception), exception),
        };
    }
}
