using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
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

    private readonly IReadOnlyDictionary<uint, IActorRef> _watchers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly StatusBook _book = new();
    private ChainCursor _cursor = ChainCursor.Empty;

    public StatusTrackerActor(IReadOnlyDictionary<uint, IActorRef> watchers)
    {
        _watchers = watchers;
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not StatusTrackerSnapshot snapshot) return;
            _book.Apply(snapshot.Records, []);
            _cursor = snapshot.Cursor;
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
        Command<GetMessageStatus>(q => Sender.Tell(new StatusAnswer(_book.Get(q.Id) is { } r ? [r] : [])));
        Command<FindMessagesByTransaction>(q => Sender.Tell(new StatusAnswer(_book.FindByTransaction(q.TransactionHash))));
        Command<ListMessages>(q => Sender.Tell(new StatusAnswer(_book.List(q.Stage, q.Limit))));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "StatusTracker: saving a snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => PersistenceIdValue;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyDictionary<uint, IActorRef> watchers) => Akka.Actor.Props.Create(() => new StatusTrackerActor(watchers));

    private void SubscribeAll()
    {
        foreach (var (chain, watcher) in _watchers) watcher.Tell(new SubscribeToChain(Self, _cursor[chain]));
    }

    private void HandleChainEvent(ChainEventEnvelope envelope)
    {
        switch (_cursor.Decide(envelope.ChainId, envelope.Sequence))
        {
            case CursorDecision.AlreadyApplied:
                return;
            case CursorDecision.Gap:
                _watchers.GetValueOrDefault(envelope.ChainId)?.Tell(new SubscribeToChain(Self, _cursor[envelope.ChainId]));
                return;
        }
        var (upserts, removed) = _book.Decide(envelope.Event, DateTimeOffset.UtcNow);
        if (upserts.Count == 0 && removed.Count == 0)
        {
            _cursor = _cursor.Advance(envelope.ChainId, envelope.Sequence);
            return;
        }
        PersistChange(new StatusRecordsChanged(envelope.ChainId, envelope.Sequence, upserts, removed));
    }

    private void PersistChange(StatusRecordsChanged change) =>
        Persist(change, c =>
        {
            Apply(c);
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new StatusTrackerSnapshot([.. _book.Records], _cursor));
        });

    private void Apply(StatusRecordsChanged change)
    {
        _book.Apply(change.Upserts, change.Removed);
        if (change.Chain is { } chain && change.Position is { } position) _cursor = _cursor.Advance(chain, position);
    }

    private sealed record Resubscribe
    {
        public static readonly Resubscribe Instance = new();

        private Resubscribe()
        {
        }
    }
}
