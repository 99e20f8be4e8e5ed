using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Interop.Bridge.Indexing;
using Interop.Bridge.Retry;
using Interop.Ethereum;
using Interop.Relayers.Metrics;

using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Watching;

/// <summary>How a watcher polls its chain.</summary>
/// <param name="StartBlock">The first block ever indexed (e.g. the Mailbox deployment block).</param>
public sealed record ChainWatcherOptions(uint ChainId, string Name, Address Mailbox, ulong ConfirmationDepth, TimeSpan PollInterval,
    ulong StartBlock = 0, ulong MaxBlockSpan = 1000)
{
    /// <summary>Consecutive ranges without logs are journaled as one event once they span this many blocks (see <see cref="WatcherJournalPlan"/>).</summary>
    public ulong FlushEmptyAfterBlocks { get; init; } = 64;

    /// <summary>Backoff after a failed poll (RPC down): 200 ms doubling up to 5 s.</summary>
    public RetrySchedule Retry { get; init; } = new() { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5) };

    /// <summary>A snapshot (state + retained tail) is saved after this many journaled events; then the journal up to it is deleted.</summary>
    public int SnapshotEvery { get; init; } = 1000;

    /// <summary>
    /// Blocks of hash history kept to detect and undo reorgs (<see cref="ChainIndexState.HistoryLength"/>); a deeper reorg halts
    /// the watcher (<see cref="ReorgBeyondHistory"/>). Consumers must keep at least this many blocks of what a rewind undoes.
    /// </summary>
    public int HistoryLength { get; init; } = ChainIndexState.DefaultHistoryLength;

    /// <summary>
    /// The named consumers known when the watcher starts (the relayer network's validators, routes and status tracker). Each
    /// counts as registered from the start, so no event is forgotten before it has acknowledged it, even when it subscribes
    /// after others already did: on a fresh start the watcher otherwise trimmed the first events as soon as the consumers
    /// that subscribed first (the validators) acknowledged them, and refused a route that subscribed a few milliseconds later
    /// from position 0 (<see cref="ChainPositionUnavailable"/>) on every retry: that route never relayed anything.
    /// </summary>
    public IReadOnlyCollection<string> Consumers { get; init; } = [];

    /// <summary>
    /// TokenBridges whose large-transfer holds (TransferHeld, HoldReleased) are indexed with the Mailbox's events, so the
    /// status tracker sees a delivery that was held and its release. Added to a recovered cursor from its next block on.
    /// </summary>
    public IReadOnlyList<Address> TokenBridges { get; init; } = [];
}

/// <summary>
/// Indexes one chain's Mailbox logs at a confirmation depth (<see cref="ChainIndexer"/>: block-hash chain, reorg rewind) and
/// keeps every indexer event in its journal. Each event is persisted before it is published, and its journal sequence number is
/// its position: subscribers name the last position they applied and get everything after it, so a consumer that crashed at
/// any point resumes exactly where its own journal says it stopped.
/// <para>
/// Memory and journal are bounded by the consumers' acknowledgements: named consumers (<see cref="SubscribeToChain.Consumer"/>)
/// report the positions they have persisted (<see cref="ChainPositionPersisted"/>); the watcher keeps only the events after the
/// lowest of them, snapshots its state with that tail every <see cref="ChainWatcherOptions.SnapshotEvery"/> events and then
/// deletes the journal and older snapshots up to the snapshot. A subscription older than the retained tail is refused with
/// <see cref="ChainPositionUnavailable"/> (and logged as an alert), never served with a silent gap.
/// </para>
/// </summary>
public sealed class ChainWatcherActor : ReceivePersistentActor, IWithTimers
{
    private const string PollTimer = "poll";
    private const string SnapshotRetryTimer = "snapshot-retry";

    private readonly ChainWatcherOptions _options;
    private readonly IBlockSource _source;
    private readonly Action<uint> _caughtUp;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ChainIndexerOptions _indexer;

    // The retained events: _events[i] is at position _first + i; the last is at _last (the journal/snapshot is the source of truth).
    private readonly List<IChainIndexEvent> _events = [];
    private readonly Dictionary<IActorRef, long> _subscribers = [];
    // Named consumers' persisted positions: nothing at or below the lowest is needed by anyone any more.
    private readonly Dictionary<string, long> _persisted = new(StringComparer.Ordinal);
    // The consumer names a saved snapshot holds: after a restart the watcher knows them before any of them subscribes again.
    private readonly HashSet<string> _durableConsumers = new(StringComparer.Ordinal);
    private string[]? _saving;
    private bool _saveAgain;
    private long _first = 1;
    private long _last;
    private int _sinceSnapshot;
    private ChainIndexState _state;
    // The state as of the journal (the live _state may be ahead by a pending empty range): what a snapshot holds.
    private ChainIndexState _journaled;
    private BlocksIndexed? _pendingEmpty;
    private bool _polling;
    private bool _caughtUpOnce;
    private int _failures;

    public ChainWatcherActor(ChainWatcherOptions options, IBlockSource source, Action<uint> caughtUp)
    {
        _options = options;
        _source = source;
        _caughtUp = caughtUp;
        _indexer = new ChainIndexerOptions { ConfirmationDepth = options.ConfirmationDepth, MaxBlockSpan = options.MaxBlockSpan };
        _state = ChainIndexState.Start(options.ChainId, [options.Mailbox, .. options.TokenBridges], options.StartBlock, options.HistoryLength);
        _journaled = _state;
        PersistenceId = PersistenceIdFor(options.ChainId);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not ChainWatcherSnapshot snapshot) return;
            _state = _journaled = snapshot.State.WithHistoryLength(options.HistoryLength).WithContracts(options.TokenBridges);
            _events.Clear();
            _events.AddRange(snapshot.Tail);
            _first = snapshot.FirstPosition;
            _last = _first + _events.Count - 1;
            if (_last != offer.Metadata.SequenceNr)
                throw new InvalidOperationException($"chain {options.ChainId}: watcher snapshot at sequence {offer.Metadata.SequenceNr} holds positions {_first}..{_last}");
            _persisted.Clear();
            foreach (var (consumer, position) in snapshot.Persisted) _persisted[consumer] = position;
            _durableConsumers.Clear();
            _durableConsumers.UnionWith(snapshot.Persisted.Keys);
        });
        Recover<ChainEventRecorded>(recorded =>
        {
            _state = _state.Apply(recorded.Event);
            _journaled = _state;
            _events.Add(recorded.Event);
            _last++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("ChainWatcher for chain {ChainId} ({ChainName}) recovered at block {NextBlock}: positions {First}..{Last} retained",
                _options.ChainId, _options.Name, _state.NextBlock, _first, _last);
            // Configured consumers not in the snapshot (a fresh start, or one added since) hold everything still retained.
            foreach (var consumer in _options.Consumers) _persisted.TryAdd(consumer, Math.Max(0, _first - 1));
            Trim();
            UpdateMetric();
            Self.Tell(Poll.Instance);
        });

        Command<SubscribeToChain>(Subscribe);
        Command<ChainPositionPersisted>(p => Acknowledge(p.Consumer, p.Position));
        Command<SaveSnapshotSuccess>(s =>
        {
            if (_saving is { } saved) _durableConsumers.UnionWith(saved);
            _saving = null;
            // The snapshot holds every event a consumer may still ask for: the journal up to it is no longer needed.
            if (s.Metadata.SequenceNr > 0) DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
            if (_saveAgain) SaveSnapshotNow();
        });
        Command<SaveSnapshotFailure>(f =>
        {
            _saving = null;
            _log.Warning(f.Cause, "chain {ChainId}: saving a watcher snapshot failed", _options.ChainId);
            // A consumer's registration must become durable (see Subscribe): try again rather than wait 1000 events.
            if (_saveAgain || _persisted.Keys.Any(c => !_durableConsumers.Contains(c)))
                Timers.StartSingleTimer(SnapshotRetryTimer, SnapshotRetry.Instance, TimeSpan.FromSeconds(1));
        });
        Command<SnapshotRetry>(_ => SaveSnapshotNow());
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "chain {ChainId}: deleting old watcher events failed", _options.ChainId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        Command<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Command<Poll>(_ => StartPoll());
        Command<Polled>(HandlePolled);
        Command<PollFailed>(HandlePollFailed);
        Command<GetChainWatcherStatus>(_ =>
            Sender.Tell(new ChainWatcherStatus(_options.ChainId, _state.NextBlock, _last, _caughtUpOnce, _state.HaltReason) { Retained = _events.Count, DurableConsumers = _durableConsumers.Count }));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(uint chainId) => $"chain-watcher-{chainId}";

    public static Props Props(ChainWatcherOptions options, IBlockSource source, Action<uint> caughtUp) =>
        Akka.Actor.Props.Create(() => new ChainWatcherActor(options, source, caughtUp));

    private void UpdateMetric() =>
        RelayerMetrics.LastIndexedBlock.WithLabels(_options.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set(_state.NextBlock == 0 ? 0 : _state.NextBlock - 1);

    private void Subscribe(SubscribeToChain subscribe)
    {
        var after = Math.Max(subscribe.After, 0);
        if (after + 1 < _first)
        {
            _log.Error("ALERT chain {ChainId}: {Subscriber} ({Consumer}) asked for the events after position {After}, but only positions from {First} are retained; not served",
                _options.ChainId, subscribe.Subscriber, subscribe.Consumer, after, _first);
            subscribe.Subscriber.Tell(new ChainPositionUnavailable(_options.ChainId, after, _first));
            return;
        }
        if (subscribe.Consumer is { } consumer)
        {
            Acknowledge(consumer, Math.Min(subscribe.Persisted, after), register: true);
            // The set of consumers must survive a restart of this watcher: a restarted watcher that knew only the consumers
            // which happened to subscribe first would trim past the others' positions and refuse them. A new name is made
            // durable (a snapshot holds every known consumer's position) at once, not only every SnapshotEvery events.
            if (!_durableConsumers.Contains(consumer)) SaveSnapshotNow();
        }
        var known = _subscribers.ContainsKey(subscribe.Subscriber);
        _subscribers[subscribe.Subscriber] = after;
        if (!known) Context.Watch(subscribe.Subscriber);
        for (var position = after + 1; position <= _last; position++)
            subscribe.Subscriber.Tell(new ChainEventEnvelope(_options.ChainId, position, _events[(int)(position - _first)]));
    }

    private void Acknowledge(string consumer, long position, bool register = false)
    {
        if (_persisted.TryGetValue(consumer, out var known))
        {
            if (position <= known) return;
        }
        else if (!register) return; // an acknowledgement from a consumer that has not subscribed since this watcher's start: wait for its subscription
        _persisted[consumer] = position;
        Trim();
    }

    /// <summary>Forgets the events at or below the lowest position every named consumer has persisted.</summary>
    private void Trim()
    {
        if (_persisted.Count == 0) return;
        var needed = _persisted.Values.Min();
        var drop = (int)Math.Clamp(needed - _first + 1, 0, _events.Count);
        if (drop == 0) return;
        _events.RemoveRange(0, drop);
        _first += drop;
    }

    private void MaybeSnapshot()
    {
        if (++_sinceSnapshot < _options.SnapshotEvery) return;
        SaveSnapshotNow();
    }

    /// <summary>Saves the state as of the journal with the retained tail and every known consumer; one save at a time (a request meanwhile saves again after it).</summary>
    private void SaveSnapshotNow()
    {
        if (_saving is not null)
        {
            _saveAgain = true;
            return;
        }
        _saveAgain = false;
        _sinceSnapshot = 0;
        _saving = [.. _persisted.Keys];
        SaveSnapshot(new ChainWatcherSnapshot(_journaled, _first, [.. _events], new Dictionary<string, long>(_persisted, StringComparer.Ordinal)));
    }

    private void StartPoll()
    {
        if (_polling) return;
        _polling = true;
        var state = _state;
        ChainIndexer.PollAsync(_source, state, _indexer).PipeTo(Self,
            success: poll => new Polled(poll), failure: e => new PollFailed(e));
    }

    private void HandlePolled(Polled polled)
    {
        _failures = 0;
        var poll = polled.Poll;
        // The live cursor moves at once; the journal gets what WatcherJournalPlan says (empty ranges merged), and a
        // recovery rebuilds the cursor from it (plus re-indexing a pending empty range lost in a crash).
        _state = poll.State;
        UpdateMetric();
        var (persist, pending) = WatcherJournalPlan.Plan(_pendingEmpty, poll.Events, _state.HistoryLength, _options.FlushEmptyAfterBlocks);
        _pendingEmpty = pending;
        if (persist.Count == 0)
        {
            AfterPoll(poll);
            return;
        }
        var remaining = persist.Count;
        PersistAll(persist.Select(e => new ChainEventRecorded(e)), recorded =>
        {
            _events.Add(recorded.Event);
            _last++;
            _journaled = _journaled.Apply(recorded.Event);
            var envelope = new ChainEventEnvelope(_options.ChainId, _last, recorded.Event);
            foreach (var subscriber in _subscribers.Keys) subscriber.Tell(envelope);
            switch (recorded.Event)
            {
                case Rewound rewound:
                    _log.Warning("chain {ChainId}: reorg below the confirmation depth, {Reorg}", _options.ChainId, rewound);
                    break;
                case ReorgBeyondHistory fatal:
                    _log.Error("ALERT chain {ChainId}: {Reorg}; indexing stopped, validators halt", _options.ChainId, fatal);
                    break;
            }
            MaybeSnapshot();
            if (--remaining == 0) AfterPoll(poll);
        });
    }

    private void AfterPoll(IndexPoll poll)
    {
        _polling = false;
        if (poll.Inconsistency is { } reason)
            _log.Info("chain {ChainId}: {Reason}; polling again", _options.ChainId, reason);
        if (poll.CaughtUp && !_caughtUpOnce)
        {
            _caughtUpOnce = true;
            _caughtUp(_options.ChainId);
            _log.Info("ChainWatcher for chain {ChainId} caught up at block {NextBlock}", _options.ChainId, _state.NextBlock);
        }
        if (_state.IsHalted) return;
        if (!poll.CaughtUp && poll.Inconsistency is null) Self.Tell(Poll.Instance);
        else Timers.StartSingleTimer(PollTimer, Poll.Instance, _options.PollInterval);
    }

    private void HandlePollFailed(PollFailed failed)
    {
        _polling = false;
        _failures++;
        var delay = _options.Retry.Delay(Math.Min(_failures, 30));
        // An RPC endpoint down is routine (the destination may be away for a while): log, back off, keep going.
        _log.Warning("chain {ChainId}: polling failed ({Failures} in a row), retrying in {Delay}: {Error}",
            _options.ChainId, _failures, delay, failed.Cause.GetBaseException().Message);
        Timers.StartSingleTimer(PollTimer, Poll.Instance, delay);
    }

    private sealed record Poll
    {
        public static readonly Poll Instance = new();

        private Poll()
        {
        }
    }

    private sealed record Polled(IndexPoll Poll);

    private sealed record SnapshotRetry
    {
        public static readonly SnapshotRetry Instance = new();

        private SnapshotRetry()
        {
        }
    }

    private sealed record PollFailed(Exception Cause);
}
