using System.Collections.Immutable;
using System.Numerics;
using Interop.Router.Venues;

namespace Interop.Router.Routing;

/// <summary>A sequence of edges from one asset to another; evaluated with each venue's integer formula.</summary>
public sealed class RoutePath
{
    public RoutePath(ImmutableArray<Edge> edges)
    {
        if (edges.IsDefaultOrEmpty) throw new ArgumentException("a path needs at least one edge", nameof(edges));
        Edges = edges;
        var curve = edges[0].Curve;
        for (var i = 1; i < edges.Length; i++) curve = curve.Then(edges[i].Curve);
        Curve = curve;
        MaxInput = CapBackwards(e => e.MaxInput);
        _instantMaxInput = new Lazy<BigInteger>(() => CapBackwards(e => e.InstantMaxInput), LazyThreadSafetyMode.PublicationOnly);
        _minInput = new Lazy<BigInteger?>(() => AmountIn(BigInteger.One), LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The smallest input that yields any output (<c>AmountIn(1)</c>), or null when none does; computed once.</summary>
    public BigInteger? MinInput => _minInput.Value;

    private readonly Lazy<BigInteger?> _minInput;

    public ImmutableArray<Edge> Edges { get; }

    public AssetKey From => Edges[0].From;

    public AssetKey To => Edges[^1].To;

    /// <summary>out(x) ≈ A·x / (B + C·x) for the whole path.</summary>
    public Mobius Curve { get; }

    /// <summary>Largest input every edge accepts (each edge's cap mapped back to this path's input).</summary>
    public BigInteger MaxInput { get; }

    /// <summary>Largest input without a delay (large-transfer hold).</summary>
    public BigInteger InstantMaxInput => _instantMaxInput.Value;

    // Only the returned routes need it: computed on first use.
    private readonly Lazy<BigInteger> _instantMaxInput;

    /// <summary>Stable description, e.g. <c>pool:901:...|bridge:901-902:USDC</c>.</summary>
    public string Id => string.Join('|', Edges.Select(e => e.VenueId));

    /// <summary>Exact output of an exact input, zero when an edge refuses it.</summary>
    public BigInteger AmountOut(BigInteger amountIn)
    {
        if (amountIn > MaxInput) return BigInteger.Zero;
        var amount = amountIn;
        foreach (var edge in Edges)
        {
            amount = edge.AmountOut(amount);
            if (amount.IsZero) return amount;
        }
        return amount;
    }

    /// <summary>The per-edge amounts for an exact input: element i is the input of edge i, the last element the output.</summary>
    public BigInteger[] Amounts(BigInteger amountIn)
    {
        var amounts = new BigInteger[Edges.Length + 1];
        amounts[0] = amountIn;
        for (var i = 0; i < Edges.Length; i++) amounts[i + 1] = Edges[i].AmountOut(amounts[i]);
        return amounts;
    }

    /// <summary>Smallest input that yields at least <paramref name="amountOut"/>, or null when impossible.</summary>
    public BigInteger? AmountIn(BigInteger amountOut)
    {
        BigInteger? amount = amountOut;
        for (var i = Edges.Length - 1; i >= 0 && amount is { } a; i--) amount = Edges[i].AmountIn(a);
        return amount is { } input && input <= MaxInput ? input : null;
    }

    private BigInteger CapBackwards(Func<Edge, BigInteger> cap)
    {
        var limit = cap(Edges[^1]);
        for (var i = Edges.Length - 2; i >= 0; i--)
        {
            var own = cap(Edges[i]);
            // The input of edge i whose output just fits the next edge's cap; an unreachable cap leaves edge i's own.
            var mapped = Edges[i].AmountIn(limit);
            limit = mapped is { } m ? BigInteger.Min(own, m) : own;
        }
        return limit;
    }

    public override string ToString() => Id;
}
