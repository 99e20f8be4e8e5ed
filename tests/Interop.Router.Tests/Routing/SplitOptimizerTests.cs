using System.Collections.Immutable;
using System.Numerics;
using Interop.Router.Routing;
using Interop.Router.Venues;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Routing;

public sealed class SplitOptimizerTests
{
    private static RoutePath PathOf(params Edge[] edges) => new([.. edges]);

    // Three USDC -> WETH pools of different depth and fee on one chain.
    private static readonly RoutePath Deep = PathOf(Pool(901, 10_000_000 * Usdc, BigInteger.Parse("3333333333333333333333"), id: 0)[0]);
    private static readonly RoutePath Shallow = PathOf(Pool(901, 2_000_000 * Usdc, BigInteger.Parse("680000000000000000000"), id: 1, feeBps: 5)[0]);
    private static readonly RoutePath Third = PathOf(Pool(901, 4_000_000 * Usdc, BigInteger.Parse("1320000000000000000000"), id: 2, feeBps: 100)[0]);

    private static BigInteger Output(IReadOnlyList<SplitLeg> legs) => legs.Aggregate(BigInteger.Zero, (s, l) => s + l.AmountOut);

    private static double Bps(BigInteger better, BigInteger worse) => (double)(better - worse) * 10_000 / (double)better;

    /// <summary>Brute force over the first path's share with a coarse scan and two refinements around the best.</summary>
    private static BigInteger BruteForceTwo(RoutePath a, RoutePath b, BigInteger total)
    {
        BigInteger best = 0, bestX = 0, lo = 0, hi = total;
        for (var pass = 0; pass < 3; pass++)
        {
            var step = BigInteger.Max(1, (hi - lo) / 2_000);
            for (var x = lo; x <= hi; x += step)
            {
                var output = a.AmountOut(x) + b.AmountOut(total - x);
                if (output > best) (best, bestX) = (output, x);
            }
            (lo, hi) = (BigInteger.Max(0, bestX - step), BigInteger.Min(total, bestX + step));
        }
        return best;
    }

    [Fact]
    public void Split_of_a_large_order_across_two_pools_is_within_a_tenth_of_a_bps_of_brute_force_and_beats_either_pool()
    {
        var total = 1_500_000 * Usdc;
        var legs = SplitOptimizer.Split([Deep, Shallow], total);
        var split = Output(legs);
        var brute = BruteForceTwo(Deep, Shallow, total);
        Assert.True(Bps(brute, split) <= 0.1, $"split {split} vs brute force {brute}: {Bps(brute, split)} bps short");
        var bestSingle = BigInteger.Max(Deep.AmountOut(total), Shallow.AmountOut(total));
        Assert.True(split > bestSingle, $"split {split} should beat the best single route {bestSingle}");
        Assert.True(Bps(split, bestSingle) > 100, "on a 1.5M order the split should win by more than 1%");
    }

    [Fact]
    public void Split_across_three_pools_is_within_a_tenth_of_a_bps_of_a_brute_force_grid()
    {
        var total = 3_000_000 * Usdc;
        var split = Output(SplitOptimizer.Split([Deep, Shallow, Third], total));
        // Grid over (x, y) with z = total - x - y, refined twice around the best cell.
        BigInteger best = 0, bx = 0, by = 0;
        BigInteger xLo = 0, xHi = total, yLo = 0, yHi = total;
        for (var pass = 0; pass < 3; pass++)
        {
            var sx = BigInteger.Max(1, (xHi - xLo) / 150);
            var sy = BigInteger.Max(1, (yHi - yLo) / 150);
            for (var x = xLo; x <= xHi; x += sx)
                for (var y = yLo; y <= yHi && x + y <= total; y += sy)
                {
                    var output = Deep.AmountOut(x) + Shallow.AmountOut(y) + Third.AmountOut(total - x - y);
                    if (output > best) (best, bx, by) = (output, x, y);
                }
            (xLo, xHi, yLo, yHi) = (BigInteger.Max(0, bx - sx), bx + sx, BigInteger.Max(0, by - sy), by + sy);
        }
        Assert.True(Bps(best, split) <= 0.1, $"split {split} vs brute force {best}: {Bps(best, split)} bps short");
    }

    [Fact]
    public void Split_mixing_a_linear_venue_and_a_pool_is_within_a_tenth_of_a_bps_of_brute_force()
    {
        // An intent fill at 1% fee (linear, capped by inventory) next to a pool of the same pair.
        var intent = PathOf(new IntentEdge { VenueId = "intent", Contract = Addr(9), From = Deep.From, To = Deep.To, RelayerFeeBps = 100, Inventory = BigInteger.Parse("100000000000000000000") });
        var total = 800_000 * Usdc;
        // A 1:1 pool (in base units) so both venues price alike: the pool is used until its marginal falls to the intent's 0.99.
        var pool = PathOf(new PoolEdge { VenueId = "p", Contract = Addr(8), From = Deep.From, To = Deep.To, ReserveIn = 2_000_000 * Usdc, ReserveOut = 2_000_000 * Usdc });
        var legs = SplitOptimizer.Split([intent, pool], total);
        Assert.Equal(total, legs.Aggregate(BigInteger.Zero, (s, l) => s + l.AmountIn));
        var brute = BruteForceTwo(intent, pool, total);
        Assert.True(Bps(brute, Output(legs)) <= 0.1, $"split {Output(legs)} vs brute force {brute}");
    }

    [Fact]
    public void Split_inputs_always_sum_to_the_order_and_output_never_falls_as_the_order_grows()
    {
        var random = new Random(11);
        var previous = BigInteger.Zero;
        var total = BigInteger.Zero;
        for (var i = 0; i < 200; i++)
        {
            total += new BigInteger(random.NextInt64(1, 40_000 * 1_000_000L));
            var legs = SplitOptimizer.Split([Deep, Shallow, Third], total);
            Assert.Equal(total, legs.Aggregate(BigInteger.Zero, (s, l) => s + l.AmountIn));
            Assert.All(legs, l => Assert.True(l.AmountIn <= l.Path.MaxInput));
            var output = Output(legs);
            // Integer rounding may cost a few base units between neighbouring orders, never more.
            Assert.True(output + 3 >= previous, $"order {total}: output {output} fell below {previous}");
            previous = output;
        }
    }

    [Fact]
    public void A_capped_path_is_filled_to_its_cap_and_the_rest_goes_elsewhere()
    {
        var capped = PathOf(TestMarket.Bridge(901, 902, available: 1_000 * Usdc));
        var pool = PathOf(new PoolEdge { VenueId = "p", Contract = Addr(8), From = capped.From, To = capped.To, ReserveIn = 1_000_000 * Usdc, ReserveOut = 1_000_000 * Usdc });
        var legs = SplitOptimizer.Split([capped, pool], 5_000 * Usdc);
        Assert.Equal(1_000 * Usdc, legs.Single(l => l.Path == capped).AmountIn);
        Assert.Equal(4_000 * Usdc, legs.Single(l => l.Path == pool).AmountIn);
    }

    [Fact]
    public void Small_orders_stay_on_the_best_path_when_the_second_is_not_worth_touching()
    {
        var legs = SplitOptimizer.Split([Deep, Third], 10 * Usdc);
        Assert.Single(legs);
        Assert.Same(Deep, legs[0].Path);
    }

    [Fact]
    public void Multi_hop_paths_split_by_their_composed_curve()
    {
        // USDC(901) -> bridge -> USDC(902) -> WETH on 902, against a direct USDC -> WETH pool on 902 reached from 902.
        var viaBridge = new RoutePath(ImmutableArray.Create<Edge>(TestMarket.Bridge(901, 902), Pool(902, 5_000_000 * Usdc, BigInteger.Parse("1700000000000000000000"))[0]));
        var viaPool = new RoutePath(ImmutableArray.Create<Edge>(Pool(901, 3_000_000 * Usdc, BigInteger.Parse("1000000000000000000000"))[0]));
        var total = 2_000_000 * Usdc;
        var split = Output(SplitOptimizer.Split([viaBridge, viaPool], total));
        Assert.True(Bps(BruteForceTwo(viaBridge, viaPool, total), split) <= 0.1);
    }
}
