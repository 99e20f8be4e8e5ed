using Yarp.ReverseProxy.Configuration;

namespace Interop.Gateway;

/// <summary>
/// The generated part of the proxy configuration: one route <c>/rpc/{chainId}</c> and one cluster per chain whose
/// destinations are the chain's RPC endpoints in order of preference (first healthy one wins, the rest are failover).
/// Updated at runtime (the embedded devnet's endpoints are known only after it starts).
/// </summary>
public sealed class GatewayRpcRoutes
{
    /// <summary>Cluster metadata marking JSON-RPC clusters (probed with eth_chainId, retried on another endpoint).</summary>
    public const string RpcMetadataKey = "Interop.Rpc";

    private readonly GatewayOptions _options;
    private IReadOnlyList<GatewayChain> _chains = [];

    public GatewayRpcRoutes(GatewayOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Provider = new InMemoryConfigProvider([], [], "interop-rpc-0");
    }

    internal InMemoryConfigProvider Provider { get; }

    /// <summary>The chains currently served.</summary>
    public IReadOnlyList<GatewayChain> Chains => Volatile.Read(ref _chains);

    /// <summary>Replaces the served chains.</summary>
    /// <exception cref="ArgumentException">A chain has no endpoint, a non-http(s) endpoint, or appears twice.</exception>
    public void Update(IEnumerable<GatewayChain> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var list = chains.ToList();
        var duplicate = list.GroupBy(c => c.ChainId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"chain {duplicate.Key} appears twice", nameof(chains));
        foreach (var chain in list)
        {
            if (chain.Rpc.Count == 0) throw new ArgumentException($"chain {chain.ChainId} has no RPC endpoint", nameof(chains));
            var bad = chain.Rpc.FirstOrDefault(u => !u.IsAbsoluteUri || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps));
            if (bad is not null) throw new ArgumentException($"chain {chain.ChainId}: RPC endpoint '{bad}' is not an absolute http(s) URL", nameof(chains));
        }

        var routes = list.Select(c => new RouteConfig
        {
            RouteId = $"rpc-{c.ChainId}",
            ClusterId = $"rpc-{c.ChainId}",
            Order = -1,
            Match = new RouteMatch { Path = $"/rpc/{c.ChainId}", Methods = ["POST"] },
            // Every RPC endpoint URL is the whole address (anvil and most providers serve JSON-RPC at their own path).
            Transforms = [new Dictionary<string, string> { ["PathSet"] = "/" }],
        }).ToList();
        var clusters = list.Select(c => new ClusterConfig
        {
            ClusterId = $"rpc-{c.ChainId}",
            // Destination ids sort in preference order: the first healthy endpoint takes all traffic, the others stand by.
            LoadBalancingPolicy = "FirstAlphabetical",
            Destinations = c.Rpc.Select((uri, i) => (Id: $"endpoint-{i:D2}", Uri: uri))
                .ToDictionary(d => d.Id, d => new DestinationConfig { Address = d.Uri.ToString() }),
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig { Enabled = true, Interval = _options.HealthCheckInterval, Timeout = TimeSpan.FromSeconds(2), Policy = "ConsecutiveFailures" },
                Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = _options.HealthCheckInterval * 2 },
            },
            Metadata = new Dictionary<string, string> { [RpcMetadataKey] = c.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }).ToList();
        Provider.Update(routes, clusters);
        Volatile.Write(ref _chains, list);
    }
}
