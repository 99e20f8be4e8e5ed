namespace Interop.Ethereum.Rpc.Failover;

/// <summary>When an endpoint is taken out of rotation and when it is tried again.</summary>
public sealed record FailoverOptions
{
    /// <summary>How long a failed endpoint rests before it is preferred again; doubles with each consecutive failure.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the doubling cooldown.</summary>
    public TimeSpan MaxCooldown { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>An endpoint whose head is more than this many blocks behind the best endpoint's is stalled at once.</summary>
    public ulong MaxBlockLag { get; init; } = 5;

    /// <summary>An endpoint that is behind another and has not advanced for this long is stalled.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often every endpoint's eth_blockNumber is polled to detect stalls; null turns polling off.</summary>
    public TimeSpan? HeadCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one head probe (shorter than a request's, so a hung endpoint is found quickly).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Cooldown <= TimeSpan.Zero) throw new ArgumentException($"{nameof(Cooldown)} must be positive, got {Cooldown}");
        if (MaxCooldown < Cooldown) throw new ArgumentException($"{nameof(MaxCooldown)} ({MaxCooldown}) must be at least {nameof(Cooldown)} ({Cooldown})");
        if (StallTimeout <= TimeSpan.Zero) throw new ArgumentException($"{nameof(StallTimeout)} must be positive, got {StallTimeout}");
        if (HeadCheckInterval is { } interval && interval <= TimeSpan.Zero)
            throw new ArgumentException($"{nameof(HeadCheckInterval)} must be positive or null (off), got {interval}");
        if (ProbeTimeout <= TimeSpan.Zero) throw new ArgumentException($"{nameof(ProbeTimeout)} must be positive, got {ProbeTimeout}");
    }
}
