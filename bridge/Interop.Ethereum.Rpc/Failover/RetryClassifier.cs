using Interop.Ethereum.Rpc.Errors;
using Codes = Interop.Ethereum.Rpc.Errors.JsonRpcException.Codes;

namespace Interop.Ethereum.Rpc.Failover;

/// <summary>What a failover client does after an error from one endpoint.</summary>
public enum RetryDecision
{
    /// <summary>The answer is deterministic (a revert, invalid params, a rejected transaction): every endpoint would give it, so surface it.</summary>
    Fail,

    /// <summary>The endpoint is fine but this answer is its own (a method it lacks, a block it does not have yet): ask the next one.</summary>
    TryNextEndpoint,

    /// <summary>The endpoint is down, overloaded or broken: put it in cooldown and ask the next one.</summary>
    MarkFailedAndTryNext,
}

/// <summary>The pure rule deciding whether an RPC error is worth another endpoint.</summary>
public static class RetryClassifier
{
    /// <summary>Classifies any error the transports raise.</summary>
    public static RetryDecision Classify(RpcException error) => error switch
    {
        ExecutionRevertedException => RetryDecision.Fail,
        JsonRpcException rpc => ClassifyJsonRpc(rpc.Code, rpc.RpcMessage),
        RpcTransportException transport => ClassifyTransport(transport.Failure, transport.HttpStatus),
        // A result of the wrong shape came from a node that answered; resending cannot be assumed to help.
        _ => RetryDecision.Fail,
    };

    /// <summary>Transport failures always move on; only a few HTTP statuses leave the endpoint's health alone.</summary>
    public static RetryDecision ClassifyTransport(RpcTransportFailure failure, int? httpStatus) => failure switch
    {
        RpcTransportFailure.HttpError when httpStatus is 400 or 413 =>
            // The endpoint disliked this request (size, batch limits); another may take it, and this one is healthy.
            RetryDecision.TryNextEndpoint,
        _ => RetryDecision.MarkFailedAndTryNext,
    };

    /// <summary>
    /// JSON-RPC errors are answers; only those that depend on the endpoint (capability, rate limit, sync state) move
    /// on. Unknown codes fail, so nothing with side effects is repeated on a hunch.
    /// </summary>
    public static RetryDecision ClassifyJsonRpc(int code, string message)
    {
        switch (code)
        {
            case Codes.ExecutionReverted:
            case Codes.ParseError:
            case Codes.InvalidRequest:
            case Codes.InvalidParams:
            case Codes.TransactionRejected:
                return RetryDecision.Fail;
            case Codes.LimitExceeded:
                return RetryDecision.MarkFailedAndTryNext;
            case Codes.MethodNotFound:
            case Codes.MethodNotSupported:
            case Codes.InternalError:
            case Codes.ResourceNotFound:
            case Codes.ResourceUnavailable:
                return RetryDecision.TryNextEndpoint;
        }
        // -32000 and other server-defined codes carry the reason only in the message.
        if (ContainsAny(message, "execution reverted", "revert")) return RetryDecision.Fail;
        if (ContainsAny(message, "rate limit", "too many requests", "request limit", "capacity exceeded", "exceeded the quota", "daily request count"))
            return RetryDecision.MarkFailedAndTryNext;
        if (ContainsAny(message, "header not found", "unknown block", "block not found", "missing trie node", "state not available",
                "historical state", "pruned", "not synced", "syncing", "timeout", "timed out"))
            return RetryDecision.TryNextEndpoint;
        return RetryDecision.Fail;
    }

    private static bool ContainsAny(string text, params ReadOnlySpan<string> needles)
    {
        foreach (var needle in needles)
            if (text.Contains(needle, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
