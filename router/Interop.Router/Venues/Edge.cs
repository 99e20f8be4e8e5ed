using System.Numerics;
using Interop.Ethereum;

namespace Interop.Router.Venues;

/// <summary>
/// One directed hop of the route graph with amount-dependent output. Integer math only: <see cref="AmountOut"/> and
/// <see cref="AmountIn"/> reproduce what the contract computes, to the base unit.
/// </summary>
public abstract record Edge
{
    /// <summary>Stable id of the venue and direction, e.g. <c>bridge:901-902:USDC</c>.</summary>
    public required string VenueId { get; init; }

    public required AssetKey From { get; init; }

    public required AssetKey To { get; init; }

    /// <summary>The contract the wallet calls.</summary>
    public required Address Contract { get; init; }

    public abstract VenueKind Kind { get; }

    /// <summary>Largest input this edge accepts now (rate limits, inventory, liquidity).</summary>
    public abstract BigInteger MaxInput { get; }

    /// <summary>Largest input that completes without a delay (large-transfer holds); equals MaxInput when there is none.</summary>
    public virtual BigInteger InstantMaxInput => MaxInput;

    /// <summary>Output for an exact input; zero when the input is not accepted.</summary>
    public abstract BigInteger AmountOut(BigInteger amountIn);

    /// <summary>Smallest input that yields at least <paramref name="amountOut"/>, or null when impossible.</summary>
    public abstract BigInteger? AmountIn(BigInteger amountOut);

    /// <summary>Continuous shape used by the split optimizer.</summary>
    public abstract Mobius Curve { get; }

    /// <summary>Fee kept in the token (included in the output), for an input.</summary>
    public abstract BigInteger TokenFee(BigInteger amountIn);

    /// <summary>Fee in basis points of the input kept in the token.</summary>
    public abstract int FeeBps { get; }

    /// <summary>Fee paid on top in the origin chain's native token (wei), e.g. the interchain gas of a bridge message.</summary>
    public virtual BigInteger NativeFee => BigInteger.Zero;

    /// <summary>Gas the wallet's transactions of this step use on the origin chain (approve + call).</summary>
    public abstract ulong GasEstimate { get; }
}

/// <summary>The canonical TokenBridge from one chain to another (same asset, 1:1).</summary>
public sealed record BridgeEdge : Edge
{
    public override VenueKind Kind => VenueKind.CanonicalBridge;

    /// <summary>quoteTransferRemote: the interchain gas fee in origin wei.</summary>
    public required BigInteger InterchainFee { get; init; }

    /// <summary>min(availableOutbound on the origin, availableInbound on the destination, collateral locked on an L1 destination).</summary>
    public required BigInteger Available { get; init; }

    /// <summary>Inbound transfers strictly above this amount are held on the destination for <see cref="LargeTransferDelay"/>.</summary>
    public BigInteger LargeTransferThreshold { get; init; } = UInt256Max;

    public TimeSpan LargeTransferDelay { get; init; }

    /// <summary>The destination domain as transferRemote takes it.</summary>
    public uint Destination => (uint)To.ChainId;

    public static readonly BigInteger UInt256Max = (BigInteger.One << 256) - 1;

    public override BigInteger MaxInput => Available;

    public override BigInteger InstantMaxInput => BigInteger.Min(Available, LargeTransferThreshold);

    public override BigInteger AmountOut(BigInteger amountIn) => amountIn.Sign > 0 && amountIn <= Available ? amountIn : BigInteger.Zero;

    public override BigInteger? AmountIn(BigInteger amountOut) => amountOut.Sign > 0 && amountOut <= Available ? amountOut : null;

    public override Mobius Curve => Mobius.Identity;

    public override BigInteger TokenFee(BigInteger amountIn) => BigInteger.Zero;

    public override int FeeBps => 0;

    public override BigInteger NativeFee => InterchainFee;

    public override ulong GasEstimate => 46_000 + 130_000;
}

/// <summary>One direction of a ConstantProductPool: amountOut = in·997·rOut / (rIn·1000 + in·997) for a 30 bps fee.</summary>
public sealed record PoolEdge : Edge
{
    public override VenueKind Kind => VenueKind.Pool;

    public required BigInteger ReserveIn { get; init; }

    public required BigInteger ReserveOut { get; init; }

    /// <summary>Fee on the input in basis points (the contract's is 30: 997/1000).</summary>
    public int PoolFeeBps { get; init; } = 30;

    private BigInteger Keep => 10_000 - PoolFeeBps;

    /// <summary>Inputs are capped at the input reserve (the price would move by more than half past it).</summary>
    public override BigInteger MaxInput => ReserveIn;

    public override BigInteger AmountOut(BigInteger amountIn)
    {
        if (amountIn.Sign <= 0 || ReserveIn.Sign <= 0 || ReserveOut.Sign <= 0) return BigInteger.Zero;
        var inWithFee = amountIn * Keep;
        return inWithFee * ReserveOut / (ReserveIn * 10_000 + inWithFee);
    }

    public override BigInteger? AmountIn(BigInteger amountOut)
    {
        if (amountOut.Sign <= 0 || amountOut >= ReserveOut || ReserveIn.Sign <= 0) return null;
        // Smallest x with floor(x·k·Ro / (Ri·10000 + x·k)) >= out: x = ceil(out·Ri·10000 / ((Ro - out)·k)).
        var numerator = amountOut * ReserveIn * 10_000;
        var denominator = (ReserveOut - amountOut) * Keep;
        var x = (numerator + denominator - 1) / denominator;
        return x;
    }

    public override Mobius Curve
    {
        get
        {
            var gamma = (double)Keep / 10_000;
            var rIn = (double)ReserveIn;
            return new Mobius(gamma * (double)ReserveOut / rIn, 1, gamma / rIn);
        }
    }

    public override BigInteger TokenFee(BigInteger amountIn) => amountIn * PoolFeeBps / 10_000;

    public override int FeeBps => PoolFeeBps;

    public override ulong GasEstimate => 46_000 + 90_000;
}

/// <summary>An intent fast fill: the filler pays out on the destination for a fee in basis points, up to its inventory.</summary>
public sealed record IntentEdge : Edge
{
    public override VenueKind Kind => VenueKind.IntentFill;

    public required int RelayerFeeBps { get; init; }

    /// <summary>Filler inventory on the destination, in the output token.</summary>
    public required BigInteger Inventory { get; init; }

    /// <summary>The smallest input the fillers fill (their fee must cover their gas; <c>FillerTerms.MinInput</c>); smaller inputs get no output.</summary>
    public BigInteger MinInput { get; init; } = BigInteger.One;

    private BigInteger Keep => 10_000 - RelayerFeeBps;

    public override BigInteger MaxInput => Inventory * 10_000 / Keep;

    public override BigInteger AmountOut(BigInteger amountIn)
    {
        if (amountIn.Sign <= 0 || amountIn < MinInput) return BigInteger.Zero;
        var output = amountIn * Keep / 10_000;
        return output <= Inventory ? output : BigInteger.Zero;
    }

    public override BigInteger? AmountIn(BigInteger amountOut)
    {
        if (amountOut.Sign <= 0 || amountOut > Inventory) return null;
        var input = BigInteger.Max((amountOut * 10_000 + Keep - 1) / Keep, MinInput);
        return AmountOut(input).IsZero ? null : input;
    }

    public override Mobius Curve => new((double)Keep / 10_000, 1, 0);

    public override BigInteger TokenFee(BigInteger amountIn) => amountIn - amountIn * Keep / 10_000;

    public override int FeeBps => RelayerFeeBps;

    public override ulong GasEstimate => 46_000 + 120_000;
}
