using Interop.Bridge.Indexing;
using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Status;

/// <summary>
/// Which message's delivery a TokenBridge <c>TransferHeld</c> log belongs to. The Mailbox delivers a batch message by
/// message (<c>processBatch</c> -> <c>_deliver</c>): it calls the recipient's <c>handle</c>, in which the bridge emits
/// <c>TransferHeld</c>, and only then emits <c>Processed</c> for that message (or, if handle reverted, <c>ProcessFailed</c>
/// with every log of the call rolled back); <c>retry</c> does the same for one message. So within one transaction a
/// TransferHeld belongs to the first Processed after it, and never crosses a Processed or ProcessFailed.
/// </summary>
public static class HoldLinks
{
    /// <summary>
    /// The TransferHeld log of each message whose delivery in <paramref name="logs"/> (one chain's logs, any transactions and
    /// order) was held. The caller checks that the log's contract is the message's recipient.
    /// </summary>
    public static IReadOnlyDictionary<Bytes32, TransferHeldLog> Link(IEnumerable<MailboxLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var result = new Dictionary<Bytes32, TransferHeldLog>();
        foreach (var transaction in logs.GroupBy(l => l.Position.TransactionHash))
        {
            TransferHeldLog? pending = null;
            foreach (var log in transaction.OrderBy(l => l.Position.BlockNumber).ThenBy(l => l.Position.LogIndex))
                switch (log)
                {
                    case TransferHeldLog held:
                        pending = held;
                        break;
                    case ProcessedLog processed:
                        if (pending is not null) result[processed.Event.Id] = pending;
                        pending = null;
                        break;
                    case ProcessFailedLog:
                        pending = null;
                        break;
                }
        }
        return result;
    }

    /// <summary>
    /// The ids of the messages a delivery receipt's <paramref name="logs"/> show held: Processed logs of <paramref name="mailbox"/>
    /// preceded by a TransferHeld (of any contract; logs that do not decode as one are ignored).
    /// </summary>
    public static IReadOnlySet<Bytes32> HeldInReceipt(IEnumerable<Log> logs, Address mailbox) => HoldsInReceipt(logs, mailbox).Keys.ToHashSet();

    /// <summary>
    /// <see cref="HeldInReceipt"/> with each message's TransferHeld log (its contract in <see cref="LogPosition.Contract"/>,
    /// for the caller to check against the message's recipient).
    /// </summary>
    public static IReadOnlyDictionary<Bytes32, TransferHeldLog> HoldsInReceipt(IEnumerable<Log> logs, Address mailbox)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var decoded = new List<MailboxLog>();
        foreach (var log in logs)
        {
            if (log.Topics.Count == 0) continue;
            var topic0 = log.Topics[0].AsSpan();
            var fromMailbox = log.Address == mailbox;
            var wanted = fromMailbox
                ? topic0.SequenceEqual(Contracts.Bindings.MailboxBinding.ProcessedTopic) || topic0.SequenceEqual(Contracts.Bindings.MailboxBinding.ProcessFailedTopic)
                : topic0.SequenceEqual(Contracts.Bindings.TokenBridgeBinding.TransferHeldTopic);
            if (!wanted) continue;
            try
            {
                if (MailboxLog.Decode(log) is { } m) decoded.Add(m);
            }
            catch (InvalidDataException) when (!fromMailbox)
            {
                // Another contract's event with the same topic: not a TokenBridge hold.
            }
        }
        return Link(decoded);
    }
}
