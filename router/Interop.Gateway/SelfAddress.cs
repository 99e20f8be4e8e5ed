using Yarp.ReverseProxy.Configuration;

namespace Interop.Gateway;

/// <summary>
/// Where this node's own API listens, for destinations configured as <c>http://self/</c> in "ReverseProxy" (the API may
/// listen on a port chosen at start, so appsettings.json cannot name it).
/// </summary>
public sealed class SelfAddress(Func<Uri?> resolve, LocalApi? local = null)
{
    public const string Host = "self";

    /// <summary>Destination metadata marking a destination resolved from <c>http://self/</c>.</summary>
    internal const string MetadataKey = "Interop.Self";

    /// <summary>The node's API application when it runs in this process (requests to it skip the loopback hop), else null.</summary>
    public LocalApi? Local { get; } = local;

    /// <summary>The API's base address, or null while it is not listening.</summary>
    public Uri? Resolve() => resolve();
}

/// <summary>Replaces <c>http://self/...</c> destination addresses with the node's API address when the proxy loads its configuration.</summary>
internal sealed class SelfAddressFilter(SelfAddress self) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        if (cluster.Destinations is null) return ValueTask.FromResult(cluster);
        var changed = false;
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, destination) in cluster.Destinations)
        {
            if (Uri.TryCreate(destination.Address, UriKind.Absolute, out var uri) && string.Equals(uri.Host, SelfAddress.Host, StringComparison.OrdinalIgnoreCase))
            {
                // Without a local API (a gateway-only host) the destination stays unresolvable and fails like a dead node,
                // instead of the whole proxy configuration failing to load.
                if (self.Resolve() is { } api)
                {
                    destinations[id] = destination with
                    {
                        Address = new Uri(api, uri.PathAndQuery).ToString(),
                        Metadata = new Dictionary<string, string>(destination.Metadata ?? new Dictionary<string, string>()) { [SelfAddress.MetadataKey] = uri.PathAndQuery },
                    };
                    changed = true;
                }
                else
                {
                    destinations[id] = destination;
                }
            }
            else
            {
                destinations[id] = destination;
            }
        }
        return ValueTask.FromResult(changed ? cluster with { Destinations = destinations } : cluster);
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) => ValueTask.FromResult(route);
}
