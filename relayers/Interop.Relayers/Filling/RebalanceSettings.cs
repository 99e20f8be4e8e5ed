using System.Numerics;
using Interop.Ethereum;

namespace Interop.Relayers.Filling;

/// <summary>One chain a token is rebalanced on: the token there, its canonical TokenBridge, and what the filler wants to hold.</summary>
public sealed record RebalanceVenue(uint Chain, Address Token, Address Bridge, RebalanceLimits Limits);

/// <summary>One token rebalanced across its venues; a move below <paramref name="MinMove"/> is not worth the bridge fee.</summary>
public sealed record RebalanceToken(string Symbol, BigInteger MinMove, IReadOnlyList<RebalanceVenue> Chains);

/// <summary>Automatic rebalancing of the filler's inventory through the canonical bridge (off unless enabled).</summary>
public sealed record RebalanceSettings
{
    public bool Enabled { get; init; }

    public IReadOnlyList<RebalanceToken> Tokens { get; init; } = [];

    /// <summary>
    /// Claim a move the destination bridge held (<c>claim(holdId)</c> with the filler key) once it is mature (default). Off
    /// when something else claims every matured hold on these chains, e.g. the node's relayer network
    /// (<c>Interop:Relayer:ClaimHolds</c>): two claimants would race and the loser's claim would revert on chain, wasting
    /// its gas. Off, a held move simply waits for its <c>TransferReceived</c>.
    /// </summary>
    public bool ClaimHolds { get; init; } = true;

    /// <summary>
    /// Limits derived from the fill policy when none are configured: target = 2 × MaxOrderOutput (two of the largest
    /// orders can be filled back to back), low-water mark = MaxOrderOutput (below it the largest order no longer fits).
    /// </summary>
    public static RebalanceLimits DefaultLimits(FillerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new RebalanceLimits(2 * policy.MaxOrderOutput, policy.MaxOrderOutput);
    }

    /// <summary>Default minimum move: a tenth of MaxOrderOutput (smaller moves pay the bridge fee for little headroom).</summary>
    public static BigInteger DefaultMinMove(FillerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return BigInteger.Max(BigInteger.One, policy.MaxOrderOutput / 10);
    }

    /// <summary>The problems, each naming its key (under <paramref name="prefix"/>); empty when usable or disabled.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyCollection<uint> chains, string prefix = "Rebalance:")
    {
        ArgumentNullException.ThrowIfNull(chains);
        var errors = new List<string>();
        if (!Enabled) return errors;
        if (Tokens.Count == 0) errors.Add($"{prefix}Tokens: rebalancing is enabled without a token");
        foreach (var duplicate in Tokens.GroupBy(t => t.Symbol, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"{prefix}Tokens: {duplicate.Key} appears {duplicate.Count()} times");
        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            var at = $"{prefix}Tokens:{i}:";
            if (token.MinMove.Sign <= 0) errors.Add($"{at}MinMove must be positive, got {token.MinMove}");
            if (token.Chains.Count < 2) errors.Add($"{at}Chains: {token.Symbol} needs at least two chains to move between");
            foreach (var duplicate in token.Chains.GroupBy(c => c.Chain).Where(g => g.Count() > 1))
                errors.Add($"{at}Chains: chain {duplicate.Key} appears {duplicate.Count()} times");
            for (var j = 0; j < token.Chains.Count; j++)
            {
                var venue = token.Chains[j];
                var vat = $"{at}Chains:{j}:";
                if (!chains.Contains(venue.Chain)) errors.Add($"{vat}Chain {venue.Chain} is not in Chains");
                if (venue.Limits.Target.Sign <= 0) errors.Add($"{vat}Target must be positive, got {venue.Limits.Target}");
                if (venue.Limits.LowWater.Sign < 0) errors.Add($"{vat}LowWater must not be negative, got {venue.Limits.LowWater}");
                if (venue.Limits.LowWater > venue.Limits.Target) errors.Add($"{vat}LowWater ({venue.Limits.LowWater}) must not be above Target ({venue.Limits.Target})");
                if (venue.Bridge == Address.Zero) errors.Add($"{vat}Bridge is not set");
            }
        }
        return errors;
    }
}
