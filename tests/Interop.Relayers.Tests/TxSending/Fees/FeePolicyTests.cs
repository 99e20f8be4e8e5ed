using System.Numerics;
using Interop.Relayers.TxSending.Fees;

namespace Interop.Relayers.Tests.TxSending.Fees;

public sealed class FeePolicyTests
{
    private static readonly BigInteger Gwei = 1_000_000_000;

    [Fact]
    public void Initial_fees_are_twice_the_base_fee_plus_the_priority_fee()
    {
        var fees = FeePolicy.Initial(10 * Gwei, 2 * Gwei);

        Assert.Equal(22 * Gwei, fees.MaxFeePerGas);
        Assert.Equal(2 * Gwei, fees.MaxPriorityFeePerGas);
    }

    [Theory]
    [InlineData(100, 10, 110)]
    [InlineData(101, 10, 112)] // 10.1 rounds up: a rounded-down bump is below what nodes accept
    [InlineData(0, 10, 1)] // a zero priority fee still has to grow
    [InlineData(5, 10, 6)]
    [InlineData(1000, 25, 1250)]
    public void Bump_raises_by_the_percentage_rounded_up_and_by_at_least_one_wei(long value, int percent, long expected) =>
        Assert.Equal(new BigInteger(expected), FeePolicy.Bump(value, percent));

    [Fact]
    public void Escalation_raises_both_fields_by_ten_percent_in_a_calm_market()
    {
        var initial = new Eip1559Fees(30 * Gwei, 1 * Gwei);
        var calm = new Eip1559Fees(20 * Gwei, 1 * Gwei);

        var next = FeePolicy.Escalate(initial, initial, calm, 10, 3)!;

        Assert.Equal(33 * Gwei, next.MaxFeePerGas);
        Assert.Equal(1_100_000_000, next.MaxPriorityFeePerGas);
    }

    [Fact]
    public void Escalation_steps_are_at_least_the_replacement_minimum_each_time_until_the_cap()
    {
        var initial = new Eip1559Fees(100 * Gwei, 2 * Gwei);
        var calm = new Eip1559Fees(1 * Gwei, 1 * Gwei);
        var steps = new List<Eip1559Fees> { initial };
        while (FeePolicy.Escalate(steps[^1], initial, calm, 10, 3) is { } next) steps.Add(next);

        Assert.Equal(12, steps.Count); // 1.1^11 = 2.85 <= 3 < 1.1^12
        foreach (var (previous, next) in steps.Zip(steps.Skip(1)))
        {
            Assert.True(next.MaxFeePerGas * 10 >= previous.MaxFeePerGas * 11);
            Assert.True(next.MaxPriorityFeePerGas * 10 >= previous.MaxPriorityFeePerGas * 11);
        }
        Assert.All(steps, s => Assert.True(s.MaxFeePerGas <= 300 * Gwei));
    }

    [Fact]
    public void Escalation_follows_a_base_fee_spike_in_one_step_up_to_the_cap()
    {
        var initial = new Eip1559Fees(30 * Gwei, 1 * Gwei);
        var spiked = new Eip1559Fees(70 * Gwei, 3 * Gwei);

        var next = FeePolicy.Escalate(initial, initial, spiked, 10, 3)!;

        Assert.Equal(70 * Gwei, next.MaxFeePerGas);
        Assert.Equal(3 * Gwei, next.MaxPriorityFeePerGas);
    }

    [Fact]
    public void Escalation_caps_the_max_fee_at_three_times_the_initial()
    {
        var initial = new Eip1559Fees(30 * Gwei, 1 * Gwei);
        var extreme = new Eip1559Fees(500 * Gwei, 2 * Gwei);

        var next = FeePolicy.Escalate(initial, initial, extreme, 10, 3)!;

        Assert.Equal(90 * Gwei, next.MaxFeePerGas);
    }

    [Fact]
    public void Escalation_gives_up_when_the_cap_leaves_no_room_for_the_minimum_bump()
    {
        var initial = new Eip1559Fees(30 * Gwei, 1 * Gwei);
        var nearCap = new Eip1559Fees(85 * Gwei, 2 * Gwei); // 85 * 1.1 = 93.5 > 90

        Assert.Null(FeePolicy.Escalate(nearCap, initial, new Eip1559Fees(200 * Gwei, 2 * Gwei), 10, 3));
    }

    [Fact]
    public void Escalation_never_lets_the_priority_fee_exceed_the_max_fee()
    {
        var initial = new Eip1559Fees(10 * Gwei, 1 * Gwei);
        var greedyTip = new Eip1559Fees(50 * Gwei, 45 * Gwei);

        var next = FeePolicy.Escalate(initial, initial, greedyTip, 10, 3)!;

        Assert.Equal(30 * Gwei, next.MaxFeePerGas);
        Assert.Equal(30 * Gwei, next.MaxPriorityFeePerGas);
    }

    [Fact]
    public void Fees_reject_a_priority_fee_above_the_max_fee() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Eip1559Fees(1, 2));
}
