using System.Numerics;

namespace Interop.Relayers.TxSending.Fees;

/// <summary>The two EIP-1559 fee fields of a transaction, in wei per gas.</summary>
public sealed record Eip1559Fees
{
    public Eip1559Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas)
    {
        if (maxPriorityFeePerGas.Sign < 0) throw new ArgumentOutOfRangeException(nameof(maxPriorityFeePerGas), maxPriorityFeePerGas, "must not be negative");
        if (maxFeePerGas < maxPriorityFeePerGas)
            throw new ArgumentOutOfRangeException(nameof(maxFeePerGas), maxFeePerGas, $"must be at least the priority fee ({maxPriorityFeePerGas})");
        MaxFeePerGas = maxFeePerGas;
        MaxPriorityFeePerGas = maxPriorityFeePerGas;
    }

    /// <summary>The most paid per gas in total.</summary>
    public BigInteger MaxFeePerGas { get; }

    /// <summary>The most paid per gas to the block producer, on top of the base fee.</summary>
    public BigInteger MaxPriorityFeePerGas { get; }

    public override string ToString() => $"maxFee {MaxFeePerGas} / priority {MaxPriorityFeePerGas}";
}
