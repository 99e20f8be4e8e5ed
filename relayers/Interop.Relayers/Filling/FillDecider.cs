using System.Numerics;
using Interop.Bridge.Intents;
using Interop.Ethereum;

namespace Interop.Relayers.Filling;

/// <summary>What to do with an open order now.</summary>
public abstract record FillDecision
{
    /// <summary>Fill it now.</summary>
    public sealed record Fill : FillDecision
    {
        public static readonly Fill Instance = new();

        private Fill()
        {
        }
    }

    /// <summary>Not now, maybe later (confirmations, exclusivity, exposure, inventory).</summary>
    public sealed record Wait(string Reason) : FillDecision;

    /// <summary>Never (unprofitable, unknown token, deadline too close): forget it.</summary>
    public sealed record Skip(string Reason) : FillDecision;
}

/// <summary>What the filler knows when it decides on one order.</summary>
/// <param name="Filler">The filler's address.</param>
/// <param name="NowUnixSeconds">The current time (the destination's block time is close to it on a healthy chain).</param>
/// <param name="Confirmations">Origin blocks on top of and including the open's block (head − block + 1).</param>
/// <param name="AvailableInventory">The filler's output token on the destination, minus its fills in flight.</param>
/// <param name="OriginExposure">Output the filler has filled for this origin and not been repaid yet.</param>
public sealed record FillContext(Address Filler, long NowUnixSeconds, ulong Confirmations, BigInteger AvailableInventory, BigInteger OriginExposure);

/// <summary>The filler's decision per order: pure, so every limit is tested at and past its boundary without chains or actors.</summary>
public static class FillDecider
{
    public static FillDecision Decide(IntentOrder order, FillerRoute route, FillContext context, FillerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);

        if (order.OriginDomain != route.Origin || order.DestinationDomain != route.Destination)
            return new FillDecision.Skip($"order is for route {order.OriginDomain}->{order.DestinationDomain}, not {route.Origin}->{route.Destination}");
        if (!route.Tokens.Any(t => t.InputToken == order.InputToken && t.OutputToken == order.OutputToken))
            return new FillDecision.Skip($"token pair {order.InputToken} -> {order.OutputToken} is not served on this route");
        if (order.OutputAmount.Sign <= 0)
            return new FillDecision.Skip("output is zero");

        var deadline = (long)order.FillDeadline;
        if (context.NowUnixSeconds + (long)policy.DeadlineMargin.TotalSeconds >= deadline)
            return new FillDecision.Skip($"fill deadline {deadline} is within {policy.DeadlineMargin.TotalSeconds:0} s of now ({context.NowUnixSeconds})");

        var fee = order.Fee;
        if (fee * 10_000 < order.InputAmount * policy.MinFeeBps)
            return new FillDecision.Skip($"fee {fee} is below {policy.MinFeeBps} bps of input {order.InputAmount}");
        if (fee <= policy.GasCostInToken)
            return new FillDecision.Skip($"fee {fee} does not cover the gas cost {policy.GasCostInToken}");
        if (order.OutputAmount > policy.MaxOrderOutput)
            return new FillDecision.Skip($"output {order.OutputAmount} is above the largest order filled ({policy.MaxOrderOutput})");

        if (!order.ExclusiveFiller.IsZero && order.ExclusiveFiller != context.Filler && context.NowUnixSeconds <= order.ExclusivityDeadline)
        {
            if ((long)order.ExclusivityDeadline + 1 + (long)policy.DeadlineMargin.TotalSeconds >= deadline)
                return new FillDecision.Skip($"exclusive to {order.ExclusiveFiller} until {order.ExclusivityDeadline}, too close to the fill deadline {deadline}");
            return new FillDecision.Wait($"exclusive to {order.ExclusiveFiller} until {order.ExclusivityDeadline}");
        }

        var needed = policy.ConfirmationsFor(order.OutputAmount);
        if (context.Confirmations < needed)
            return new FillDecision.Wait($"{context.Confirmations} of {needed} origin confirmations");

        if (context.OriginExposure + order.OutputAmount > policy.MaxExposurePerOrigin)
            return new FillDecision.Wait($"exposure to origin {order.OriginDomain} would be {context.OriginExposure + order.OutputAmount}, above {policy.MaxExposurePerOrigin}");
        if (order.OutputAmount > context.AvailableInventory)
            return new FillDecision.Wait($"output {order.OutputAmount} is above the available inventory {context.AvailableInventory}");

        return FillDecision.Fill.Instance;
    }
}
