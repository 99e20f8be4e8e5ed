using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Interop.Bridge.Status;
using Interop.Relayers.Metrics;
using Interop.Relayers.Watching;

namespace Interop.Relayers.Status;

/// <summary>
/// Every message's lifecycle (<see cref="StatusBook"/>), persisted: subscribes to every chain watcher (dispatch, gas paid,
/// delivered, failed, reorgs; crash-safe by watcher position like every consumer) and takes the routes' progress reports
/// (attested, submitted, gas used, failed attempts, drops). Answers the <see cref="Bridge.Status.IMessageStatusSource"/> queries.
/// </summary>
public sealed class StatusTrackerActor : ReceivePersistentActor, IWithTimers
{
    public const string PersistenceIdValue = "status-tracker";
    private const int SnapshotEvery = 500;

    /// <summary>Delivered records kept by default (see <see cref="StatusBook"/>): older deliveries are no longer answered.</summary>
    public const int DefaultRetainDelivered = 10_000;

    private readonly IReadOnlyDictionary<uint, IActorRef> _watchers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly StatusBook _book;
    private ChainCursor _cursor = ChainCursor.Empty;
    // The positions the journal (or a snapshot) holds: what a restart resumes from, and what the watchers are told.
    private ChainCursor _durable = ChainCursor.Empty;

    public StatusTrackerActor(IReadOnlyDictionary<uint, IActorRef> watchers, int retainDelivered = DefaultRetainDelivered)
    {
        _watchers = watchers;
        _book = new StatusBook(retainDelivered);
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not StatusTrackerSnapshot snapshot) return;
            _book.Apply(snapshot.Records, []);
            _cursor = _durable = snapshot.Cursor;
        });
        Recover<StatusRecordsChanged>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("StatusTracker recovered {Count} message records", _book.Count);
            SubscribeAll();
            Timers.StartPeriodicTimer("subscribe", Resubscribe.Instance, TimeSpan.FromSeconds(5));
        });

        Command<ChainEventEnvelope>(HandleChainEvent);
        Command<IRouteProgress>(progress =>
        {
            var upserts = _book.Decide(progress, DateTimeOffset.UtcNow);
            if (upserts.Count > 0) PersistChange(new StatusRecordsChanged(null, null, upserts, []));
        });
        Command<Resubscribe>(_ => SubscribeAll());
        Command<ChainPositionUnavailable>(u => _log.Error(
            "ALERT StatusTracker: watcher of chain {ChainId} no longer has the events after position {Position} (oldest retained {Oldest})",
            u.ChainId, u.Requested, u.OldestRetained));
        Command<GetMessageStatus>(q => Sender.Tell(new StatusAnswer(_book.Get(q.Id) is { } r ? [r] : [])));
        Command<FindMessagesByTransaction>(q => Sender.Tell(new StatusAnswer(_book.FindByTransaction(q.TransactionHash))));
        Command<ListMessages>(q => Sender.Tell(new StatusAnswer(_book.List(q.Stage, q.Limit))));
        Command<GetHeldMessages>(q => Sender.Tell(new StatusAnswer(_book.Held(q.Destination))));
        Command<SaveSnapshotSuccess>(s =>
        {
            // The snapshot holds the whole (bounded) book and the cursor: the journal up to it is not needed any more.
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "StatusTracker: saving a snapshot failed"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "StatusTracker: deleting journaled events before a snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => PersistenceIdValue;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyDictionary<uint, IActorRef> watchers, int retainDelivered = DefaultRetainDelivered) =>
        Akka.Actor.Props.Create(() => new StatusTrackerActor(watchers, retainDelivered));

    private void SubscribeAll()
    {
        foreach (var chain in _watchers.Keys) Subscribe(chain);
    }

    private void Subscribe(uint chain)
    {
        if (_watchers.TryGetValue(chain, out var watcher))
            watcher.Tell(new SubscribeToChain(Self, _cursor[chain]) { Consumer = PersistenceId, Persisted = _durable[chain] });
    }

    private void HandleChainEvent(ChainEventEnvelope envelope)
    {
        switch (_cursor.Decide(envelope.ChainId, envelope.Sequence))
        {
            case CursorDecision.AlreadyApplied:
                return;
            case CursorDecision.Gap:
                Subscribe(envelope.ChainId);
                return;
        }
        var (upserts, removed) = _book.Decide(envelope.Event, DateTimeOffset.UtcNow);
        if (upserts.Count == 0 && removed.Count == 0)
        {
            _cursor = _cursor.Advance(envelope.ChainId, envelope.Sequence);
            if (envelope.Sequence - _durable[envelope.ChainId] < ChainCursor.PersistPositionEvery) return;
        }
        PersistChange(new StatusRecordsChanged(envelope.ChainId, envelope.Sequence, upserts, removed));
    }

    private void PersistChange(StatusRecordsChanged change) =>
        Persist(change, c =>
        {
            Apply(c);
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new StatusTrackerSnapshot(_book.SnapshotRecords(), _cursor));
        });

    private void Apply(StatusRecordsChanged change)
    {
        if (!IsRecovering)
            foreach (var held in change.Upserts.Where(u => u.Stage == MessageStage.Held && _book.Get(u.Id)?.Stage != MessageStage.Held))
            {
                RelayerMetrics.Holds.WithLabels(RelayerMetrics.Route(held.Origin, held.Destination)).Inc();
                _log.Info("StatusTracker: message {MessageId} was delivered into a TokenBridge hold: {Hold}", held.Id, held.Hold?.Describe());
            }
        _book.Apply(change.Upserts, change.Removed);
        if (change.Chain is { } chain && change.Position is { } position)
        {
            _cursor = _cursor.Advance(chain, position);
            if (position > _durable[chain])
            {
                _durable = _durable.Advance(chain, position);
                if (!IsRecovering) _watchers.GetValueOrDefault(chain)?.Tell(new ChainPositionPersisted(PersistenceId, position));
            }
        }
    }

    private sealed record Resubscribe
    {
        public static readonly Resubscribe Instance = new();

        private Resubscribe()
        {
        }
    }
}
