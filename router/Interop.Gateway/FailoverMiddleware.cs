using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Interop.Gateway;

/// <summary>
/// Sends a request that could not reach its destination to the next one before the client sees an error: health checks
/// take a probe interval to notice a dead endpoint, this closes that window. Retried: JSON-RPC requests (reads are safe and
/// a re-sent signed transaction has the same hash), GET/HEAD, and any request whose connection was refused (it never
/// reached the backend). Runs before load balancing, narrowing the candidates on each attempt.
/// </summary>
internal sealed partial class FailoverMiddleware(RequestDelegate next, GatewayOptions options, ILogger<FailoverMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var isRpc = proxy.Cluster.Config.Metadata?.ContainsKey(GatewayRpcRoutes.RpcMetadataKey) == true;
        var maxRetries = isRpc ? options.RpcRetries : Math.Min(options.RpcRetries, 1);
        if (maxRetries == 0 || proxy.AllDestinations.Count < 2)
        {
            await next(context).ConfigureAwait(false);
            await ExplainFailureAsync(context, proxy).ConfigureAwait(false);
            return;
        }

        context.Request.EnableBuffering();
        var tried = new HashSet<DestinationState>();
        var healthy = proxy.AvailableDestinations;
        for (var attempt = 0; ; attempt++)
        {
            // Healthy ones first; when health checks have not caught up with a failure, untried unhealthy ones too.
            var candidates = healthy.Where(d => !tried.Contains(d)).ToList();
            if (candidates.Count == 0) candidates = proxy.AllDestinations.Where(d => !tried.Contains(d)).ToList();
            proxy.AvailableDestinations = candidates;
            context.Request.Body.Position = 0;
            await next(context).ConfigureAwait(false);

            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || context.Response.HasStarted) return;
            if (attempt >= maxRetries || proxy.ProxiedDestination is null || !IsRetryable(context, error, isRpc)
                || tried.Add(proxy.ProxiedDestination) && tried.Count >= proxy.AllDestinations.Count)
            {
                await ExplainFailureAsync(context, proxy).ConfigureAwait(false);
                return;
            }
            LogFailover(logger, proxy.Cluster.Config.ClusterId, proxy.ProxiedDestination.DestinationId, error.Error, error.Exception?.Message);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    // YARP answers a failed forward with a bare 502/503/504: say what failed, as problem+json, when nothing was sent yet.
    private static async Task ExplainFailureAsync(HttpContext context, IReverseProxyFeature proxy)
    {
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted) return;
        var status = context.Response.StatusCode is >= 500 and <= 599 ? context.Response.StatusCode : StatusCodes.Status502BadGateway;
        var cluster = proxy.Cluster.Config.ClusterId;
        var detail = error.Error == ForwarderError.NoAvailableDestinations
            ? $"no healthy destination in cluster '{cluster}'"
            : $"cluster '{cluster}': {proxy.ProxiedDestination?.DestinationId ?? "no destination"} failed ({error.Error}: {error.Exception?.Message ?? "no detail"})";
        await Problems.Write(context, status, "Upstream unavailable", detail).ConfigureAwait(false);
    }

    private static bool IsRetryable(HttpContext context, IForwarderErrorFeature error, bool isRpc)
    {
        if (error.Error is not (ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.NoAvailableDestinations)) return false;
        if (isRpc || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) return true;
        for (var e = error.Exception; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway: {Cluster}/{Destination} failed ({Error}: {Reason}); trying the next destination")]
    private static partial void LogFailover(ILogger logger, string cluster, string destination, ForwarderError error, string? reason);
}
