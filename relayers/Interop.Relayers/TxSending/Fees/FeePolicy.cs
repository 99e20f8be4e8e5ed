using System.Numerics;

namespace Interop.Relayers.TxSending.Fees;

/// <summary>
/// How a TxSender prices transactions: pure functions over the market (next base fee, suggested priority fee).
/// </summary>
public static class FeePolicy
{
    /// <summary>
    /// The fees of a new transaction: the suggested priority fee and twice the next base fee on top, so the
    /// transaction stays includable through six full blocks of base-fee growth (12.5 % each) without a replacement.
    /// </summary>
    public static Eip1559Fees Initial(BigInteger nextBaseFee, BigInteger priorityFee)
    {
        if (nextBaseFee.Sign < 0) throw new ArgumentOutOfRangeException(nameof(nextBaseFee), nextBaseFee, "must not be negative");
        if (priorityFee.Sign < 0) throw new ArgumentOutOfRangeException(nameof(priorityFee), priorityFee, "must not be negative");
        return new Eip1559Fees(2 * nextBaseFee + priorityFee, priorityFee);
    }

    /// <summary>
    /// <paramref name="value"/> raised by <paramref name="percent"/> %, rounded up, and by at least 1 wei: nodes accept a
    /// replacement only when both fee fields grew by their minimum (10 % on geth and anvil), and rounding down or
    /// a zero priority fee would leave a field unchanged.
    /// </summary>
    public static BigInteger Bump(BigInteger value, int percent)
    {
        var increase = (value * percent + 99) / 100;
        return value + BigInteger.Max(increase, BigInteger.One);
    }

    /// <summary>
    /// The fees of a replacement for a transaction stuck at <paramref name="current"/>: each field bumped by
    /// <paramref name="bumpPercent"/> (the replacement minimum), or the market's price when that is higher (a base-fee
    /// spike is caught up in one step instead of many), with the max fee capped at <paramref name="capMultiplier"/>
    /// times <paramref name="initial"/>'s. Null when the cap leaves no room for the minimum bump: the transaction can
    /// then only be re-broadcast as it is.
    /// </summary>
    public static Eip1559Fees? Escalate(Eip1559Fees current, Eip1559Fees initial, Eip1559Fees market, int bumpPercent, int capMultiplier)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentOutOfRangeException.ThrowIfLessThan(bumpPercent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capMultiplier, 1);

        var cap = initial.MaxFeePerGas * capMultiplier;
        var minimumMaxFee = Bump(current.MaxFeePerGas, bumpPercent);
        var minimumPriority = Bump(current.MaxPriorityFeePerGas, bumpPercent);
        // The cap bounds what one gas may cost us (the max fee); the priority fee is bounded by the max fee itself.
        if (minimumMaxFee > cap || minimumPriority > cap) return null;

        var maxFee = BigInteger.Min(BigInteger.Max(minimumMaxFee, market.MaxFeePerGas), cap);
        var priority = BigInteger.Min(BigInteger.Max(minimumPriority, market.MaxPriorityFeePerGas), maxFee);
        return new Eip1559Fees(maxFee, priority);
    }
}
