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
public sealed record FillerTerms(ulong OriginChain, ulong DestinationChain, string Symbol, int FeeBps, BigInteger Inventory, int FillTimeP50Seconds, int FillTimeP90Seconds);

/// <summary>The live filler terms of this node (empty when no filler runs).</summary>
public interface IFillerTermsSource
{
    IReadOnlyList<FillerTerms> Current { get; }
}
