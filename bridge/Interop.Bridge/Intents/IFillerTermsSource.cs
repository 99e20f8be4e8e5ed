using System.Numerics;

namespace Interop.Bridge.Intents;

/// <summary>
/// The terms a node's fillers offer right now on one route and token: how the router quotes intent fast fills from
/// live fillers (the relayer network implements it; the router reads it; neither references the other).
/// </summary>
/// <param name="OriginChain">Where the order is opened (and the filler repaid).</param>
/// <param name="DestinationChain">Where the filler pays the recipient.</param>
/// <param name="Symbol">Token symbol (same token on both ends).</param>
/// <param name="FeeBps">Fee the filler requires, in basis points of the input.</param>
/// <param name="Inventory">The most output the filler would pay for one order now (virtual inventory, caps applied).</param>
/// <param name="FillTimeP50Seconds">Typical seconds from open to fill.</param>
/// <param name="FillTimeP90Seconds">Slow-case seconds from open to fill.</param>
/// <param name="MinInput">
/// The smallest input the filler fills at <paramref name="FeeBps"/>: below it the fee (input − floor(input ×
/// (10000 − FeeBps) / 10000)) does not cover what a fill costs the filler in gas, so such an order would wait for its
/// deadline and be refunded. Zero: no minimum.
/// </param>
public sealed record FillerTerms(ulong OriginChain, ulong DestinationChain, string Symbol, int FeeBps, BigInteger Inventory, int FillTimeP50Seconds, int FillTimeP90Seconds,
    BigInteger MinInput = default)
{
    /// <summary>The fee an order of <paramref name="input"/> pays when its output is quoted at <paramref name="feeBps"/> (what the router quotes).</summary>
    public static BigInteger FeeOf(BigInteger input, int feeBps) => input - input * (10_000 - feeBps) / 10_000;

    /// <summary>
    /// The smallest input whose <see cref="FeeOf"/> is above <paramref name="cost"/> and whose output is not zero, or
    /// null when there is none (no fee). The fee is input − floor(input − input × feeBps / 10000) = ceil(input × feeBps /
    /// 10000), which exceeds the cost exactly when input × feeBps > cost × 10000, i.e. from floor(cost × 10000 / feeBps)
    /// + 1; the output floor(input × (10000 − feeBps) / 10000) is at least 1 from ceil(10000 / (10000 − feeBps)).
    /// </summary>
    public static BigInteger? MinInputFor(int feeBps, BigInteger cost)
    {
        if (feeBps is <= 0 or >= 10_000 || cost.Sign < 0) return null;
        var keep = 10_000 - feeBps;
        return BigInteger.Max(cost * 10_000 / feeBps + 1, (10_000 + keep - 1) / keep);
    }
}

/// <summary>The live filler terms of this node (empty when no filler runs).</summary>
public interface IFillerTermsSource
{
    IReadOnlyList<FillerTerms> Current { get; }
}
