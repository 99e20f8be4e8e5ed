using Interop.Ethereum.Rpc.Errors;

namespace Interop.Ethereum.Rpc;

/// <summary>The answers to one batch, looked up by the request objects that were sent (each item may fail on its own).</summary>
public sealed class RpcBatchResults
{
    private readonly IReadOnlyList<RpcRequest> _requests;
    private readonly IReadOnlyList<RpcResult<RpcResponse>> _responses;

    internal RpcBatchResults(IReadOnlyList<RpcRequest> requests, IReadOnlyList<RpcResult<RpcResponse>> responses)
    {
        if (requests.Count != responses.Count)
            throw new ArgumentException($"{responses.Count} responses for {requests.Count} requests");
        _requests = requests;
        _responses = responses;
    }

    public int Count => _requests.Count;

    /// <summary>The result of <paramref name="request"/> (which must be one of the batch's request objects), parsed.</summary>
    public RpcResult<T> Get<T>(RpcRequest<T> request)
    {
        for (var i = 0; i < _requests.Count; i++)
            if (ReferenceEquals(_requests[i], request)) return Get<T>(i);
        throw new ArgumentException($"the {request.Method} request is not part of this batch", nameof(request));
    }

    /// <summary>The result of the item at <paramref name="index"/> (request order), parsed.</summary>
    public RpcResult<T> Get<T>(int index)
    {
        if (_requests[index] is not RpcRequest<T> typed)
            throw new InvalidOperationException($"item {index} ({_requests[index].Method}) is not a request for {typeof(T).Name}");
        var response = _responses[index];
        if (!response.IsSuccess) return RpcResult<T>.Failure(response.Error!);
        try
        {
            return RpcResult<T>.Success(typed.ParseResult(response.Value));
        }
        catch (RpcResponseFormatException e)
        {
            return RpcResult<T>.Failure(e);
        }
    }

    /// <summary>The unparsed outcome of the item at <paramref name="index"/>.</summary>
    public RpcResult<RpcResponse> GetRaw(int index) => _responses[index];
}
