using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Interop.Gateway;

/// <summary>
/// Serves a request in-process when the load balancer picked this node's own API (<c>http://self/</c>) and that API
/// runs in this process (<see cref="LocalApi"/>), instead of forwarding it over loopback HTTP. Only for routes without
/// transforms and for the self destination at its root, where forwarding would deliver the request unchanged; anything
/// else, and a node API that is not started, is forwarded as usual.
/// </summary>
internal sealed class LocalDispatchMiddleware(RequestDelegate next, SelfAddress self)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (self.Local is not { IsAvailable: true } local) return next(context);
        var proxy = context.GetReverseProxyFeature();
        if (proxy.AvailableDestinations is not [var destination]
            || destination.Model.Config.Metadata?.TryGetValue(SelfAddress.MetadataKey, out var basePath) != true || basePath != "/"
            || proxy.Route.Config.Transforms is { Count: > 0 })
            return next(context);
        proxy.ProxiedDestination = destination;
        return local.DispatchAsync(context);
    }
}
