using System.Numerics;
using Interop.Router.Venues;

namespace Interop.Router.Routing;

/// <summary>One leg of a split: a path and the input it gets.</summary>
public sealed record SplitLeg(RoutePath Path, BigInteger AmountIn, BigInteger AmountOut);

/// <summary>
/// Splits one exact-input order across parallel paths so that every used path ends at the same marginal output
/// (the optimum of a sum of concave functions). Each path is a Möbius map out(x) = A·x/(B + C·x), so for a set S of
/// used curved paths the common marginal λ has a closed form:
///   A·B/(B + C·x)² = λ  =>  x = (√(A·B)·s − B)/C  with  s = 1/√λ = (X + Σ B/C) / Σ √(A·B)/C.
/// S is found by adding paths in order of marginal at zero until the next one's is below λ; paths whose cap binds are
/// fixed at their cap and the rest re-solved; linear paths (a bridge, C = 0) fill to their cap while their constant
/// marginal beats λ (the last one used may be partial, at exactly λ = its marginal). Doubles only choose the split: the legs' outputs are recomputed with each venue's integer math,
/// and the inputs are integers summing exactly to the order.
/// </summary>
public static class SplitOptimizer
{
    public static IReadOnlyList<SplitLeg> Split(IReadOnlyList<RoutePath> paths, BigInteger total)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0 || total.Sign <= 0) return [];
        var shares = Allocate(paths, (double)total);
        var amounts = ToIntegers(paths, shares, total);
        var legs = new List<SplitLeg>(paths.Count);
        for (var i = 0; i < paths.Count; i++)
            if (amounts[i].Sign > 0) legs.Add(new SplitLeg(paths[i], amounts[i], paths[i].AmountOut(amounts[i])));
        return legs;
    }

    /// <summary>The continuous optimum: input per path (doubles), summing to <paramref name="total"/> unless every cap binds.</summary>
    public static double[] Allocate(IReadOnlyList<RoutePath> paths, double total)
    {
        var n = paths.Count;
        var x = new double[n];
        var caps = new double[n];
        var curved = new List<int>();
        var linear = new List<int>();
        for (var i = 0; i < n; i++)
        {
            caps[i] = (double)paths[i].MaxInput;
            var c = paths[i].Curve;
            if (caps[i] <= 0 || c.A <= 0) continue;
            (c.C > 0 ? curved : linear).Add(i);
        }
        // Linear paths in order of their constant marginal: the first k are full, the (k+1)th may be partial.
        linear.Sort((a, b) => Marginal0(paths[b]).CompareTo(Marginal0(paths[a])));
        var remaining = total;
        foreach (var k in linear)
        {
            var lambda = SolveCurved(paths, curved, caps, remaining, x);
            var m = Marginal0(paths[k]);
            if (m <= lambda) return x;
            // At λ = m the curved paths take Dc(m); the linear path takes what is left, up to its cap.
            var curvedAtM = CurvedAt(paths, curved, caps, m, x);
            if (curvedAtM + caps[k] >= remaining)
            {
                x[k] = Math.Max(0, remaining - curvedAtM);
                return x;
            }
            x[k] = caps[k];
            remaining -= caps[k];
        }
        SolveCurved(paths, curved, caps, remaining, x);
        return x;
    }

    /// <summary>Curved allocation at a given common marginal λ: x = clamp((√(A·B/λ) − B)/C, 0, cap); returns the sum.</summary>
    private static double CurvedAt(IReadOnlyList<RoutePath> paths, List<int> curved, double[] caps, double lambda, double[] x)
    {
        double sum = 0;
        foreach (var i in curved)
        {
            var c = paths[i].Curve;
            x[i] = Math.Clamp((Math.Sqrt(c.A * c.B / lambda) - c.B) / c.C, 0, caps[i]);
            sum += x[i];
        }
        return sum;
    }

    /// <summary>
    /// Closed-form allocation of <paramref name="amount"/> over the curved paths, re-solved while caps bind;
    /// returns λ (0 when the curved paths cannot absorb the amount).
    /// </summary>
    private static double SolveCurved(IReadOnlyList<RoutePath> paths, List<int> curved, double[] caps, double amount, double[] x)
    {
        var free = new List<int>(curved);
        foreach (var i in curved) x[i] = 0;
        free.Sort((a, b) => Marginal0(paths[b]).CompareTo(Marginal0(paths[a])));
        while (free.Count > 0 && amount > 0)
        {
            double sumBoverC = 0, sumRootOverC = 0, s = 0;
            var active = 0;
            for (var k = 0; k < free.Count; k++)
            {
                var c = paths[free[k]].Curve;
                sumBoverC += c.B / c.C;
                sumRootOverC += Math.Sqrt(c.A * c.B) / c.C;
                s = (amount + sumBoverC) / sumRootOverC;
                active = k + 1;
                // Stop when the next path's marginal at zero does not beat the common marginal λ = 1/s².
                if (k + 1 < free.Count && Marginal0(paths[free[k + 1]]) <= 1 / (s * s)) break;
            }
            var capped = new List<int>();
            for (var k = 0; k < active; k++)
            {
                var i = free[k];
                var c = paths[i].Curve;
                x[i] = Math.Max(0, (Math.Sqrt(c.A * c.B) * s - c.B) / c.C);
                if (x[i] > caps[i]) capped.Add(i);
            }
            if (capped.Count == 0) return 1 / (s * s);
            foreach (var i in capped)
            {
                x[i] = caps[i];
                amount -= caps[i];
                free.Remove(i);
            }
            foreach (var i in free) x[i] = 0;
        }
        return 0;
    }

    private static double Marginal0(RoutePath path) => path.Curve.A / path.Curve.B;

    /// <summary>Rounds the continuous split down to integers and gives the remainder to legs with spare capacity.</summary>
    private static BigInteger[] ToIntegers(IReadOnlyList<RoutePath> paths, double[] shares, BigInteger total)
    {
        var amounts = new BigInteger[paths.Count];
        var sum = BigInteger.Zero;
        for (var i = 0; i < paths.Count; i++)
        {
            var share = double.IsFinite(shares[i]) && shares[i] > 0 ? new BigInteger(Math.Floor(shares[i])) : BigInteger.Zero;
            amounts[i] = BigInteger.Min(share, paths[i].MaxInput);
            sum += amounts[i];
        }
        if (sum > total)
        {
            // Rounding of doubles near 2^53 can overshoot: take the excess from the largest legs.
            foreach (var i in Enumerable.Range(0, paths.Count).OrderByDescending(i => amounts[i]))
            {
                var take = BigInteger.Min(amounts[i], sum - total);
                amounts[i] -= take;
                sum -= take;
                if (sum == total) break;
            }
        }
        foreach (var i in Enumerable.Range(0, paths.Count).OrderByDescending(i => amounts[i]))
        {
            if (sum == total) break;
            var give = BigInteger.Min(total - sum, paths[i].MaxInput - amounts[i]);
            if (give.Sign <= 0) continue;
            amounts[i] += give;
            sum += give;
        }
        return amounts;
    }
}
