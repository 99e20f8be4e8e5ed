using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending.Journal;
using Interop.Relayers.TxSending.State;
using static Interop.Relayers.Tests.Support.TxFactory;

namespace Interop.Relayers.Tests.TxSending.State;

public sealed class TxSenderStateTests
{
    private static readonly TxSenderState Empty = TxSenderState.Empty(completedCapacity: 3);

    [Fact]
    public void A_request_moves_from_queue_to_pending_to_completed()
    {
        var queued = Empty.Apply(new RequestQueued(Request("a")));
        Assert.IsType<RequestStanding.Queued>(queued.Find("a"));

        var signed = queued.Apply(new AttemptSigned("a", 4, 25_200, Attempt(1)));
        Assert.Empty(signed.Queue);
        Assert.Equal(4ul, Assert.IsType<RequestStanding.Pending>(signed.Find("a")).Transaction.Nonce);
        Assert.Equal(5ul, signed.NextNonce);

        var replaced = signed.Apply(new AttemptSigned("a", 4, 25_200, Attempt(2)));
        Assert.Equal([Hash(1), Hash(2)], replaced.Pending[4].Attempts.Select(a => a.Hash));
        Assert.Equal(5ul, replaced.NextNonce);

        var confirmed = replaced.Apply(new RequestConfirmed("a", 4, Hash(1), Receipt(9)));
        Assert.Empty(confirmed.Pending);
        Assert.Equal(Hash(1), Assert.IsType<RequestStanding.Completed>(confirmed.Find("a")).Outcome.Hash);
    }

    [Fact]
    public void Applying_an_event_twice_changes_nothing_the_second_time()
    {
        var once = Empty.Apply(new RequestQueued(Request("a"))).Apply(new AttemptSigned("a", 0, 25_200, Attempt(1)));
        var twice = once.Apply(new RequestQueued(Request("a"))).Apply(new AttemptSigned("a", 0, 25_200, Attempt(1)));

        Assert.Empty(twice.Queue);
        Assert.Single(twice.Pending[0].Attempts);
    }

    [Fact]
    public void A_requeued_request_goes_first_and_gives_up_its_nonce()
    {
        var state = Empty
            .Apply(new RequestQueued(Request("a")))
            .Apply(new RequestQueued(Request("b")))
            .Apply(new AttemptSigned("a", 0, 25_200, Attempt(1)))
            .Apply(new RequestRequeued("a", 0, "nonce used"));

        Assert.Equal(["a", "b"], state.Queue.Select(r => r.RequestId));
        Assert.Empty(state.Pending);
        Assert.Equal(1ul, state.NextNonce);
    }

    [Fact]
    public void A_nonce_cannot_be_signed_for_two_requests()
    {
        var state = Empty.Apply(new RequestQueued(Request("a"))).Apply(new RequestQueued(Request("b")))
            .Apply(new AttemptSigned("a", 0, 25_200, Attempt(1)));

        Assert.Throws<InvalidOperationException>(() => state.Apply(new AttemptSigned("b", 0, 25_200, Attempt(2))));
    }

    [Fact]
    public void A_failed_request_is_remembered_and_the_oldest_outcomes_are_forgotten_beyond_capacity()
    {
        var state = Empty;
        foreach (var id in new[] { "a", "b", "c", "d" })
            state = state.Apply(new RequestQueued(Request(id))).Apply(new RequestFailed(id, "reverted"));

        Assert.Equal(3, state.Completed.Count);
        Assert.IsType<RequestStanding.Unknown>(state.Find("a"));
        Assert.Equal("reverted", Assert.IsType<RequestStanding.Completed>(state.Find("d")).Outcome.FailureReason);
    }

    [Fact]
    public void The_chain_nonce_only_moves_the_next_nonce_up_but_reconciliation_sets_it()
    {
        var state = Empty.ReconciledTo(10);

        Assert.Equal(10ul, state.WithChainNonce(4).NextNonce);
        Assert.Equal(12ul, state.WithChainNonce(12).NextNonce);
        Assert.Equal(4ul, state.ReconciledTo(4).NextNonce);
    }

    [Fact]
    public void A_snapshot_restores_the_same_state()
    {
        var state = Empty
            .Apply(new RequestQueued(Request("queued")))
            .Apply(new RequestQueued(Request("pending")))
            .Apply(new RequestQueued(Request("done")))
            .Apply(new AttemptSigned("done", 0, 25_200, Attempt(1)))
            .Apply(new AttemptSigned("pending", 1, 25_200, Attempt(2)))
            .Apply(new RequestConfirmed("done", 0, Hash(1), Receipt(3)));

        var restored = TxSenderState.FromSnapshot(state.ToSnapshot(), 3);

        Assert.Equal(state.ToSnapshot().Queue, restored.ToSnapshot().Queue);
        Assert.Equal(state.Pending.Keys, restored.Pending.Keys);
        Assert.Equal(state.Completed.Items, restored.Completed.Items);
        Assert.Equal(state.NextNonce, restored.NextNonce);
    }
}
