using Interop.Relayers.Claiming;

namespace Interop.Relayers.Tests.Claiming;

public sealed class HoldClaimTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);
    private const ulong ReleaseAt = 1_000;

    [Fact]
    public void A_hold_is_claimed_at_its_release_time_on_the_chains_clock_and_not_one_second_before()
    {
        var claim = new HoldClaim("claim:902:0xb:3");

        Assert.Equal(HoldClaimDecision.Wait, claim.Decide(present: true, headTime: ReleaseAt - 1, ReleaseAt, T0));
        Assert.False(claim.Pending);
        Assert.Equal(HoldClaimDecision.Claim, claim.Decide(present: true, headTime: ReleaseAt, ReleaseAt, T0));
        Assert.True(claim.Pending);
        Assert.Equal("claim:902:0xb:3", claim.RequestId);
    }

    [Fact]
    public void While_a_claim_is_with_the_TxSender_the_hold_is_not_read_and_no_second_claim_is_sent()
    {
        var claim = new HoldClaim("c");
        claim.Decide(true, ReleaseAt, ReleaseAt, T0);

        Assert.False(claim.ShouldRead(T0.AddHours(1)));
        Assert.Equal(HoldClaimDecision.Wait, claim.Decide(true, ReleaseAt, ReleaseAt, T0.AddHours(1)));
    }

    [Fact]
    public void A_successful_claim_finishes_and_its_outcome_is_recognised_by_request_id()
    {
        var claim = new HoldClaim("c");
        claim.Decide(true, ReleaseAt, ReleaseAt, T0);

        Assert.False(claim.IsCurrent("c:1"));
        Assert.True(claim.IsCurrent("c"));
        claim.Succeeded();

        Assert.True(claim.IsFinished);
        Assert.False(claim.IsCurrent("c"));
        Assert.False(claim.ShouldRead(T0.AddHours(1)));
        Assert.Equal(HoldClaimDecision.Finished, claim.Decide(true, ReleaseAt, ReleaseAt, T0.AddHours(1)));
    }

    [Fact]
    public void A_failed_claim_is_retried_under_a_new_id_only_after_the_retry_delay_and_a_new_read()
    {
        var claim = new HoldClaim("c");
        claim.Decide(true, ReleaseAt, ReleaseAt, T0);
        claim.Failed(T0, RetryAfter);

        Assert.Equal(1, claim.Attempt);
        Assert.False(claim.ShouldRead(T0 + RetryAfter - TimeSpan.FromTicks(1)));
        Assert.Equal(HoldClaimDecision.Wait, claim.Decide(true, ReleaseAt, ReleaseAt, T0 + RetryAfter - TimeSpan.FromTicks(1)));
        Assert.True(claim.ShouldRead(T0 + RetryAfter));
        Assert.Equal(HoldClaimDecision.Claim, claim.Decide(true, ReleaseAt, ReleaseAt, T0 + RetryAfter));
        Assert.Equal("c:1", claim.RequestId);
        Assert.False(claim.IsCurrent("c")); // the first attempt's outcome is stale now
    }

    [Fact]
    public void A_hold_read_as_gone_is_finished_without_a_claim_whoever_claimed_it()
    {
        var claim = new HoldClaim("c");
        claim.Decide(true, ReleaseAt, ReleaseAt, T0);
        claim.Failed(T0, RetryAfter); // e.g. UnknownHold: someone else claimed first

        Assert.Equal(HoldClaimDecision.Finished, claim.Decide(present: false, ReleaseAt, ReleaseAt, T0 + RetryAfter));
        Assert.True(claim.Gone);
        Assert.False(claim.ShouldRead(T0.AddHours(1)));

        var never = new HoldClaim("d");
        Assert.Equal(HoldClaimDecision.Finished, never.Decide(present: false, 0, ReleaseAt, T0));
        Assert.Equal(0, never.Attempt);
    }

    [Fact]
    public void Request_ids_are_the_base_then_the_base_with_the_attempt()
    {
        Assert.Equal("x", HoldClaim.RequestIdFor("x", 0));
        Assert.Equal("x:12", HoldClaim.RequestIdFor("x", 12));
        Assert.Throws<ArgumentException>(() => new HoldClaim(""));
    }
}
