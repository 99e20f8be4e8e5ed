using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;
using Interop.Ethereum;
using Interop.Router.Routing;
using Interop.Router.Venues;

namespace Interop.Router.Snapshots;

/// <summary>Parallel venues from one asset to another, best price at zero size first.</summary>
public sealed record Hop(AssetKey To, Edge[] Edges);

/// <summary>What the router knows about one chain at snapshot time.</summary>
public sealed record ChainState(ulong ChainId, string Name, BigInteger GasPrice, TimeSpan BlockTime, string NativeSymbol = "ETH");

/// <summary>Delivery-time percentiles of one route (origin -> destination) of a venue kind.</summary>
public readonly record struct FillTime(double P50Seconds, double P90Seconds);

/// <summary>
/// One immutable view of every venue: tokens, edges (reserves, limits, fees), gas prices and delivery times. The
/// watcher builds a new one and swaps a single reference; quotes read whichever snapshot was current when they began,
/// without locks, and the adjacency index is built once here instead of per request.
/// </summary>
public sealed class MarketSnapshot
{
    private readonly FrozenDictionary<AssetKey, Edge[]> _outgoing;
    private readonly FrozenDictionary<AssetKey, Hop[]> _hops;
    private readonly FrozenDictionary<(ulong, string), TokenInfo> _bySymbol;
    private readonly FrozenDictionary<AssetKey, TokenInfo> _byAddress;
    private readonly FrozenDictionary<ulong, ChainState> _chains;
    private readonly FrozenDictionary<(ulong, ulong, VenueKind), FillTime> _fillTimes;
    private readonly PathCache _paths;

    public MarketSnapshot(
        IEnumerable<ChainState> chains,
        IEnumerable<TokenInfo> tokens,
        IEnumerable<Edge> edges,
        IReadOnlyDictionary<(ulong Origin, ulong Destination, VenueKind Kind), FillTime>? fillTimes = null,
        DateTimeOffset? takenAt = null,
        long version = 0)
        : this(chains, tokens, edges, fillTimes, takenAt, version, new PathCache())
    {
    }

    private MarketSnapshot(
        IEnumerable<ChainState> chains,
        IEnumerable<TokenInfo> tokens,
        IEnumerable<Edge> edges,
        IReadOnlyDictionary<(ulong Origin, ulong Destination, VenueKind Kind), FillTime>? fillTimes,
        DateTimeOffset? takenAt,
        long version,
        PathCache paths)
    {
        _paths = paths;
        Chains = [.. chains];
        Tokens = [.. tokens];
        Edges = [.. edges];
        TakenAt = takenAt ?? DateTimeOffset.UtcNow;
        Version = version;
        _chains = Chains.ToFrozenDictionary(c => c.ChainId);
        _bySymbol = Tokens.ToFrozenDictionary(t => (t.ChainId, t.Symbol.ToUpperInvariant()));
        _byAddress = Tokens.ToFrozenDictionary(t => t.Key);
        _outgoing = Edges.GroupBy(e => e.From).ToFrozenDictionary(g => g.Key, g => g.ToArray());
        _hops = Edges.GroupBy(e => e.From).ToFrozenDictionary(
            g => g.Key,
            g => g.GroupBy(e => e.To)
                .Select(h => new Hop(h.Key, [.. h.OrderByDescending(e => e.Curve.A / e.Curve.B).ThenBy(e => e.VenueId, StringComparer.Ordinal)]))
                .ToArray());
        _fillTimes = (fillTimes ?? new Dictionary<(ulong, ulong, VenueKind), FillTime>())
            .ToFrozenDictionary(kv => (kv.Key.Item1, kv.Key.Item2, kv.Key.Item3), kv => kv.Value);
    }

    /// <summary>An empty snapshot (no chain read yet).</summary>
    public static MarketSnapshot Empty { get; } = new([], [], [], takenAt: DateTimeOffset.MinValue);

    public ImmutableArray<ChainState> Chains { get; }

    public ImmutableArray<TokenInfo> Tokens { get; }

    public ImmutableArray<Edge> Edges { get; }

    public DateTimeOffset TakenAt { get; }

    /// <summary>Increases with every snapshot the watcher publishes.</summary>
    public long Version { get; }

    public ReadOnlySpan<Edge> Outgoing(AssetKey from) => _outgoing.TryGetValue(from, out var edges) ? edges : [];

    /// <summary>
    /// The edges leaving <paramref name="from"/> grouped by the asset they reach; within a group the best price at zero
    /// size (marginal output A/B) comes first. Path search walks groups so parallel venues cost one visit per asset.
    /// </summary>
    public ReadOnlySpan<Hop> Hops(AssetKey from) => _hops.TryGetValue(from, out var hops) ? hops : [];

    public ChainState? Chain(ulong chainId) => _chains.GetValueOrDefault(chainId);

    /// <summary>A token on a chain by symbol (case-insensitive) or by 0x address.</summary>
    public TokenInfo? FindToken(ulong chainId, string symbolOrAddress)
    {
        if (symbolOrAddress.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return Address.TryParse(symbolOrAddress, out var address, out _) ? _byAddress.GetValueOrDefault(new AssetKey(chainId, address)) : null;
        return _bySymbol.GetValueOrDefault((chainId, symbolOrAddress.ToUpperInvariant()));
    }

    public TokenInfo? Token(AssetKey key) => _byAddress.GetValueOrDefault(key);

    /// <summary>Observed (or configured) fill time of a venue kind on a route, if known.</summary>
    public FillTime? FillTimeOf(ulong origin, ulong destination, VenueKind kind) =>
        _fillTimes.TryGetValue((origin, destination, kind), out var t) ? t : null;

    /// <summary>A copy with other fill times (the watcher updates latencies without re-reading chains).</summary>
    /// <remarks>The copy has the same edges, so it shares the found paths (<see cref="Paths"/>).</remarks>
    public MarketSnapshot WithFillTimes(IReadOnlyDictionary<(ulong Origin, ulong Destination, VenueKind Kind), FillTime> fillTimes, long version) =>
        new(Chains, Tokens, Edges, fillTimes, TakenAt, version, _paths);

    /// <summary>
    /// <see cref="PathFinder.Find"/> over this snapshot, found once per snapshot and question: paths (and each path's
    /// composed curve and caps) do not depend on the amount, so every quote between two assets shares them until the
    /// watcher publishes new edges. At most <see cref="PathCache.MaxEntries"/> questions are kept per snapshot; past
    /// that, paths are found per call.
    /// </summary>
    public IReadOnlyList<RoutePath> Paths(AssetKey from, AssetKey to, int maxHops, int maxPaths, int maxParallel)
    {
        var key = (from, to, maxHops, maxPaths, maxParallel);
        if (_paths.Entries.TryGetValue(key, out var found)) return found;
        found = PathFinder.Find(this, from, to, maxHops, maxPaths, maxParallel).ToArray();
        if (_paths.Entries.Count < PathCache.MaxEntries) _paths.Entries.TryAdd(key, found);
        return found;
    }

    /// <summary>Found paths of one set of edges, shared by the snapshots that have them.</summary>
    private sealed class PathCache
    {
        public const int MaxEntries = 4096;
        public readonly ConcurrentDictionary<(AssetKey, AssetKey, int, int, int), RoutePath[]> Entries = new();
    }
}
