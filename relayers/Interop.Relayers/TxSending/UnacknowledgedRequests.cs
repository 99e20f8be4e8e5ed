using Akka.Actor;
using Interop.Relayers.TxSending.Commands;

namespace Interop.Relayers.TxSending;

/// <summary>
/// The requests an actor handed to a TxSender that the TxSender has not acknowledged yet, to be handed over again
/// (the same command: the TxSender is idempotent by request id) after a silence. A request can be lost on its way: a
/// TxSender stops when its journal fails and drops what reaches it while it stops and backs off. Once it acknowledged
/// a request it has journaled it and sees it through, after its own restarts too, so any answer ends the watch: a slow
/// confirmation is not a lost request. Used by the filler, the route and the rebalancer (one per actor, not thread-safe).
/// </summary>
public sealed class UnacknowledgedRequests
{
    private readonly Dictionary<string, (IActorRef TxSender, SendTransaction Command, DateTimeOffset Since)> _waiting = new(StringComparer.Ordinal);

    /// <summary>Requests not acknowledged yet.</summary>
    public int Count => _waiting.Count;

    /// <summary>Hands <paramref name="command"/> to <paramref name="txSender"/> and watches for its acknowledgement.</summary>
    public void Send(IActorRef txSender, SendTransaction command, DateTimeOffset now, IActorRef replyTo)
    {
        ArgumentNullException.ThrowIfNull(txSender);
        ArgumentNullException.ThrowIfNull(command);
        _waiting[command.RequestId] = (txSender, command, now);
        txSender.Tell(command, replyTo);
    }

    /// <summary>The TxSender answered about <paramref name="requestId"/> (accepted, submitted, replaced, confirmed or failed).</summary>
    public void Heard(string requestId) => _waiting.Remove(requestId);

    /// <summary>
    /// The requests silent for at least <paramref name="after"/> as of <paramref name="now"/>, each with how long it was;
    /// they count as sent again at <paramref name="now"/> (the caller hands each command over again).
    /// </summary>
    public IReadOnlyList<(IActorRef TxSender, SendTransaction Command, TimeSpan Silence)> Due(DateTimeOffset now, TimeSpan after)
    {
        var due = new List<(IActorRef, SendTransaction, TimeSpan)>();
        foreach (var (txSender, command, since) in _waiting.Values)
            if (now - since >= after) due.Add((txSender, command, now - since));
        foreach (var (txSender, command, _) in due) _waiting[command.RequestId] = (txSender, command, now);
        return due;
    }
}
