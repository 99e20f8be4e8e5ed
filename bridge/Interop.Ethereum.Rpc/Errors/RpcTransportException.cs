namespace Interop.Ethereum.Rpc.Errors;

/// <summary>What went wrong below JSON-RPC: the request never got a usable answer from the endpoint.</summary>
public enum RpcTransportFailure
{
    /// <summary>Connecting failed, or the connection broke before a full response arrived.</summary>
    ConnectionFailed,

    /// <summary>No complete response within the per-request timeout.</summary>
    Timeout,

    /// <summary>A non-success HTTP status without a JSON-RPC answer in the body (see <see cref="RpcTransportException.HttpStatus"/>).</summary>
    HttpError,

    /// <summary>The body was not a JSON-RPC 2.0 response (not JSON, wrong shape, or an answer to another id).</summary>
    InvalidResponse,
}

/// <summary>The endpoint could not be reached or did not answer with JSON-RPC; another endpoint may succeed.</summary>
public class RpcTransportException : RpcException
{
    public RpcTransportException(string method, string endpoint, RpcTransportFailure failure, string detail,
        int? httpStatus = null, Exception? innerException = null)
        : base(method, endpoint, $"{method} on {endpoint} failed: {detail}", innerException)
    {
        Failure = failure;
        HttpStatus = httpStatus;
    }

    /// <summary>The kind of failure.</summary>
    public RpcTransportFailure Failure { get; }

    /// <summary>The HTTP status when <see cref="Failure"/> is <see cref="RpcTransportFailure.HttpError"/>.</summary>
    public int? HttpStatus { get; }
}

/// <summary>Every endpoint of a failover client failed for one call; <see cref="Failures"/> holds each attempt's error.</summary>
public sealed class RpcEndpointsUnavailableException : RpcTransportException
{
    public RpcEndpointsUnavailableException(string method, IReadOnlyList<RpcException> failures)
        : base(method, string.Join(", ", failures.Select(f => f.Endpoint).Distinct()), Last(failures).Failure,
            $"no endpoint answered ({failures.Count} attempt(s)): " + string.Join("; ", failures.Select(f => f.Message)),
            Last(failures).HttpStatus, new AggregateException(failures))
    {
        Failures = failures;
    }

    /// <summary>The error of each attempt, in the order the endpoints were tried.</summary>
    public IReadOnlyList<RpcException> Failures { get; }

    private static RpcTransportException Last(IReadOnlyList<RpcException> failures) =>
        failures.OfType<RpcTransportException>().LastOrDefault()
        ?? throw new ArgumentException("at least one transport failure is required", nameof(failures));
}
