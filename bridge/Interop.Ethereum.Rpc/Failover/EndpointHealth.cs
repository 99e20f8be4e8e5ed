namespace Interop.Ethereum.Rpc.Failover;

/// <summary>Whether an endpoint is in rotation.</summary>
public enum EndpointState
{
    /// <summary>In rotation; used in configured order.</summary>
    Healthy,

    /// <summary>Answers, but its head is behind the others (lagging or not advancing): used only when no healthy endpoint is left.</summary>
    Stalled,

    /// <summary>Failed recently; rests until <see cref="EndpointHealth.CooldownUntil"/>, tried before that only as a last resort.</summary>
    CoolingDown,
}

/// <summary>A point-in-time view of one endpoint, for metrics and the admin API.</summary>
public sealed record EndpointHealth
{
    /// <summary>Position in the configured order (0 is preferred).</summary>
    public required int Index { get; init; }

    /// <summary>The redacted endpoint name.</summary>
    public required string Endpoint { get; init; }

    public required EndpointState State { get; init; }
    public required int ConsecutiveFailures { get; init; }
    public DateTimeOffset? CooldownUntil { get; init; }

    /// <summary>Last eth_blockNumber seen from this endpoint, if probed.</summary>
    public ulong? Head { get; init; }

    /// <summary>How far behind the best known head this endpoint is (0 when level or unknown).</summary>
    public ulong BlocksBehind { get; init; }

    public required long Successes { get; init; }
    public required long Failures { get; init; }

    /// <summary>The last failure's message (credentials already redacted).</summary>
    public string? LastError { get; init; }
}
