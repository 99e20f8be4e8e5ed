using System.Numerics;
using Interop.Bridge.Intents;

namespace Interop.Relayers.Filling;

/// <summary>
/// The node's live filler terms, published by the InventoryActor after every balance read and read by the router
/// (<see cref="IFillerTermsSource"/>) without locks: one immutable list behind a volatile reference.
/// </summary>
public sealed class FillerTermsBoard : IFillerTermsSource
{
    private IReadOnlyList<FillerTerms> _current = [];

    public IReadOnlyList<FillerTerms> Current => Volatile.Read(ref _current);

    internal void Publish(IReadOnlyList<FillerTerms> terms) => Volatile.Write(ref _current, terms);

    /// <summary>
    /// Terms per route and token: the policy's fee floor; the largest output = min(available inventory on the
    /// destination, what is left under the origin's exposure cap, the largest order); fill time from the confirmations
    /// a typical (p50) and a maximal (p90) order waits, at the origin's block time, plus the fill's own block; the
    /// smallest input whose fee covers the policy's gas cost (<see cref="FillerTerms.MinInputFor"/>). A fee of 0 bps
    /// covers nothing, so such a policy publishes no terms.
    /// </summary>
    public static IReadOnlyList<FillerTerms> Compute(IReadOnlyList<FillerRoute> routes, FillerPolicy policy, InventoryBook book,
        IReadOnlyDictionary<uint, TimeSpan> blockTimes)
    {
        var terms = new List<FillerTerms>();
        foreach (var route in routes)
        foreach (var token in route.Tokens)
        {
            var headroom = BigInteger.Max(BigInteger.Zero, policy.MaxExposurePerOrigin - book.PendingRepayments(route.Origin));
            var limit = BigInteger.Min(BigInteger.Min(book.Available(route.Destination, token.OutputToken), headroom), policy.MaxOrderOutput);
            if (limit.Sign <= 0) continue;
            var originBlock = blockTimes.GetValueOrDefault(route.Origin, TimeSpan.FromSeconds(2)).TotalSeconds;
            var destinationBlock = blockTimes.GetValueOrDefault(route.Destination, TimeSpan.FromSeconds(2)).TotalSeconds;
            var p50 = (int)Math.Ceiling(policy.ConfirmationsFor(BigInteger.Zero) * originBlock + 2 * destinationBlock);
            var p90 = (int)Math.Ceiling(policy.ConfirmationsFor(limit) * originBlock + 4 * destinationBlock);
            // Orders whose fee would not cover the gas are skipped by the decider: quote none that small.
            if (FillerTerms.MinInputFor(policy.MinFeeBps, policy.GasCostInToken) is not { } minInput) continue;
            terms.Add(new FillerTerms(route.Origin, route.Destination, token.Symbol, policy.MinFeeBps, limit, p50, Math.Max(p50, p90), minInput));
        }
        return terms;
    }
}
