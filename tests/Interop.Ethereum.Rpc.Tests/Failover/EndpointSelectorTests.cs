using Interop.Ethereum.Rpc.Failover;

namespace Interop.Ethereum.Rpc.Tests.Failover;

public sealed class EndpointSelectorTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly FailoverOptions Options = new()
    {
        Cooldown = TimeSpan.FromSeconds(5),
        MaxCooldown = TimeSpan.FromSeconds(30),
        MaxBlockLag = 5,
        StallTimeout = TimeSpan.FromSeconds(20),
    };

    private static EndpointSelector Create(int count = 3) =>
        new(Enumerable.Range(0, count).Select(i => $"http://node{i}").ToArray(), Options);

    [Fact]
    public void Plan_follows_the_configured_order_when_every_endpoint_is_healthy()
    {
        var selector = Create();
        Assert.Equal([0, 1, 2], selector.Plan(T0));
        Assert.Equal(0, selector.Preferred(T0));
    }

    [Fact]
    public void Plan_moves_a_failed_endpoint_to_the_end_until_its_cooldown_passes()
    {
        var selector = Create();
        selector.ReportFailure(0, T0, "boom");

        Assert.Equal(EndpointState.CoolingDown, selector.StateOf(0, T0));
        Assert.Equal([1, 2, 0], selector.Plan(T0));
        Assert.Equal([1, 2, 0], selector.Plan(T0 + TimeSpan.FromSeconds(4.999)));
        Assert.Equal([0, 1, 2], selector.Plan(T0 + TimeSpan.FromSeconds(5)));
        Assert.Equal(EndpointState.Healthy, selector.StateOf(0, T0 + TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Cooldown_doubles_with_each_consecutive_failure_up_to_the_maximum()
    {
        var selector = Create();
        Assert.Equal(TimeSpan.Zero, selector.CooldownFor(0));
        Assert.Equal(TimeSpan.FromSeconds(5), selector.CooldownFor(1));
        Assert.Equal(TimeSpan.FromSeconds(10), selector.CooldownFor(2));
        Assert.Equal(TimeSpan.FromSeconds(20), selector.CooldownFor(3));
        Assert.Equal(TimeSpan.FromSeconds(30), selector.CooldownFor(4));
        Assert.Equal(TimeSpan.FromSeconds(30), selector.CooldownFor(1000));

        selector.ReportFailure(1, T0, "first");
        var t1 = T0 + TimeSpan.FromSeconds(5);
        selector.ReportFailure(1, t1, "second");
        Assert.Equal(t1 + TimeSpan.FromSeconds(10), selector.Snapshot(t1)[1].CooldownUntil);
    }

    [Fact]
    public void Success_resets_the_failure_count_and_ends_a_cooldown_early()
    {
        var selector = Create();
        selector.ReportFailure(0, T0, "one");
        selector.ReportFailure(0, T0, "two");

        selector.ReportSuccess(0);

        var health = selector.Snapshot(T0)[0];
        Assert.Equal(0, health.ConsecutiveFailures);
        Assert.Equal(EndpointState.Healthy, health.State);
        Assert.Null(health.CooldownUntil);
        Assert.Equal(2, health.Failures);
        Assert.Equal(1, health.Successes);
        Assert.Equal("two", health.LastError);
        Assert.Equal(TimeSpan.FromSeconds(5), selector.CooldownFor(1));
    }

    [Fact]
    public void Plan_tries_cooling_endpoints_last_in_order_of_recovery_when_all_failed()
    {
        var selector = Create();
        selector.ReportFailure(0, T0 + TimeSpan.FromSeconds(2), "late failure");
        selector.ReportFailure(1, T0, "early failure");
        selector.ReportFailure(2, T0 + TimeSpan.FromSeconds(1), "middle failure");

        Assert.Equal([1, 2, 0], selector.Plan(T0 + TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Endpoint_is_stalled_when_it_lags_more_than_the_maximum_blocks_behind_the_best()
    {
        var selector = Create();
        selector.ReportHead(0, 100, T0);
        selector.ReportHead(1, 105, T0);
        Assert.Equal(EndpointState.Healthy, selector.StateOf(0, T0));

        selector.ReportHead(1, 106, T0);

        Assert.Equal(EndpointState.Stalled, selector.StateOf(0, T0));
        Assert.Equal(6UL, selector.Snapshot(T0)[0].BlocksBehind);
        Assert.Equal([1, 2, 0], selector.Plan(T0));
    }

    [Fact]
    public void Endpoint_is_stalled_when_it_stays_behind_without_advancing_for_the_stall_timeout()
    {
        var selector = Create(2);
        selector.ReportHead(0, 100, T0);
        selector.ReportHead(1, 101, T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(EndpointState.Healthy, selector.StateOf(0, T0 + TimeSpan.FromSeconds(20.9)));
        Assert.Equal(EndpointState.Stalled, selector.StateOf(0, T0 + TimeSpan.FromSeconds(21)));
    }

    [Fact]
    public void Stall_clock_restarts_when_the_lagging_endpoint_advances()
    {
        var selector = Create(2);
        selector.ReportHead(0, 100, T0);
        selector.ReportHead(1, 102, T0);
        selector.ReportHead(0, 101, T0 + TimeSpan.FromSeconds(15));

        // Still one block behind, but it moved 15 s in: a slow endpoint, not a frozen one.
        Assert.Equal(EndpointState.Healthy, selector.StateOf(0, T0 + TimeSpan.FromSeconds(30)));
        Assert.Equal(EndpointState.Stalled, selector.StateOf(0, T0 + TimeSpan.FromSeconds(35)));
    }

    [Fact]
    public void Endpoint_is_not_stalled_when_no_endpoint_advances()
    {
        // An idle devnet mines no blocks; equal heads are never a stall, however long they stay.
        var selector = Create(2);
        selector.ReportHead(0, 7, T0);
        selector.ReportHead(1, 7, T0);
        selector.ReportHead(0, 7, T0 + TimeSpan.FromHours(1));
        Assert.Equal(EndpointState.Healthy, selector.StateOf(0, T0 + TimeSpan.FromHours(1)));
        Assert.Equal(EndpointState.Healthy, selector.StateOf(1, T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Stall_clears_when_the_endpoint_catches_up()
    {
        var selector = Create(2);
        selector.ReportHead(0, 100, T0);
        selector.ReportHead(1, 110, T0);
        Assert.Equal(EndpointState.Stalled, selector.StateOf(0, T0));

        selector.ReportHead(0, 110, T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(EndpointState.Healthy, selector.StateOf(0, T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal(0UL, selector.Snapshot(T0)[0].BlocksBehind);
    }

    [Fact]
    public void Plan_ranks_stalled_endpoints_after_healthy_and_before_cooling_ones()
    {
        var selector = Create();
        selector.ReportHead(0, 100, T0);
        selector.ReportHead(1, 200, T0);
        selector.ReportHead(2, 200, T0);
        selector.ReportFailure(1, T0, "down");

        Assert.Equal(EndpointState.Stalled, selector.StateOf(0, T0));
        Assert.Equal([2, 0, 1], selector.Plan(T0));
    }

    [Fact]
    public void Endpoint_without_a_reported_head_is_never_stalled()
    {
        var selector = Create(2);
        selector.ReportHead(1, 1_000_000, T0);
        Assert.Equal(EndpointState.Healthy, selector.StateOf(0, T0 + TimeSpan.FromDays(1)));
        Assert.Null(selector.Snapshot(T0)[0].Head);
    }

    [Fact]
    public void Constructor_rejects_an_empty_endpoint_list_and_invalid_options()
    {
        Assert.Throws<ArgumentException>(() => new EndpointSelector([], Options));
        var error = Assert.Throws<ArgumentException>(() => new EndpointSelector(["a"], Options with { MaxCooldown = TimeSpan.FromSeconds(1) }));
        Assert.Contains("MaxCooldown", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new EndpointSelector(["a"], Options with { HeadCheckInterval = TimeSpan.Zero }));
    }
}
