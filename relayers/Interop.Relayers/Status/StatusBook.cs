using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Bridge.Status;
using Interop.Ethereum;

namespace Interop.Relayers.Status;

/// <summary>
/// The StatusTracker's pure core: every message's <see cref="MessageRecord"/>, built from the watchers' events (dispatch, gas
/// payment, delivery, failure, reorgs) and the routes' progress (attested, submitted, gas used, failed attempts, drops).
/// Decisions return the changed records; <see cref="Apply"/> stores them. Stages only move forward, except that an origin
/// reorg removes a dispatched message and a destination reorg returns a delivered or failed one to Submitted.
/// <para>
/// Bounded: at most <see cref="RetainDelivered"/> Delivered records are kept; beyond that the one delivered longest ago is
/// forgotten (queries no longer find it). Records not yet delivered (in flight, failed, dropped) are always kept. Eviction
/// happens in <see cref="Apply"/>, so a recovery that replays the same changes forgets the same records.
/// </para>
/// </summary>
public sealed class StatusBook(int retainDelivered = int.MaxValue)
{
    private readonly Dictionary<Bytes32, MessageRecord> _records = [];
    private readonly Dictionary<Bytes32, HashSet<Bytes32>> _byTransaction = [];
    private readonly HashSet<Bytes32> _delivered = [];
    private readonly Queue<Bytes32> _deliveredOrder = new();

    /// <summary>How many Delivered records are kept at most (the oldest deliveries are forgotten first).</summary>
    public int RetainDelivered { get; } = retainDelivered > 0 ? retainDelivered : throw new ArgumentOutOfRangeException(nameof(retainDelivered));

    public int Count => _records.Count;

    public IEnumerable<MessageRecord> Records => _records.Values;

    /// <summary>
    /// Every record, for a snapshot: the undelivered ones, then the delivered ones oldest delivery first, so that a book restored
    /// by <see cref="Apply"/> forgets the same (oldest) deliveries next as this one would (dictionary order would not).
    /// </summary>
    public IReadOnlyList<MessageRecord> SnapshotRecords()
    {
        var result = new List<MessageRecord>(_records.Count);
        result.AddRange(_records.Values.Where(r => !_delivered.Contains(r.Id)));
        var seen = new HashSet<Bytes32>();
        foreach (var id in _deliveredOrder)
            if (_delivered.Contains(id) && seen.Add(id) && _records.TryGetValue(id, out var r)) result.Add(r);
        return result;
    }

    public MessageRecord? Get(Bytes32 id) => _records.GetValueOrDefault(id);

    public IReadOnlyList<MessageRecord> FindByTransaction(Bytes32 hash) =>
        _byTransaction.TryGetValue(hash, out var ids) ? ids.Select(id => _records[id]).OrderBy(r => r.Origin).ThenBy(r => r.Nonce).ToList() : [];

    /// <summary>Newest first: by the time the message was first seen, then origin block and nonce.</summary>
    public IReadOnlyList<MessageRecord> List(MessageStage? stage, int limit) =>
        _records.Values.Where(r => stage is null || r.Stage == stage)
            .OrderByDescending(r => r.History.Count > 0 ? r.History[0].At : DateTimeOffset.MinValue)
            .ThenByDescending(r => r.OriginBlock).ThenByDescending(r => r.Nonce)
            .Take(Math.Max(0, limit)).ToList();

    /// <summary>The record changes one watcher event implies.</summary>
    public (IReadOnlyList<MessageRecord> Upserts, IReadOnlyList<Bytes32> Removed) Decide(IChainIndexEvent input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var chain = (uint)input.ChainId;
        var changed = new Dictionary<Bytes32, MessageRecord>();
        MessageRecord? Current(Bytes32 id) => changed.GetValueOrDefault(id) ?? Get(id);
        switch (input)
        {
            case BlocksIndexed indexed:
                foreach (var dispatched in indexed.Logs.OfType<DispatchedLog>())
                {
                    if (Current(dispatched.Event.Id) is not null) continue;
                    InteropMessage message;
                    try
                    {
                        message = InteropMessage.Decode(dispatched.Event.Message);
                    }
                    catch (FormatException)
                    {
                        continue; // the validators halt on it; the status book has nothing to show
                    }
                    changed[dispatched.Event.Id] = new MessageRecord
                    {
                        Id = dispatched.Event.Id, Origin = message.Origin, Destination = message.Destination, Nonce = message.Nonce,
                        Sender = message.Sender, Recipient = message.Recipient, GasLimit = message.GasLimit, Stage = MessageStage.Dispatched,
                        OriginTransaction = dispatched.Position.TransactionHash, OriginBlock = dispatched.Position.BlockNumber,
                        History = [new MessageTransition(MessageStage.Dispatched, now)],
                    };
                }
                foreach (var gas in indexed.Logs.OfType<GasPaymentLog>())
                    if (Current(gas.Event.Id) is { } paid && paid.Origin == chain)
                        changed[paid.Id] = paid with { GasPaid = paid.GasPaid + gas.Event.Payment };
                foreach (var processed in indexed.Logs.OfType<ProcessedLog>())
                    if (Current(processed.Event.Id) is { } r && r.Destination == chain && r.Stage != MessageStage.Delivered)
                        changed[r.Id] = Move(r, MessageStage.Delivered, now, null) with
                        {
                            DeliveryTransaction = processed.Position.TransactionHash, DeliveryBlock = processed.Position.BlockNumber,
                        };
                foreach (var failed in indexed.Logs.OfType<ProcessFailedLog>())
                    if (Current(failed.Event.Id) is { } r && r.Destination == chain && r.Stage != MessageStage.Delivered)
                    {
                        var reason = Interop.Ethereum.Abi.RevertReason.Decode(failed.Event.RevertData).ToString();
                        changed[r.Id] = Move(r, MessageStage.Failed, now, reason) with
                        {
                            DeliveryTransaction = failed.Position.TransactionHash, DeliveryBlock = failed.Position.BlockNumber,
                            FailedAttempts = r.FailedAttempts + 1, LastError = $"the recipient reverted: {reason}",
                        };
                    }
                return (changed.Values.ToList(), []);
            case Rewound rewound:
            {
                var removed = _records.Values.Where(r => r.Origin == chain && r.OriginBlock > rewound.ToBlock).Select(r => r.Id).ToList();
                foreach (var r in _records.Values.Where(r => r.Destination == chain && r.DeliveryBlock > rewound.ToBlock && !removed.Contains(r.Id)))
                    changed[r.Id] = Move(r, MessageStage.Submitted, now, $"destination reorg below block {rewound.ToBlock + 1}") with
                    {
                        DeliveryBlock = null, GasUsed = null,
                    };
                return (changed.Values.ToList(), removed);
            }
            default:
                return ([], []);
        }
    }

    /// <summary>The record changes a route's progress report implies (unknown ids are ignored: the watcher has not shown them yet).</summary>
    public IReadOnlyList<MessageRecord> Decide(IRouteProgress progress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var result = new List<MessageRecord>();
        foreach (var id in progress.Ids.Distinct())
        {
            if (Get(id) is not { } r) continue;
            MessageRecord? next = progress switch
            {
                MessagesAttested when r.Stage is MessageStage.Dispatched or MessageStage.Failed or MessageStage.Dropped => Move(r, MessageStage.Attested, now, null),
                MessagesSubmitted s when r.Stage is MessageStage.Dispatched or MessageStage.Attested or MessageStage.Failed or MessageStage.Dropped =>
                    Move(r, MessageStage.Submitted, now, $"transaction {s.Transaction}") with { DeliveryTransaction = s.Transaction },
                MessagesSubmitted s when r.Stage == MessageStage.Submitted && r.DeliveryTransaction != s.Transaction =>
                    r with { DeliveryTransaction = s.Transaction },
                MessagesSettled settled => (r.Stage == MessageStage.Delivered ? r : Move(r, MessageStage.Delivered, now, null)) with
                {
                    DeliveryTransaction = settled.Transaction, DeliveryBlock = settled.Block, GasUsed = settled.GasUsedEach,
                },
                DeliveryAttemptFailed failed when r.Stage != MessageStage.Delivered =>
                    (r.Stage == MessageStage.Dispatched ? r : Move(r, MessageStage.Dispatched, now, failed.Reason)) with
                    {
                        FailedAttempts = r.FailedAttempts + 1, LastError = failed.Reason,
                    },
                MessagesDropped dropped when r.Stage is not (MessageStage.Delivered or MessageStage.Dropped) =>
                    Move(r, MessageStage.Dropped, now, dropped.Reason) with { LastError = dropped.Reason },
                _ => null,
            };
            if (next is not null && next != r) result.Add(next);
        }
        return result;
    }

    public void Apply(IReadOnlyList<MessageRecord> upserts, IReadOnlyList<Bytes32> removed)
    {
        foreach (var id in removed)
            if (_records.Remove(id, out var gone))
            {
                Unindex(gone);
                _delivered.Remove(id);
            }
        foreach (var record in upserts)
        {
            if (_records.Remove(record.Id, out var old)) Unindex(old);
            _records[record.Id] = record;
            Index(record);
            if (record.Stage == MessageStage.Delivered)
            {
                if (_delivered.Add(record.Id)) _deliveredOrder.Enqueue(record.Id);
            }
            else _delivered.Remove(record.Id);
        }
        while (_delivered.Count > RetainDelivered && _deliveredOrder.TryDequeue(out var oldest))
        {
            // Entries of records that left Delivered (a destination reorg) or were removed are stale: skip them.
            if (!_delivered.Remove(oldest) || !_records.Remove(oldest, out var evicted)) continue;
            Unindex(evicted);
        }
        if (_deliveredOrder.Count > 2 * Math.Max(_delivered.Count, 1024))
        {
            // Compact the stale entries, keeping the delivery order.
            var live = _deliveredOrder.Where(_delivered.Contains).Distinct().ToList();
            _deliveredOrder.Clear();
            foreach (var id in live) _deliveredOrder.Enqueue(id);
        }
    }

    private static MessageRecord Move(MessageRecord r, MessageStage stage, DateTimeOffset now, string? detail) =>
        r with { Stage = stage, History = [.. r.History, new MessageTransition(stage, now, detail)] };

    private void Index(MessageRecord r)
    {
        foreach (var hash in new[] { r.OriginTransaction, r.DeliveryTransaction }.OfType<Bytes32>())
        {
            if (!_byTransaction.TryGetValue(hash, out var ids)) _byTransaction[hash] = ids = [];
            ids.Add(r.Id);
        }
    }

    private void Unindex(MessageRecord r)
    {
        foreach (var hash in new[] { r.OriginTransaction, r.DeliveryTransaction }.OfType<Bytes32>())
            if (_byTransaction.TryGetValue(hash, out var ids) && ids.Remove(r.Id) && ids.Count == 0) _byTransaction.Remove(hash);
    }
}
