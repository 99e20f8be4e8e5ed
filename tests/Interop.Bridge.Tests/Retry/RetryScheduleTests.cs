using Interop.Bridge.Retry;

namespace Interop.Bridge.Tests.Retry;

public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule Schedule = new()
    {
        InitialDelay = TimeSpan.FromSeconds(1), Multiplier = 2, MaxDelay = TimeSpan.FromSeconds(30), JitterFraction = 0.2,
    };

    [Fact]
    public void Delay_grows_exponentially_without_jitter()
    {
        var exact = Schedule with { JitterFraction = 0 };

        Assert.Equal([1, 2, 4, 8, 16], Enumerable.Range(1, 5).Select(a => exact.Delay(a).TotalSeconds));
    }

    [Fact]
    public void Delay_stays_within_the_jitter_band_around_the_exponential_delay()
    {
        var random = new Random(7);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var expected = Math.Pow(2, attempt - 1);
            for (var i = 0; i < 200; i++)
            {
                var seconds = Schedule.Delay(attempt, random).TotalSeconds;
                Assert.InRange(seconds, expected * 0.8, expected * 1.2);
            }
        }
    }

    [Fact]
    public void Delay_is_capped_jitter_included_even_for_huge_attempts()
    {
        var random = new Random(1);
        foreach (var attempt in new[] { 6, 10, 100, 10_000, int.MaxValue })
            Assert.InRange(Schedule.Delay(attempt, random), TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Delay_is_deterministic_for_the_same_seed()
    {
        var first = Enumerable.Range(1, 8).Select(a => Schedule.Delay(a, new Random(42))).ToArray();
        var second = Enumerable.Range(1, 8).Select(a => Schedule.Delay(a, new Random(42))).ToArray();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Delay_spreads_retries_that_failed_together()
    {
        var random = new Random(3);
        var delays = Enumerable.Range(0, 50).Select(_ => Schedule.Delay(3, random)).Distinct().Count();

        Assert.True(delays > 40, "jitter must keep simultaneous failures from retrying in lock step");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Delay_rejects_attempts_below_one(int attempt) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Delay(attempt));

    [Fact]
    public void Validate_names_the_setting_out_of_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (Schedule with { Multiplier = 0.5 }).Validate());
        Assert.Equal(nameof(RetrySchedule.Multiplier), e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => (Schedule with { MaxDelay = TimeSpan.FromMilliseconds(1) }).Validate());
        Assert.Equal(nameof(RetrySchedule.MaxDelay), e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => (Schedule with { JitterFraction = 1.5 }).Validate());
        Assert.Equal(nameof(RetrySchedule.JitterFraction), e.ParamName);
    }
}
