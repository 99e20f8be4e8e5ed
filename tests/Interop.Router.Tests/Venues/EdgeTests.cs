using System.Numerics;
using Interop.Router.Venues;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Venues;

public sealed class EdgeTests
{
    private static readonly PoolEdge Pool = TestMarket.Pool(901, 10_000_000 * Usdc, BigInteger.Parse("3333333333333333333333"))[0];

    [Fact]
    public void Pool_amount_out_matches_the_contract_formula_known_answer()
    {
        // 1000 USDC in: 1e9·997·3333333333333333333333 / (1e13·1000 + 1e9·997), computed independently (Python).
        Assert.Equal(BigInteger.Parse("332300203003093924"), Pool.AmountOut(1_000 * Usdc));
        Assert.Equal(BigInteger.Zero, Pool.AmountOut(0));
    }

    [Fact]
    public void Pool_amount_in_is_the_smallest_input_that_reaches_the_output()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var wanted = new BigInteger(random.NextInt64(1, 1_000_000_000_000_000_000));
            var input = Pool.AmountIn(wanted)!.Value;
            Assert.True(Pool.AmountOut(input) >= wanted, $"in {input} gives {Pool.AmountOut(input)} < {wanted}");
            Assert.True(Pool.AmountOut(input - 1) < wanted, $"in {input - 1} already gives {wanted}");
        }
        Assert.Null(Pool.AmountIn(Pool.ReserveOut));
    }

    [Fact]
    public void Pool_output_is_monotone_in_input()
    {
        var random = new Random(3);
        var previous = BigInteger.Zero;
        var amount = BigInteger.Zero;
        for (var i = 0; i < 1000; i++)
        {
            amount += random.NextInt64(1, 50_000_000_000);
            var output = Pool.AmountOut(amount);
            Assert.True(output >= previous);
            previous = output;
        }
    }

    [Fact]
    public void Bridge_is_one_to_one_up_to_its_rate_limit_and_holds_large_transfers()
    {
        var bridge = TestMarket.Bridge(901, 902, available: 5_000 * Usdc, threshold: 1_000 * Usdc);
        Assert.Equal(5_000 * Usdc, bridge.AmountOut(5_000 * Usdc));
        Assert.Equal(BigInteger.Zero, bridge.AmountOut(5_000 * Usdc + 1));
        Assert.Equal(1_000 * Usdc, bridge.InstantMaxInput);
        Assert.Equal(BridgeFee, bridge.NativeFee);
    }

    [Fact]
    public void Curve_of_a_pool_matches_its_integer_output()
    {
        foreach (var x in new[] { 1_000 * Usdc, 1_000_000 * Usdc, 5_000_000 * Usdc })
        {
            var exact = (double)Pool.AmountOut(x);
            Assert.InRange(Pool.Curve.Out((double)x) / exact, 1 - 1e-12, 1 + 1e-12);
        }
    }

    [Fact]
    public void Composed_curve_equals_applying_one_curve_after_the_other()
    {
        var first = Pool.Curve;
        var second = TestMarket.Pool(902, 7_000_000 * Usdc, BigInteger.Parse("2000000000000000000000"))[1].Curve;
        var composed = first.Then(second);
        foreach (var x in new[] { 1e6, 1e10, 1e13 })
            Assert.InRange(composed.Out(x) / second.Out(first.Out(x)), 1 - 1e-12, 1 + 1e-12);
    }
}
