using Akka.Actor;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Commands;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.TxSending;

public sealed class UnacknowledgedRequestsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(10);

    private static SendTransaction Command(string id) => new(id, new Address(new byte[20]), [1, 2], 0);

    [Fact]
    public void A_request_is_due_once_silent_for_the_whole_interval_and_then_counts_as_sent_again()
    {
        var requests = new UnacknowledgedRequests();
        var command = Command("fill:1");
        requests.Send(ActorRefs.Nobody, command, T0, ActorRefs.Nobody);

        Assert.Empty(requests.Due(T0 + After - TimeSpan.FromTicks(1), After));
        var due = Assert.Single(requests.Due(T0 + After, After));
        Assert.Same(command, due.Command);
        Assert.Equal(After, due.Silence);
        // Handed over again at T0 + After: not due again before another whole interval.
        Assert.Empty(requests.Due(T0 + After + After - TimeSpan.FromTicks(1), After));
        Assert.Single(requests.Due(T0 + After + After, After));
    }

    [Fact]
    public void Any_answer_ends_the_watch_and_other_requests_stay_watched()
    {
        var requests = new UnacknowledgedRequests();
        requests.Send(ActorRefs.Nobody, Command("a"), T0, ActorRefs.Nobody);
        requests.Send(ActorRefs.Nobody, Command("b"), T0, ActorRefs.Nobody);
        requests.Heard("a");
        requests.Heard("unknown");
        Assert.Equal(1, requests.Count);
        Assert.Equal("b", Assert.Single(requests.Due(T0 + After, After)).Command.RequestId);
    }
}
