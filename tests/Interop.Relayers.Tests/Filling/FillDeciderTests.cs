using System.Numerics;
using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Relayers.Filling;

namespace Interop.Relayers.Tests.Filling;

public sealed class FillDeciderTests
{
    private static readonly Address Filler = Address.Parse("0x00000000000000000000000000000000000000f1");
    private static readonly Address Other = Address.Parse("0x00000000000000000000000000000000000000f2");
    private static readonly Address TokenIn = Address.Parse("0x0000000000000000000000000000000000000a01");
    private static readonly Address TokenOut = Address.Parse("0x0000000000000000000000000000000000000b01");
    private static readonly FillerRoute Route = new(901, Address.Zero, 902, Address.Zero, [new FillerToken("USDC", TokenIn, TokenOut)]);
    private const uint Now = 1_000_000;

    private static readonly FillerPolicy Policy = new()
    {
        MinFeeBps = 10,
        GasCostInToken = 100,
        ConfirmationsBySize = [new(0, 1), new(1_000_000, 3)],
        MaxExposurePerOrigin = 5_000_000,
        MaxOrderOutput = 2_000_000,
        DeadlineMargin = TimeSpan.FromSeconds(5),
    };

    private static IntentOrder Order(BigInteger input, BigInteger output, uint deadline = Now + 600, Address? exclusive = null, uint exclusivity = 0) =>
        new(901, 902, Other, Other, TokenIn, input, TokenOut, output, deadline, exclusive ?? Address.Zero, exclusivity, 1);

    private static FillContext Context(ulong confirmations = 5, BigInteger? inventory = null, BigInteger? exposure = null, long now = Now) =>
        new(Filler, now, confirmations, inventory ?? 10_000_000, exposure ?? 0);

    private static FillDecision Decide(IntentOrder order, FillContext? context = null) => FillDecider.Decide(order, Route, context ?? Context(), Policy);

    [Fact]
    public void A_profitable_confirmed_order_within_every_limit_is_filled() =>
        Assert.IsType<FillDecision.Fill>(Decide(Order(500_000, 499_000)));

    [Fact]
    public void Fee_exactly_at_the_minimum_bps_is_filled_and_one_unit_less_is_skipped()
    {
        // 10 bps of 1_000_000 is 1_000.
        Assert.IsType<FillDecision.Fill>(Decide(Order(1_000_000, 999_000), Context(confirmations: 3)));
        Assert.IsType<FillDecision.Skip>(Decide(Order(1_000_000, 999_001), Context(confirmations: 3)));
    }

    [Fact]
    public void Fee_must_exceed_the_gas_cost_in_token()
    {
        var policy = Policy with { MinFeeBps = 0 };
        Assert.IsType<FillDecision.Skip>(FillDecider.Decide(Order(10_000, 9_900), Route, Context(), policy));  // fee 100 = gas
        Assert.IsType<FillDecision.Fill>(FillDecider.Decide(Order(10_000, 9_899), Route, Context(), policy));  // fee 101
    }

    [Fact]
    public void Large_orders_wait_for_more_confirmations()
    {
        var large = Order(1_010_000, 1_000_000);
        Assert.Equal(3ul, Policy.ConfirmationsFor(1_000_000));
        Assert.Equal(1ul, Policy.ConfirmationsFor(999_999));
        Assert.IsType<FillDecision.Wait>(Decide(large, Context(confirmations: 2)));
        Assert.IsType<FillDecision.Fill>(Decide(large, Context(confirmations: 3)));
        Assert.IsType<FillDecision.Wait>(Decide(Order(500_000, 499_000), Context(confirmations: 0)));
    }

    [Fact]
    public void Exposure_at_the_cap_is_filled_and_past_it_waits()
    {
        var order = Order(500_000, 499_000);
        Assert.IsType<FillDecision.Fill>(Decide(order, Context(exposure: 5_000_000 - 499_000)));
        Assert.IsType<FillDecision.Wait>(Decide(order, Context(exposure: 5_000_000 - 498_999)));
    }

    [Fact]
    public void Inventory_exactly_the_output_is_filled_and_one_unit_less_waits()
    {
        var order = Order(500_000, 499_000);
        Assert.IsType<FillDecision.Fill>(Decide(order, Context(inventory: 499_000)));
        Assert.IsType<FillDecision.Wait>(Decide(order, Context(inventory: 498_999)));
    }

    [Fact]
    public void The_largest_order_is_filled_and_anything_bigger_is_skipped()
    {
        Assert.IsType<FillDecision.Fill>(Decide(Order(2_010_000, 2_000_000)));
        Assert.IsType<FillDecision.Skip>(Decide(Order(2_010_001, 2_000_001)));
    }

    [Fact]
    public void An_order_too_close_to_its_deadline_is_skipped()
    {
        Assert.IsType<FillDecision.Fill>(Decide(Order(500_000, 499_000, deadline: Now + 6)));
        Assert.IsType<FillDecision.Skip>(Decide(Order(500_000, 499_000, deadline: Now + 5)));
        Assert.IsType<FillDecision.Skip>(Decide(Order(500_000, 499_000, deadline: Now - 1u)));
    }

    [Fact]
    public void Someone_elses_exclusive_order_waits_until_the_exclusivity_ends()
    {
        var order = Order(500_000, 499_000, exclusive: Other, exclusivity: Now + 10);
        Assert.IsType<FillDecision.Wait>(Decide(order, Context(now: Now + 10)));
        Assert.IsType<FillDecision.Fill>(Decide(order, Context(now: Now + 11)));
        Assert.IsType<FillDecision.Fill>(Decide(order with { ExclusiveFiller = Filler }));
        // Exclusive until right before the deadline: never fillable by us in time.
        Assert.IsType<FillDecision.Skip>(Decide(Order(500_000, 499_000, deadline: Now + 600, exclusive: Other, exclusivity: Now + 595)));
    }

    [Fact]
    public void Orders_of_another_route_or_token_are_skipped()
    {
        Assert.IsType<FillDecision.Skip>(Decide(Order(500_000, 499_000) with { DestinationDomain = 900 }));
        Assert.IsType<FillDecision.Skip>(Decide(Order(500_000, 499_000) with { OutputToken = Other }));
        Assert.IsType<FillDecision.Skip>(Decide(Order(500_000, 500_001)));
    }

    [Fact]
    public void A_policy_with_bad_values_names_each_key()
    {
        var errors = new FillerPolicy { MinFeeBps = -1, MaxExposurePerOrigin = 0, GasCostInToken = -1 }.Validate("Interop:Filler:");
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:MinFeeBps", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:MaxExposurePerOrigin", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Filler:GasCostInToken", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(5, 1)]
    [InlineData(10, 100)]
    [InlineData(7, 12_345)]
    [InlineData(30, 999_999)]
    [InlineData(9_999, 10)]
    public void The_published_minimum_input_is_the_smallest_order_the_decider_fills_at_the_quoted_fee(int bps, int gas)
    {
        var policy = Policy with { MinFeeBps = bps, GasCostInToken = gas, MaxOrderOutput = BigInteger.Pow(10, 18), MaxExposurePerOrigin = BigInteger.Pow(10, 18) };
        var min = FillerTerms.MinInputFor(bps, gas)!.Value;
        // The router quotes output = floor(input x (10000 - bps) / 10000) (IntentEdge.AmountOut), fee = input - output.
        IntentOrder At(BigInteger input) => Order(input, input * (10_000 - bps) / 10_000);
        var context = Context(inventory: BigInteger.Pow(10, 18));
        Assert.Equal(FillerTerms.FeeOf(min, bps), min - At(min).OutputAmount);
        Assert.IsType<FillDecision.Fill>(FillDecider.Decide(At(min), Route, context, policy));
        if (min > 1)
            Assert.IsType<FillDecision.Skip>(FillDecider.Decide(At(min - 1), Route, context, policy));   // gas not covered, or no output
        // Larger orders keep being filled (the fee never shrinks as the input grows).
        foreach (var input in new[] { min + 1, min + 17, 2 * min + 3 })
            Assert.IsType<FillDecision.Fill>(FillDecider.Decide(At(input), Route, context, policy));
    }

    [Fact]
    public void No_minimum_input_exists_for_a_zero_fee()
    {
        Assert.Null(FillerTerms.MinInputFor(0, 0));
        Assert.Null(FillerTerms.MinInputFor(10_000, 0));
        Assert.Equal(new BigInteger(2), FillerTerms.MinInputFor(1, 0));      // 1 unit in gives 0 out
        Assert.Equal(new BigInteger(10_000), FillerTerms.MinInputFor(9_999, 0));
    }
}
