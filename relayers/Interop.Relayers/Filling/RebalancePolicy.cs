using System.Numerics;

namespace Interop.Relayers.Filling;

/// <summary>What a filler wants to hold of one token on one chain: refill up to <paramref name="Target"/> once below <paramref name="LowWater"/>.</summary>
public sealed record RebalanceLimits(BigInteger Target, BigInteger LowWater);

/// <summary>A move the policy decided: <paramref name="Amount"/> base units from chain <paramref name="From"/> to chain <paramref name="To"/>.</summary>
public sealed record PlannedMove(uint From, uint To, BigInteger Amount);

/// <summary>
/// When to move one token's inventory between chains (pure). The view is per chain the available balance (balance − fills
/// in flight) with the moves in flight already applied: counted on their destination, gone from their source. A chain
/// below its low-water mark is refilled towards its target from the chain with the largest surplus above its own target,
/// amount = min(deficit to target, that surplus), and only when that is at least the minimum move (below it the canonical
/// bridge's fee is not worth paying). At most one move is in flight per destination.
/// </summary>
public static class RebalancePolicy
{
    /// <param name="view">Available balance per chain, moves in flight applied.</param>
    /// <param name="limits">Target and low-water mark per chain; a chain without limits is neither refilled nor drained.</param>
    /// <param name="minMove">The smallest amount worth a bridge transfer.</param>
    /// <param name="destinationsInFlight">Chains a move of this token is already on its way to.</param>
    /// <returns>The moves to make now (at most one per destination, none to a destination in flight), deficits largest first.</returns>
    public static IReadOnlyList<PlannedMove> Decide(IReadOnlyDictionary<uint, BigInteger> view, IReadOnlyDictionary<uint, RebalanceLimits> limits,
        BigInteger minMove, IReadOnlySet<uint> destinationsInFlight)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(destinationsInFlight);
        var balance = limits.Keys.ToDictionary(c => c, c => view.GetValueOrDefault(c));
        var moves = new List<PlannedMove>();
        var deficient = limits
            .Where(l => !destinationsInFlight.Contains(l.Key) && balance[l.Key] < l.Value.LowWater)
            .OrderByDescending(l => l.Value.Target - balance[l.Key]).ThenBy(l => l.Key)
            .Select(l => l.Key)
            .ToList();
        foreach (var to in deficient)
        {
            var deficit = limits[to].Target - balance[to];
            if (deficit.Sign <= 0) continue;
            var source = limits.Keys
                .Where(c => c != to)
                .Select(c => (Chain: c, Surplus: balance[c] - limits[c].Target))
                .Where(s => s.Surplus.Sign > 0)
                .OrderByDescending(s => s.Surplus).ThenBy(s => s.Chain)
                .FirstOrDefault();
            if (source.Surplus.Sign <= 0) continue;
            var amount = BigInteger.Min(deficit, source.Surplus);
            if (amount < minMove || amount.Sign <= 0) continue;
            moves.Add(new PlannedMove(source.Chain, to, amount));
            balance[source.Chain] -= amount;
            balance[to] += amount;
        }
        return moves;
    }
}
