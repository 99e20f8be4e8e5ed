using System.Numerics;
using Interop.Ethereum;
using Interop.Router.Venues;

namespace Interop.Router.Quoting;

/// <summary>Whether the amount is what the wallet pays (exactIn) or what the recipient must get (exactOut).</summary>
public enum TradeType
{
    ExactIn,
    ExactOut,
}

/// <summary>How routes are ranked.</summary>
public enum RouteOrder
{
    /// <summary>Most output (exactIn) or least input (exactOut) first.</summary>
    Cheapest,

    /// <summary>Shortest p50 fill time first.</summary>
    Fastest,
}

/// <summary>A validated quote request (tokens resolved against the snapshot, amount in base units).</summary>
public sealed record QuoteRequest(
    TokenInfo FromToken,
    TokenInfo ToToken,
    BigInteger Amount,
    TradeType TradeType,
    int SlippageBps,
    RouteOrder Order,
    Address Sender,
    Address Recipient);
