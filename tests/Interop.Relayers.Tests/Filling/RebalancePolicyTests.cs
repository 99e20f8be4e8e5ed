using System.Numerics;
using Interop.Relayers.Filling;

namespace Interop.Relayers.Tests.Filling;

public sealed class RebalancePolicyTests
{
    private static readonly IReadOnlySet<uint> None = new HashSet<uint>();

    private static Dictionary<uint, RebalanceLimits> Limits(params (uint Chain, long Target, long LowWater)[] chains) =>
        chains.ToDictionary(c => c.Chain, c => new RebalanceLimits(c.Target, c.LowWater));

    private static Dictionary<uint, BigInteger> View(params (uint Chain, long Amount)[] chains) => chains.ToDictionary(c => c.Chain, c => (BigInteger)c.Amount);

    [Fact]
    public void A_chain_below_its_low_water_mark_is_refilled_to_its_target_from_the_largest_surplus()
    {
        var moves = RebalancePolicy.Decide(View((900, 100), (901, 5_000), (902, 3_000)), Limits((900, 1_000, 500), (901, 1_000, 500), (902, 1_000, 500)), 1, None);
        Assert.Equal([new PlannedMove(901, 900, 900)], moves);
    }

    [Fact]
    public void The_move_is_capped_by_the_source_surplus()
    {
        var moves = RebalancePolicy.Decide(View((900, 0), (901, 1_300)), Limits((900, 1_000, 500), (901, 1_000, 500)), 1, None);
        Assert.Equal([new PlannedMove(901, 900, 300)], moves);
    }

    [Fact]
    public void A_chain_exactly_at_its_low_water_mark_is_not_refilled_and_one_unit_below_it_is()
    {
        var limits = Limits((900, 1_000, 500), (901, 1_000, 500));
        Assert.Empty(RebalancePolicy.Decide(View((900, 500), (901, 5_000)), limits, 1, None));
        Assert.Equal([new PlannedMove(901, 900, 501)], RebalancePolicy.Decide(View((900, 499), (901, 5_000)), limits, 1, None));
    }

    [Fact]
    public void A_move_exactly_at_the_minimum_is_made_and_one_unit_below_it_is_not()
    {
        var limits = Limits((900, 1_000, 500), (901, 1_000, 500));
        // Deficit 600, surplus 400 then 399: the move is the surplus.
        Assert.Equal([new PlannedMove(901, 900, 400)], RebalancePolicy.Decide(View((900, 400), (901, 1_400)), limits, 400, None));
        Assert.Empty(RebalancePolicy.Decide(View((900, 400), (901, 1_399)), limits, 400, None));
    }

    [Fact]
    public void No_second_move_is_planned_for_a_destination_with_one_in_flight()
    {
        var moves = RebalancePolicy.Decide(View((900, 0), (901, 5_000)), Limits((900, 1_000, 500), (901, 1_000, 500)), 1, new HashSet<uint> { 900 });
        Assert.Empty(moves);
    }

    [Fact]
    public void Two_short_chains_do_not_spend_the_same_surplus_twice()
    {
        var moves = RebalancePolicy.Decide(View((900, 0), (901, 1_500), (902, 200)), Limits((900, 1_000, 500), (901, 1_000, 500), (902, 1_000, 500)), 1, None);
        // 900 (deficit 1000) takes the whole surplus 500 of 901; 902 finds no surplus left.
        Assert.Equal([new PlannedMove(901, 900, 500)], moves);
    }

    [Fact]
    public void Nothing_moves_without_a_surplus_or_between_chains_without_limits()
    {
        Assert.Empty(RebalancePolicy.Decide(View((900, 0), (901, 1_000)), Limits((900, 1_000, 500), (901, 1_000, 500)), 1, None));
        Assert.Empty(RebalancePolicy.Decide(View((900, 0), (901, 9_000)), Limits((900, 1_000, 500)), 1, None));
    }

    [Fact]
    public void Random_views_never_break_the_policy_invariants()
    {
        var random = new Random(20261124);
        for (var run = 0; run < 5_000; run++)
        {
            var chains = Enumerable.Range(0, random.Next(1, 6)).Select(i => (uint)(900 + i)).ToList();
            var limits = new Dictionary<uint, RebalanceLimits>();
            var view = new Dictionary<uint, BigInteger>();
            foreach (var chain in chains)
            {
                var target = Amount(random, 1, 1_000_000);
                limits[chain] = new RebalanceLimits(target, Amount(random, 0, target));
                view[chain] = Amount(random, 0, 3_000_000);
            }
            var inFlight = chains.Where(_ => random.Next(4) == 0).ToHashSet();
            var minMove = Amount(random, 1, 500_000);

            var moves = RebalancePolicy.Decide(view, limits, minMove, inFlight);

            var after = new Dictionary<uint, BigInteger>(view);
            var outgoing = chains.ToDictionary(c => c, _ => BigInteger.Zero);
            foreach (var move in moves)
            {
                Assert.NotEqual(move.From, move.To);
                Assert.DoesNotContain(move.To, inFlight);
                Assert.True(move.Amount >= minMove, $"run {run}: {move} is below the minimum {minMove}");
                Assert.True(view[move.To] < limits[move.To].LowWater, $"run {run}: {move} refills a chain not below its low-water mark");
                after[move.From] -= move.Amount;
                after[move.To] += move.Amount;
                outgoing[move.From] += move.Amount;
            }
            Assert.Equal(moves.Count, moves.Select(m => m.To).Distinct().Count());
            foreach (var chain in chains)
            {
                // Never more than the source's surplus, so never below its target.
                if (outgoing[chain].Sign > 0)
                {
                    Assert.True(outgoing[chain] <= view[chain] - limits[chain].Target, $"run {run}: chain {chain} sends {outgoing[chain]} of a surplus {view[chain] - limits[chain].Target}");
                    Assert.True(after[chain] >= limits[chain].Target, $"run {run}: chain {chain} left at {after[chain]} below its target");
                }
                // A destination is brought no further than its target.
                if (moves.Any(m => m.To == chain)) Assert.True(after[chain] <= limits[chain].Target, $"run {run}: chain {chain} refilled to {after[chain]} past its target");
            }
        }
    }

    private static BigInteger Amount(Random random, BigInteger min, BigInteger max) => min + random.NextInt64((long)(max - min) + 1);
}
