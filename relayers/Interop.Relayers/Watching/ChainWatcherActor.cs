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
}

/// <summary>
/// Indexes one chain's Mailbox logs at a confirmation depth (<see cref="ChainIndexer"/>: block-hash chain, reorg rewind) and
/// keeps every indexer event in its journal. Each event is persisted before it is published, and its journal sequence number is
/// its position: subscribers name the last position they applied and get everything after it, so a consumer that crashed at
/// any point resumes exactly where its own journal says it stopped.
/// </summary>
public sealed class ChainWatcherActor : ReceivePersistentActor, IWithTimers
{
    private const string PollTimer = "poll";

    private readonly ChainWatcherOptions _options;
    private readonly IBlockSource _source;
    private readonly Action<uint> _caughtUp;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ChainIndexerOptions _indexer;

    // Every event since the journal began, by position - 1 (the journal is the source of truth; this is its cache).
    private readonly List<IChainIndexEvent> _events = [];
    private readonly Dictionary<IActorRef, long> _subscribers = [];
    private ChainIndexState _state;
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
        _state = ChainIndexState.Start(options.ChainId, [options.Mailbox], options.StartBlock);
        PersistenceId = PersistenceIdFor(options.ChainId);

        Recover<ChainEventRecorded>(recorded =>
        {
            _state = _state.Apply(recorded.Event);
            _events.Add(recorded.Event);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("ChainWatcher for chain {ChainId} ({ChainName}) recovered at block {NextBlock} with {Events} events",
                _options.ChainId, _options.Name, _state.NextBlock, _events.Count);
            UpdateMetric();
            Self.Tell(Poll.Instance);
        });

        Command<SubscribeToChain>(Subscribe);
        Command<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Command<Poll>(_ => StartPoll());
        Command<Polled>(HandlePolled);
        Command<PollFailed>(HandlePollFailed);
        Command<GetChainWatcherStatus>(_ =>
            Sender.Tell(new ChainWatcherStatus(_options.ChainId, _state.NextBlock, _events.Count, _caughtUpOnce, _state.HaltReason)));
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
        var known = _subscribers.ContainsKey(subscribe.Subscriber);
        _subscribers[subscribe.Subscriber] = subscribe.After;
        if (!known) Context.Watch(subscribe.Subscriber);
        for (var position = Math.Max(subscribe.After, 0); position < _events.Count; position++)
            subscribe.Subscriber.Tell(new ChainEventEnvelope(_options.ChainId, position + 1, _events[(int)position]));
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
            var envelope = new ChainEventEnvelope(_options.ChainId, _events.Count, recorded.Event);
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

    private sealed record PollFailed(Exception Cause);
}
