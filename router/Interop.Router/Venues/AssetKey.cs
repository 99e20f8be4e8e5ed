using Interop.Ethereum;

namespace Interop.Router.Venues;

/// <summary>A node of the route graph: one token on one chain.</summary>
public readonly record struct AssetKey(ulong ChainId, Address Token)
{
    public override string ToString() => $"{ChainId}:{Token}";
}

/// <summary>A token the router knows: where it lives, its symbol and decimals.</summary>
public sealed record TokenInfo(ulong ChainId, string Symbol, Address Address, int Decimals)
{
    public AssetKey Key => new(ChainId, Address);
}

/// <summary>The kinds of liquidity a route can use.</summary>
public enum VenueKind
{
    /// <summary>The canonical TokenBridge: 1:1, slow (attestation + relay), fee paid in origin native token.</summary>
    CanonicalBridge,

    /// <summary>A ConstantProductPool swap on one chain.</summary>
    Pool,

    /// <summary>An intent fast fill: a filler pays out on the destination from inventory, for a fee in the token.</summary>
    IntentFill,
}
