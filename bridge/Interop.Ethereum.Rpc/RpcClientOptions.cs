using Interop.Ethereum.Rpc.Failover;

namespace Interop.Ethereum.Rpc;

/// <summary>Settings of an <see cref="RpcClient"/> built from endpoint URLs.</summary>
public sealed record RpcClientOptions
{
    /// <summary>Limit for one request to one endpoint; a call that fails over may take up to this per endpoint tried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Cooldown and stall detection across endpoints.</summary>
    public FailoverOptions Failover { get; init; } = new();

    /// <summary>Concurrent connections per endpoint host.</summary>
    public int MaxConnectionsPerEndpoint { get; init; } = 64;

    /// <summary>Connections are recycled after this long so a provider's DNS changes are followed.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(5);
}
