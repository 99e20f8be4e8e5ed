using System.Numerics;
using Interop.Bridge.Relaying;
using Interop.Bridge.Tests.Indexing;
using Interop.Ethereum;

namespace Interop.Bridge.Tests.Relaying;

public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule NoJitter = new() { Initial = TimeSpan.FromSeconds(5), Max = TimeSpan.FromMinutes(1), Jitter = 0 };

    [Fact]
    public void Retry_delay_doubles_per_failure_until_the_cap()
    {
        var delays = Enumerable.Range(1, 7).Select(n => NoJitter.Delay(n, new Random(1)).TotalSeconds).ToList();
        Assert.Equal([5.0, 10, 20, 40, 60, 60, 60], delays);
    }

    [Fact]
    public void Retry_delay_stays_at_the_cap_for_absurd_failure_counts()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), NoJitter.Delay(int.MaxValue, new Random(1)));
    }

    [Fact]
    public void Retry_jitter_only_shortens_the_delay_by_at_most_its_fraction_and_is_reproducible_from_the_seed()
    {
        var schedule = NoJitter with { Jitter = 0.25 };
        for (var failures = 1; failures <= 8; failures++)
        {
            var raw = NoJitter.Delay(failures, new Random(1));
            var random = new Random(42);
            var replay = new Random(42);
            for (var i = 0; i < 50; i++)
            {
                var delay = schedule.Delay(failures, random);
                Assert.InRange(delay, raw * 0.75, raw);
                Assert.Equal(delay, schedule.Delay(failures, replay));
            }
        }
        var spread = Enumerable.Range(0, 20).Select(i => schedule.Delay(3, new Random(i))).Distinct().Count();
        Assert.True(spread > 10, "different seeds should spread the retries");
    }

    [Fact]
    public void Retry_schedule_rejects_a_zero_failure_count_and_bad_settings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoJitter.Delay(0, new Random()));
        Assert.Throws<ArgumentOutOfRangeException>(() => (NoJitter with { Jitter = 1 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (NoJitter with { Max = TimeSpan.FromSeconds(1) }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (NoJitter with { Initial = TimeSpan.Zero }).Validate());
    }

    [Theory]
    [InlineData(100_000, 1_000_000_000, "100000000000000", true)]
    [InlineData(100_000, 1_000_000_000, "99999999999999", false)]
    [InlineData(100_000, 0, "0", true)]
    public void Fee_policy_relays_only_messages_whose_payment_covers_gas_limit_times_the_minimum_price(uint gasLimit, long minPrice, string paid, bool relayed)
    {
        var (message, _) = new FakeMailbox(901, Address.Zero).Dispatch(902, gasLimit);
        var drop = FeePolicy.Check(message, BigInteger.Parse(paid), minPrice);
        Assert.Equal(relayed, drop is null);
        if (drop is not null)
        {
            Assert.StartsWith("underpaid", drop.Reason, StringComparison.Ordinal);
            Assert.Contains($"paid {paid} wei for gasLimit {gasLimit}", drop.Reason, StringComparison.Ordinal);
            Assert.Contains("stays deliverable by anyone", drop.Reason, StringComparison.Ordinal);
        }
    }
}
