namespace Interop.Bridge.Retry;

/// <summary>
/// Exponential backoff with jitter and a cap: attempt 1 waits about <see cref="InitialDelay"/>, each further attempt
/// <see cref="Multiplier"/> times longer, never more than <see cref="MaxDelay"/>. Pure: the same attempt and the same
/// random sequence give the same delay, so a seeded <see cref="Random"/> makes it deterministic in tests.
/// </summary>
public sealed record RetrySchedule
{
    /// <summary>The delay before the first retry (before jitter).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Growth factor per attempt (at least 1).</summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>No delay is ever longer than this, jitter included.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Spread around the exponential delay as a fraction (0.2 = ±20 %). Jitter keeps many actors that failed together
    /// (one RPC endpoint down) from retrying in lock step.
    /// </summary>
    public double JitterFraction { get; init; } = 0.2;

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based), jittered by <see cref="Random.Shared"/>.</summary>
    public TimeSpan Delay(int attempt) => Delay(attempt, Random.Shared);

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based), jittered by <paramref name="random"/>.</summary>
    public TimeSpan Delay(int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        Validate();
        var cap = MaxDelay.TotalMilliseconds;
        // In double and clamped before any conversion: attempt 2000 must not overflow into a negative or infinite delay.
        var exponential = Math.Min(cap, InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, attempt - 1));
        var jitter = JitterFraction == 0 ? 1.0 : 1.0 - JitterFraction + 2 * JitterFraction * random.NextDouble();
        var milliseconds = Math.Clamp(exponential * jitter, 0, cap);
        return TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (InitialDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(InitialDelay), InitialDelay, "must not be negative");
        if (MaxDelay < InitialDelay) throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, $"must be at least {nameof(InitialDelay)} ({InitialDelay})");
        if (!(Multiplier >= 1.0) || double.IsInfinity(Multiplier)) throw new ArgumentOutOfRangeException(nameof(Multiplier), Multiplier, "must be a finite number >= 1");
        if (!(JitterFraction is >= 0.0 and <= 1.0)) throw new ArgumentOutOfRangeException(nameof(JitterFraction), JitterFraction, "must be between 0 and 1");
    }
}
