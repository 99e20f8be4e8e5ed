using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Bridge.Status;
using Interop.Ethereum;

namespace Interop.Relayers.Status;

/// <summary>
/// The StatusTracker's pure core: every message's <see cref="MessageRecord"/>, built from the watchers' events (dispatch, gas
/// payment, delivery, failure, reorgs; a delivery a TokenBridge held is Held until the watcher sees its HoldReleased) and the routes' progress (attested, submitted, gas used, failed attempts, drops).
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
    // Messages at Held by their hold, for the HoldReleased that ends it.
    private readonly Dictionary<HoldKey, Bytes32> _held = [];

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

    /// <summary>The messages whose delivery to <paramref name="destination"/> is held by a TokenBridge (stage Held), oldest release first.</summary>
    public IReadOnlyList<MessageRecord> Held(uint destination) =>
        _held.Where(h => h.Key.Chain == destination).Select(h => _records[h.Value]).OrderBy(r => r.Hold!.ReleaseAt).ThenBy(r => r.Hold!.HoldId).ToList();

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
                var holds = HoldLinks.Link(indexed.Logs);
                foreach (var processed in indexed.Logs.OfType<ProcessedLog>())
                {
                    if (Current(processed.Event.Id) is not { } r || r.Destination != chain || IsProcessed(r.Stage)) continue;
                    var delivery = r with { DeliveryTransaction = processed.Position.TransactionHash, DeliveryBlock = processed.Position.BlockNumber };
                    // Only a hold of the message's own recipient (a TokenBridge this node indexes) counts.
                    if (holds.TryGetValue(r.Id, out var held) && Bytes32.FromAddress(held.Position.Contract) == r.Recipient)
                    {
                        var hold = new MessageHold(held.Event.HoldId, held.Position.Contract, held.Event.Recipient, held.Event.Amount,
                            DateTimeOffset.FromUnixTimeSeconds((long)held.Event.ReleaseAt), held.Position.TransactionHash, held.Position.BlockNumber);
                        changed[r.Id] = Move(delivery, MessageStage.Held, now, hold.Describe()) with { Hold = hold };
                    }
                    else changed[r.Id] = Move(delivery, MessageStage.Delivered, now, null);
                }
                foreach (var released in indexed.Logs.OfType<HoldReleasedLog>())
                {
                    var key = new HoldKey(chain, released.Position.Contract, released.Event.HoldId);
                    var id = changed.Values.FirstOrDefault(c => c.Stage == MessageStage.Held && KeyOf(c) == key)?.Id;
                    if (id is null && _held.TryGetValue(key, out var known)) id = known;
                    if (id is not { } heldId || Current(heldId) is not { Stage: MessageStage.Held, Hold: { } hold } r) continue;
                    changed[heldId] = Move(r, MessageStage.Delivered, now, $"hold {hold.HoldId} released in transaction {released.Position.TransactionHash}") with
                    {
                        Hold = hold with { ReleaseTransaction = released.Position.TransactionHash, ReleaseBlock = released.Position.BlockNumber },
                    };
                }
                foreach (var failed in indexed.Logs.OfType<ProcessFailedLog>())
                    if (Current(failed.Event.Id) is { } r && r.Destination == chain && !IsProcessed(r.Stage))
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
                        DeliveryBlock = null, GasUsed = null, Hold = null,
                    };
                // A release undone while the held delivery stays: held again (the hold is back on the chain).
                foreach (var r in _records.Values.Where(r => r.Destination == chain && r.Stage == MessageStage.Delivered && r.Hold?.ReleaseBlock > rewound.ToBlock
                             && !changed.ContainsKey(r.Id) && !removed.Contains(r.Id)))
                    changed[r.Id] = Move(r, MessageStage.Held, now, $"destination reorg below block {rewound.ToBlock + 1} undid the release of {r.Hold!.Describe()}") with
                    {
                        Hold = r.Hold with { ReleaseTransaction = null, ReleaseBlock = null },
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
                // A delivery the receipt shows held waits for the watcher's logs, which carry the hold (Submitted -> Held).
                MessagesSettled settled => (IsProcessed(r.Stage) || settled.Held.Contains(id) ? r : Move(r, MessageStage.Delivered, now, null)) with
                {
                    DeliveryTransaction = settled.Transaction, DeliveryBlock = settled.Block, GasUsed = settled.GasUsedEach,
                },
                DeliveryAttemptFailed failed when !IsProcessed(r.Stage) =>
                    (r.Stage == MessageStage.Dispatched ? r : Move(r, MessageStage.Dispatched, now, failed.Reason)) with
                    {
                        FailedAttempts = r.FailedAttempts + 1, LastError = failed.Reason,
                    },
                MessagesDropped dropped when r.Stage is not (MessageStage.Delivered or MessageStage.Held or MessageStage.Dropped) =>
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

    /// <summary>A message's delivery was processed by the destination Mailbox (delivered, or delivered into a hold).</summary>
    private static bool IsProcessed(MessageStage stage) => stage is MessageStage.Delivered or MessageStage.Held;

    private static HoldKey? KeyOf(MessageRecord r) => r.Hold is { } h ? new HoldKey(r.Destination, h.Bridge, h.HoldId) : null;

    private void Index(MessageRecord r)
    {
        if (r.Stage == MessageStage.Held && KeyOf(r) is { } key) _held[key] = r.Id;
        foreach (var hash in new[] { r.OriginTransaction, r.DeliveryTransaction }.OfType<Bytes32>())
        {
            if (!_byTransaction.TryGetValue(hash, out var ids)) _byTransaction[hash] = ids = [];
            ids.Add(r.Id);
        }
    }

    private void Unindex(MessageRecord r)
    {
        if (KeyOf(r) is { } key && _held.TryGetValue(key, out var heldBy) && heldBy == r.Id) _held.Remove(key);
        foreach (var hash in new[] { r.OriginTransaction, r.DeliveryTransaction }.OfType<Bytes32>())
            if (_byTransaction.TryGetValue(hash, out var ids) && ids.Remove(r.Id) && ids.Count == 0) _byTransaction.Remove(hash);
    }
}

/// <summary>A TokenBridge hold: the destination chain, the bridge, its hold id.</summary>
internal readonly record struct HoldKey(uint Chain, Address Bridge, System.Numerics.BigInteger HoldId);
