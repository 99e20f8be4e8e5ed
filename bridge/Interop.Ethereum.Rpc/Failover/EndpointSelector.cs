namespace Interop.Ethereum.Rpc.Failover;

/// <summary>
/// The failover state machine, without I/O or clocks (callers pass <c>now</c>): which endpoints are healthy, cooling
/// down after failures, or stalled behind the others, and in which order a call should try them. Not thread-safe;
/// the owner serialises access.
/// </summary>
/// <remarks>
/// Healthy → CoolingDown on a failure (cooldown doubles per consecutive failure, capped); CoolingDown → Healthy
/// when the cooldown ends (one more failure puts it straight back, for longer) and failures reset on a success.
/// Stalled is derived from reported heads: more than <see cref="FailoverOptions.MaxBlockLag"/> blocks behind the
/// best head, or behind it without advancing for <see cref="FailoverOptions.StallTimeout"/>; it clears on catching up.
/// </remarks>
public sealed class EndpointSelector
{
    private readonly FailoverOptions _options;
    private readonly Entry[] _entries;

    public EndpointSelector(IReadOnlyList<string> endpoints, FailoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        if (endpoints.Count == 0) throw new ArgumentException("at least one endpoint is required", nameof(endpoints));
        options.Validate();
        _options = options;
        _entries = endpoints.Select(name => new Entry(name)).ToArray();
    }

    public int Count => _entries.Length;

    /// <summary>
    /// The order in which a call tries the endpoints: healthy ones in configured order, then stalled ones, then those
    /// cooling down (soonest recovery first). Everything is included so a call still has a chance when all are unwell.
    /// </summary>
    public IReadOnlyList<int> Plan(DateTimeOffset now)
    {
        var states = Enumerable.Range(0, _entries.Length).Select(i => StateOf(i, now)).ToArray();
        return Enumerable.Range(0, _entries.Length)
            .OrderBy(i => states[i] switch { EndpointState.Healthy => 0, EndpointState.Stalled => 1, _ => 2 })
            .ThenBy(i => states[i] == EndpointState.CoolingDown ? _entries[i].CooldownUntil : DateTimeOffset.MinValue)
            .ThenBy(i => i)
            .ToArray();
    }

    /// <summary>The endpoint a call would use first.</summary>
    public int Preferred(DateTimeOffset now) => Plan(now)[0];

    /// <summary>The endpoint answered (a result, or a JSON-RPC error, which proves it is up).</summary>
    public void ReportSuccess(int endpoint)
    {
        var e = _entries[endpoint];
        e.Successes++;
        e.ConsecutiveFailures = 0;
        // A success during cooldown (a last-resort attempt) proves it is back; no reason to keep avoiding it.
        e.CooldownUntil = null;
    }

    /// <summary>The endpoint failed (transport error, 5xx/429, rate limit): start or extend its cooldown.</summary>
    public void ReportFailure(int endpoint, DateTimeOffset now, string error)
    {
        var e = _entries[endpoint];
        e.Failures++;
        e.ConsecutiveFailures++;
        e.LastError = error;
        e.CooldownUntil = now + CooldownFor(e.ConsecutiveFailures);
    }

    /// <summary>The cooldown after <paramref name="consecutiveFailures"/> failures in a row: base × 2^(n-1), capped.</summary>
    public TimeSpan CooldownFor(int consecutiveFailures)
    {
        if (consecutiveFailures <= 0) return TimeSpan.Zero;
        var exponent = Math.Min(consecutiveFailures - 1, 30);
        var ticks = Math.Min((double)_options.Cooldown.Ticks * Math.Pow(2, exponent), _options.MaxCooldown.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>An eth_blockNumber answer from <paramref name="endpoint"/>.</summary>
    public void ReportHead(int endpoint, ulong head, DateTimeOffset now)
    {
        var reporter = _entries[endpoint];
        var advanced = reporter.Head is not { } previous || head > previous;
        reporter.Head = head;
        var best = BestHead();
        foreach (var e in _entries)
        {
            if (e.Head is not { } h) continue;
            if (h >= best) e.BehindSince = null;
            // The clock starts when an endpoint is first seen behind, and restarts whenever it advances: only one
            // that is behind *and* standing still for StallTimeout counts as stalled.
            else if (e.BehindSince is null || (ReferenceEquals(e, reporter) && advanced)) e.BehindSince = now;
        }
    }

    public EndpointState StateOf(int endpoint, DateTimeOffset now)
    {
        var e = _entries[endpoint];
        if (e.CooldownUntil is { } until && now < until) return EndpointState.CoolingDown;
        return IsStalled(e, now) ? EndpointState.Stalled : EndpointState.Healthy;
    }

    /// <summary>Every endpoint's state and counters, for metrics.</summary>
    public IReadOnlyList<EndpointHealth> Snapshot(DateTimeOffset now)
    {
        var best = BestHead();
        return _entries.Select((e, i) => new EndpointHealth
        {
            Index = i,
            Endpoint = e.Name,
            State = StateOf(i, now),
            ConsecutiveFailures = e.ConsecutiveFailures,
            CooldownUntil = e.CooldownUntil is { } until && now < until ? until : null,
            Head = e.Head,
            BlocksBehind = e.Head is { } h && best > h ? best - h : 0,
            Successes = e.Successes,
            Failures = e.Failures,
            LastError = e.LastError,
        }).ToArray();
    }

    private bool IsStalled(Entry e, DateTimeOffset now)
    {
        if (e.Head is not { } head) return false;
        var best = BestHead();
        if (best - head > _options.MaxBlockLag) return true;
        return e.BehindSince is { } since && now - since >= _options.StallTimeout;
    }

    private ulong BestHead()
    {
        ulong best = 0;
        foreach (var e in _entries)
            if (e.Head is { } h && h > best) best = h;
        return best;
    }

    private sealed class Entry(string name)
    {
        public string Name { get; } = name;
        public int ConsecutiveFailures { get; set; }
        public DateTimeOffset? CooldownUntil { get; set; }
        public ulong? Head { get; set; }
        public DateTimeOffset? BehindSince { get; set; }
        public long Successes { get; set; }
        public long Failures { get; set; }
        public string? LastError { get; set; }
    }
}
