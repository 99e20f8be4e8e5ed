namespace Interop.Ethereum.Rpc.Errors;

/// <summary>The endpoint answered, but the result does not have the shape the method's specification gives.</summary>
public sealed class RpcResponseFormatException : RpcException
{
    public RpcResponseFormatException(string method, string endpoint, string detail, Exception? innerException = null)
        : base(method, endpoint, $"{method} on {endpoint} returned an unexpected result: {detail}", innerException)
    {
    }
}
