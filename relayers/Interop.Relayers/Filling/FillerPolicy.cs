using System.Numerics;
using Interop.Ethereum;

namespace Interop.Relayers.Filling;

/// <summary>Orders of at least <paramref name="MinOutput"/> wait for <paramref name="Confirmations"/> origin blocks (the open's block counts as 1).</summary>
public sealed record ConfirmationTier(BigInteger MinOutput, ulong Confirmations);

/// <summary>
/// When a filler fills: fee floor, the gas a fill costs it (in the token), confirmations by order size, the most it lets
/// ride unrepaid per origin, the largest single order, and the margin it keeps before a deadline.
/// </summary>
public sealed record FillerPolicy
{
    /// <summary>Least fee (input minus output) in basis points of the input.</summary>
    public int MinFeeBps { get; init; } = 5;

    /// <summary>What a fill plus its share of the settlement costs, in token base units; the fee must exceed it.</summary>
    public BigInteger GasCostInToken { get; init; } = BigInteger.Zero;

    /// <summary>Tiers by output size (any order); an order takes the confirmations of the largest tier it reaches, at least 1.</summary>
    public IReadOnlyList<ConfirmationTier> ConfirmationsBySize { get; init; } = [new(BigInteger.Zero, 1)];

    /// <summary>The most output filled for one origin and not yet repaid there (in flight + awaiting settlement).</summary>
    public BigInteger MaxExposurePerOrigin { get; init; } = BigInteger.Pow(10, 12);

    /// <summary>The largest output of one order.</summary>
    public BigInteger MaxOrderOutput { get; init; } = BigInteger.Pow(10, 12);

    /// <summary>A fill must land before the deadline: none is started with less time left than this.</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Confirmations an order of <paramref name="output"/> needs.</summary>
    public ulong ConfirmationsFor(BigInteger output)
    {
        ulong needed = 1;
        BigInteger best = -1;
        foreach (var tier in ConfirmationsBySize)
            if (output >= tier.MinOutput && tier.MinOutput > best)
            {
                best = tier.MinOutput;
                needed = Math.Max(1, tier.Confirmations);
            }
        return needed;
    }

    /// <summary>The problems, each naming its key; empty when usable.</summary>
    public IReadOnlyList<string> Validate(string prefix = "")
    {
        var errors = new List<string>();
        if (MinFeeBps is < 0 or >= 10_000) errors.Add($"{prefix}MinFeeBps must be within 0..9999, got {MinFeeBps}");
        if (GasCostInToken.Sign < 0) errors.Add($"{prefix}GasCostInToken must not be negative, got {GasCostInToken}");
        if (MaxExposurePerOrigin.Sign <= 0) errors.Add($"{prefix}MaxExposurePerOrigin must be positive, got {MaxExposurePerOrigin}");
        if (MaxOrderOutput.Sign <= 0) errors.Add($"{prefix}MaxOrderOutput must be positive, got {MaxOrderOutput}");
        if (DeadlineMargin < TimeSpan.Zero) errors.Add($"{prefix}DeadlineMargin must not be negative, got {DeadlineMargin}");
        for (var i = 0; i < ConfirmationsBySize.Count; i++)
            if (ConfirmationsBySize[i].MinOutput.Sign < 0) errors.Add($"{prefix}ConfirmationsBySize:{i}:MinOutput must not be negative");
        return errors;
    }
}

/// <summary>One token a filler serves on a route: the origin's input token and the destination's output token (same asset, same decimals).</summary>
public sealed record FillerToken(string Symbol, Address InputToken, Address OutputToken);

/// <summary>One route a filler serves: orders opened on <paramref name="Origin"/> paying out on <paramref name="Destination"/>.</summary>
public sealed record FillerRoute(uint Origin, Address OriginPool, uint Destination, Address DestinationPool, IReadOnlyList<FillerToken> Tokens);
