namespace Interop.Ethereum.Rpc.Errors;

/// <summary>Base of every error raised by the JSON-RPC client; names the method and the (redacted) endpoint.</summary>
public abstract class RpcException : Exception
{
    protected RpcException(string method, string endpoint, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method;
        Endpoint = endpoint;
    }

    /// <summary>The JSON-RPC method, e.g. "eth_call" ("batch" for a batch request).</summary>
    public string Method { get; }

    /// <summary>The endpoint that produced the error, with credentials and query strings redacted.</summary>
    public string Endpoint { get; }
}
