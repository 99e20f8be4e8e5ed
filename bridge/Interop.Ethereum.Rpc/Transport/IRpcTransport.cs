namespace Interop.Ethereum.Rpc.Transport;

/// <summary>Sends JSON-RPC 2.0 requests somewhere (one HTTP endpoint, or several with failover).</summary>
public interface IRpcTransport : IDisposable
{
    /// <summary>A printable name for logs and errors; never contains credentials.</summary>
    string Endpoint { get; }

    /// <summary>
    /// Sends one request and returns its result. Throws <see cref="Errors.JsonRpcException"/> (or
    /// <see cref="Errors.ExecutionRevertedException"/>) when the node answers with an error, and
    /// <see cref="Errors.RpcTransportException"/> when no usable answer arrives; cancellation throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<RpcResponse> SendAsync(RpcRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the requests as one JSON-RPC batch. Returns one outcome per request in request order (responses are
    /// matched by id, whatever order the node sends them in); a JSON-RPC error fails only its own item. Throws
    /// like <see cref="SendAsync"/> when the batch as a whole gets no usable answer.
    /// </summary>
    Task<IReadOnlyList<RpcResult<RpcResponse>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default);
}
