using System.Numerics;
using Interop.Router.Routing;
using Interop.Router.Snapshots;
using Interop.Router.Venues;

namespace Interop.Router.Quoting;

/// <summary>Tuning of route search and fallbacks for fill times nobody has observed yet.</summary>
public sealed record QuoteEngineOptions
{
    public int MaxHops { get; init; } = 3;
    public int MaxPaths { get; init; } = 64;
    /// <summary>Parallel venues per hop considered (best price at zero size first).</summary>
    public int MaxParallel { get; init; } = 4;
    /// <summary>Single-path routes returned besides the split.</summary>
    public int MaxRoutes { get; init; } = 3;
    /// <summary>Paths a split may use (the best by marginal output at zero).</summary>
    public int MaxSplitPaths { get; init; } = 4;
    public FillTime CanonicalBridgeFillTime { get; init; } = new(60, 180);
    public FillTime IntentFillTime { get; init; } = new(10, 30);
}

/// <summary>One leg of a planned route: a path and the amount at each edge (last element is the leg's output).</summary>
public sealed record PlannedLeg(RoutePath Path, BigInteger[] Amounts)
{
    public BigInteger AmountIn => Amounts[0];
    public BigInteger AmountOut => Amounts[^1];
}

/// <summary>A fee of a plan with its amount in base units (wei for native fees).</summary>
public sealed record PlannedFee(string Type, string Token, BigInteger Amount, double? Bps, bool Included);

/// <summary>A priced route, before ids, transactions and signature are attached.</summary>
public sealed record QuotePlan(
    string Kind,
    IReadOnlyList<PlannedLeg> Legs,
    BigInteger Input,
    BigInteger Output,
    IReadOnlyList<PlannedFee> Fees,
    FillTime FillTime,
    BigInteger MinInput,
    BigInteger InstantMaxInput,
    BigInteger MaxInput)
{
    public BigInteger NativeFees => Fees.Where(f => !f.Included && f.Type == "interchainGas").Aggregate(BigInteger.Zero, (s, f) => s + f.Amount);
}

/// <summary>Why a request was refused: the parameter to name, what to do, and the HTTP status (400 unless said).</summary>
public sealed record QuoteRejection(string Parameter, string Detail, int Status = 400);

/// <summary>
/// Pure quote computation over one snapshot: paths, exact amounts, the split, fees, fill times and limits.
/// No I/O, no locks, no signing (that is <see cref="QuoteService"/>), so it is what the benchmark measures.
/// </summary>
public static class QuoteEngine
{
    public static (IReadOnlyList<QuotePlan> Plans, QuoteRejection? Rejection) Plan(MarketSnapshot snapshot, QuoteRequest request, QuoteEngineOptions options)
    {
        var paths = snapshot.Paths(request.FromToken.Key, request.ToToken.Key, options.MaxHops, options.MaxPaths, options.MaxParallel);
        if (paths.Count == 0)
            return ([], new QuoteRejection("toToken", $"no route from {request.FromToken.Symbol} on chain {request.FromToken.ChainId} to {request.ToToken.Symbol} on chain {request.ToToken.ChainId}"));

        // Price every path first (amounts only); fees, times and limits are built for the routes that are returned.
        var priced = new List<PlannedLeg>();
        var minInput = BigInteger.Zero;
        var maxInput = BigInteger.Zero;
        foreach (var path in paths)
        {
            if (path.MaxInput > maxInput) maxInput = path.MaxInput;
            BigInteger[] amounts;
            if (request.TradeType == TradeType.ExactIn)
            {
                if (request.Amount > path.MaxInput) continue;
                amounts = path.Amounts(request.Amount);
                if (amounts[^1].IsZero)
                {
                    if (path.MinInput is { } s && (minInput.IsZero || s < minInput)) minInput = s;
                    continue;
                }
            }
            else
            {
                if (path.AmountIn(request.Amount) is not { } input) continue;
                amounts = path.Amounts(input);
            }
            priced.Add(new PlannedLeg(path, amounts));
        }
        priced.Sort(request.TradeType == TradeType.ExactIn ? MoreOutputFirst : LessInputFirst);

        var plans = new List<QuotePlan>();
        if (request.TradeType == TradeType.ExactIn)
        {
            var split = TrySplit(snapshot, paths, request.Amount, priced.Count > 0 ? priced[0].AmountOut : BigInteger.Zero, options);
            if (split is not null) plans.Add(split);
        }
        // Ties in amount (parallel bridge routes are all 1:1) are broken by cost on top, time and hops, so the routes
        // tied with the last one returned are built too before ranking; "fastest" ranks by time, so it builds more.
        // Either way at most three times as many as are returned.
        var cut = Math.Min(request.Order == RouteOrder.Fastest ? options.MaxRoutes * 3 : options.MaxRoutes, priced.Count);
        while (cut < priced.Count && cut < options.MaxRoutes * 3 && cut > 0 && SameAmounts(priced[cut - 1], priced[cut])) cut++;
        var singles = priced.Take(cut).Select(leg => Build(snapshot, KindOf(leg.Path), [leg], options)).ToList();
        singles.Sort(request.Order == RouteOrder.Fastest ? FasterFirst
            : request.TradeType == TradeType.ExactIn ? CheaperFirst
            : (a, b) => a.Input != b.Input ? a.Input.CompareTo(b.Input) : CheaperFirst(a, b));
        plans.AddRange(singles.Take(options.MaxRoutes));

        if (plans.Count == 0)
        {
            if (request.TradeType == TradeType.ExactIn && request.Amount > maxInput)
                return ([], new QuoteRejection("amount", $"amount {request.Amount} is above the largest amount any route accepts now ({maxInput})"));
            return ([], new QuoteRejection("amount", request.TradeType == TradeType.ExactIn
                ? $"amount {request.Amount} is too small: no route gives any output (minimum {minInput})"
                : $"output {request.Amount} cannot be delivered by any route now"));
        }
        if (request.Order == RouteOrder.Fastest) plans.Sort(FasterFirst);
        return (plans, null);
    }

    private static bool SameAmounts(PlannedLeg a, PlannedLeg b) => a.AmountOut == b.AmountOut && a.AmountIn == b.AmountIn;

    /// <summary>Shorter p50 first, then the cheaper.</summary>
    private static int FasterFirst(QuotePlan a, QuotePlan b) =>
        a.FillTime.P50Seconds != b.FillTime.P50Seconds ? a.FillTime.P50Seconds.CompareTo(b.FillTime.P50Seconds) : CheaperFirst(a, b);

    private static int MoreOutputFirst(PlannedLeg a, PlannedLeg b) => b.AmountOut.CompareTo(a.AmountOut);

    private static int LessInputFirst(PlannedLeg a, PlannedLeg b) => a.AmountIn.CompareTo(b.AmountIn);

    /// <summary>More output (exactIn) or less input (exactOut); then less paid on top, then faster, then fewer hops.</summary>
    private static int CheaperFirst(QuotePlan a, QuotePlan b)
    {
        var c = b.Output.CompareTo(a.Output);
        if (c == 0) c = a.Input.CompareTo(b.Input);
        if (c == 0) c = a.NativeFees.CompareTo(b.NativeFees);
        if (c == 0) c = a.FillTime.P50Seconds.CompareTo(b.FillTime.P50Seconds);
        return c != 0 ? c : a.Legs.Sum(l => l.Path.Edges.Length).CompareTo(b.Legs.Sum(l => l.Path.Edges.Length));
    }

    /// <summary>Splits across the best paths and keeps the result only if it beats the best single route.</summary>
    private static QuotePlan? TrySplit(MarketSnapshot snapshot, IReadOnlyList<RoutePath> paths, BigInteger amount, BigInteger bestSingle, QuoteEngineOptions options)
    {
        if (paths.Count < 2) return null;
        var candidates = paths
            .OrderByDescending(p => p.Curve.A / p.Curve.B)
            .Take(options.MaxSplitPaths)
            .ToList();
        var legs = SplitOptimizer.Split(candidates, amount);
        if (legs.Count < 2) return null;
        var planned = legs.Select(l => new PlannedLeg(l.Path, l.Path.Amounts(l.AmountIn))).ToList();
        var total = planned.Aggregate(BigInteger.Zero, (s, l) => s + l.AmountOut);
        // A split must place the whole order: when every path's cap together is short of it, there is no split.
        if (planned.Aggregate(BigInteger.Zero, (s, l) => s + l.AmountIn) != amount) return null;
        if (total <= bestSingle || planned.Any(l => l.AmountOut.IsZero)) return null;
        return Build(snapshot, "split", planned, options);
    }

    private static string KindOf(RoutePath path) => path.Edges.Length > 1 ? "multi-hop" : path.Edges[0].Kind switch
    {
        VenueKind.CanonicalBridge => "canonical",
        VenueKind.Pool => "swap",
        VenueKind.IntentFill => "intent",
        _ => "unknown",
    };

    private static QuotePlan Build(MarketSnapshot snapshot, string kind, IReadOnlyList<PlannedLeg> legs, QuoteEngineOptions options)
    {
        var fees = new Dictionary<(string Type, string Token, bool Included), (BigInteger Amount, BigInteger Base)>();
        void AddFee(string type, string token, bool included, BigInteger amount, BigInteger basis)
        {
            if (amount.IsZero) return;
            fees[(type, token, included)] = fees.TryGetValue((type, token, included), out var f) ? (f.Amount + amount, f.Base + basis) : (amount, basis);
        }

        double p50 = 0, p90 = 0;
        BigInteger input = 0, output = 0, min = 0, instantMax = 0, max = 0;
        foreach (var leg in legs)
        {
            input += leg.AmountIn;
            output += leg.AmountOut;
            min = BigInteger.Max(min, leg.Path.MinInput ?? BigInteger.One);
            instantMax += leg.Path.InstantMaxInput;
            max += leg.Path.MaxInput;
            double legP50 = 0, legP90 = 0;
            for (var i = 0; i < leg.Path.Edges.Length; i++)
            {
                var edge = leg.Path.Edges[i];
                var amountIn = leg.Amounts[i];
                var chain = snapshot.Chain(edge.From.ChainId);
                var native = chain?.NativeSymbol ?? "ETH";
                var token = snapshot.Token(edge.From)?.Symbol ?? edge.From.Token.ToString();
                AddFee(edge.Kind == VenueKind.IntentFill ? "relayerFee" : "lpFee", token, true, edge.TokenFee(amountIn), amountIn);
                AddFee("interchainGas", native, false, edge.NativeFee, 0);
                AddFee("originGas", native, false, (chain?.GasPrice ?? 0) * edge.GasEstimate, 0);
                var time = TimeOf(snapshot, edge, amountIn, options);
                legP50 += time.P50Seconds;
                legP90 += time.P90Seconds;
            }
            p50 = Math.Max(p50, legP50);
            p90 = Math.Max(p90, legP90);
        }
        var planned = new List<PlannedFee>(fees.Count);
        foreach (var (key, value) in fees)
            planned.Add(new PlannedFee(key.Type, key.Token, value.Amount, key.Included && !value.Base.IsZero ? Bps(value.Amount, value.Base) : null, key.Included));
        planned.Sort(ByTypeThenToken);
        // Unlimited legs (max uint256 each) must not add up past what a uint256 amount can say.
        max = BigInteger.Min(max, BridgeEdge.UInt256Max);
        return new QuotePlan(kind, legs, input, output, planned, new FillTime(p50, p90), min, BigInteger.Min(instantMax, max), max);
    }

    private static readonly Comparison<PlannedFee> ByTypeThenToken = static (a, b) =>
        string.CompareOrdinal(a.Type, b.Type) is var c and not 0 ? c
        : string.CompareOrdinal(a.Token, b.Token) is var t and not 0 ? t
        : a.Included.CompareTo(b.Included);

    private static double Bps(BigInteger fee, BigInteger basis) => Math.Round((double)(fee * 1_000_000 / basis) / 100, 2);

    private static FillTime TimeOf(MarketSnapshot snapshot, Edge edge, BigInteger amountIn, QuoteEngineOptions options)
    {
        var observed = snapshot.FillTimeOf(edge.From.ChainId, edge.To.ChainId, edge.Kind);
        switch (edge)
        {
            case BridgeEdge bridge:
                var t = observed ?? options.CanonicalBridgeFillTime;
                // A transfer above the destination's large-transfer threshold waits out the hold before it can be claimed.
                var hold = amountIn > bridge.LargeTransferThreshold ? bridge.LargeTransferDelay.TotalSeconds : 0;
                return new FillTime(t.P50Seconds + hold, t.P90Seconds + hold);
            case IntentEdge:
                return observed ?? options.IntentFillTime;
            default:
                var block = snapshot.Chain(edge.From.ChainId)?.BlockTime.TotalSeconds ?? 2;
                return observed ?? new FillTime(block, 2 * block);
        }
    }
}
