using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Interop.Bridge.Relaying;
using Interop.Bridge.Validation;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Signing;
using Interop.Relayers.Metrics;
using Interop.Relayers.Watching;

using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Validating;

/// <summary>
/// One validator key's signer for one origin (<see cref="ValidatorState"/>): applies the origin watcher's events, reads the
/// Mailbox's own tree at the newest leaf and signs the latest checkpoint. A signature is persisted before anyone can read it,
/// the journal never holds two roots for one index (the core halts instead), and a halt is logged as an alert. The state is
/// bounded (<see cref="ValidatorState"/>: Merkle frontier, recent leaves, recent signatures and the highest); it is
/// snapshotted every 200 journal writes and the journal up to the snapshot is deleted.
/// </summary>
public sealed class ValidatorActor : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 200;
    private const string SignTimer = "sign";
    private const string SubscribeTimer = "subscribe";

    private readonly EthKey _key;
    private readonly RpcClient _origin;
    private readonly IActorRef _watcher;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _validatorLabel;
    private readonly string _originLabel;
    private ValidatorState _state;
    private long _position;
    // The last watcher position the journal (or a snapshot) holds: what a restart resumes from, and what the watcher is told.
    private long _durable;
    private bool _reading;
    private int _readFailures;

    public ValidatorActor(EthKey key, uint origin, Address originMailbox, RpcClient originRpc, IActorRef originWatcher,
        ulong reorgWindowBlocks = ValidatorState.DefaultReorgWindowBlocks)
    {
        _key = key;
        _origin = originRpc;
        _watcher = originWatcher;
        _state = new ValidatorState(origin, originMailbox, key.Address, reorgWindowBlocks);
        _validatorLabel = key.Address.ToString();
        _originLabel = origin.ToString(CultureInfo.InvariantCulture);
        PersistenceId = PersistenceIdFor(origin, key.Address);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not ValidatorActorSnapshot snapshot) return;
            _state = ValidatorState.FromSnapshot(snapshot.State, reorgWindowBlocks);
            _position = _durable = snapshot.Position;
        });
        Recover<ValidatorEventsRecorded>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("Validator {Validator} for origin {ChainId} recovered: {Leaves} leaves, latest signed {Index}, position {Position}",
                _key.Address, _state.Origin, _state.LeafCount, _state.Latest?.Checkpoint.Index, _position);
            if (_state.HaltReason is { } reason)
                _log.Error("ALERT validator {Validator} for origin {ChainId} is halted: {Reason}", _key.Address, _state.Origin, reason);
            SubscribeNow();
            Timers.StartPeriodicTimer(SubscribeTimer, Resubscribe.Instance, TimeSpan.FromSeconds(5));
            UpdateLag();
            // Leaves journaled before a crash but not signed yet: sign them now, not only when the next watcher event brings
            // new leaves (with no new message, a quorum stuck below them never formed: the kill -9 test's "nonce 8 not
            // delivered 120 s after the restart", two validators at index 11 and three at 5). Signing still reads the chain's tree first.
            StartSigning();
        });

        Command<ChainEventEnvelope>(HandleChainEvent);
        Command<Resubscribe>(_ => SubscribeNow());
        Command<SignNext>(_ => StartSigning());
        Command<TreeRead>(HandleTreeRead);
        Command<TreeReadFailed>(f =>
        {
            _reading = false;
            _readFailures++;
            _log.Warning("Validator {Validator} for origin {ChainId}: reading the Mailbox tree failed ({Failures} in a row): {Error}",
                _key.Address, _state.Origin, _readFailures, f.Cause.GetBaseException().Message);
            Timers.StartSingleTimer(SignTimer, SignNext.Instance, TimeSpan.FromMilliseconds(Math.Min(5000, 200 * _readFailures)));
        });
        Command<ChainPositionUnavailable>(u => _log.Error(
            "ALERT validator {Validator} for origin {ChainId}: the watcher no longer has the events after position {Position} (oldest retained {Oldest})",
            _key.Address, u.ChainId, u.Requested, u.OldestRetained));
        Command<GetLatestCheckpoint>(q => Sender.Tell(new CheckpointAnswer(q.Origin == _state.Origin ? ToSigned(_state.Latest) : null)));
        Command<GetCheckpoint>(q => Sender.Tell(new CheckpointAnswer(q.Origin == _state.Origin ? ToSigned(_state.CheckpointFor(q.Index)) : null)));
        Command<GetValidatorStatus>(_ => Sender.Tell(new ValidatorStatus(_state.Origin, _key.Address, _state.LeafCount,
            _state.Latest?.Checkpoint.Index, _state.HaltReason)));
        Command<SaveSnapshotSuccess>(s =>
        {
            // The snapshot holds the bounded state with the highest signed checkpoint and the position: older events are not needed.
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Validator for origin {ChainId}: saving a snapshot failed", _state.Origin));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Validator for origin {ChainId}: deleting journaled events before a snapshot failed", _state.Origin));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(uint origin, Address validator) =>
        $"validator-{origin}-{validator.ToChecksumString().ToLowerInvariant()}";

    public static Props Props(EthKey key, uint origin, Address originMailbox, RpcClient originRpc, IActorRef originWatcher,
        ulong reorgWindowBlocks = ValidatorState.DefaultReorgWindowBlocks) =>
        Akka.Actor.Props.Create(() => new ValidatorActor(key, origin, originMailbox, originRpc, originWatcher, reorgWindowBlocks));

    private void SubscribeNow() => _watcher.Tell(new SubscribeToChain(Self, _position) { Consumer = PersistenceId, Persisted = _durable });

    private void HandleChainEvent(ChainEventEnvelope envelope)
    {
        if (envelope.ChainId != _state.Origin) return;
        var cursor = ChainCursor.Empty.Advance(envelope.ChainId, _position);
        switch (cursor.Decide(envelope.ChainId, envelope.Sequence))
        {
            case CursorDecision.AlreadyApplied:
                return;
            case CursorDecision.Gap:
                SubscribeNow();
                return;
        }
        var events = _state.Process(envelope.Event);
        if (events.Count == 0)
        {
            // Nothing to remember: re-processing this event after a crash decides nothing again. Every so often the position
            // alone is journaled, so that the watcher can forget what this validator will never ask for again.
            _position = envelope.Sequence;
            if (_position - _durable < ChainCursor.PersistPositionEvery) return;
        }
        Persist(new ValidatorEventsRecorded(envelope.Sequence, events), recorded =>
        {
            Apply(recorded);
            MaybeSnapshot();
            StartSigning();
        });
    }

    private void Apply(ValidatorEventsRecorded recorded)
    {
        foreach (var e in recorded.Events)
        {
            _state.Apply(e);
            if (e is Halted halted && !IsRecovering)
                _log.Error("ALERT validator {Validator} for origin {ChainId} halted: {Reason}", _key.Address, _state.Origin, halted.Reason);
        }
        if (recorded.Position is { } position)
        {
            if (position > _position) _position = position;
            if (position > _durable)
            {
                _durable = position;
                if (!IsRecovering) _watcher.Tell(new ChainPositionPersisted(PersistenceId, position));
            }
        }
        UpdateLag();
    }

    private void StartSigning()
    {
        if (_reading || _state.IsHalted || _state.LatestLeafBlock is not { } block) return;
        if (_state.Latest is { } latest && latest.Checkpoint.Index + 1L >= _state.LeafCount) return;
        _reading = true;
        var leaves = _state.LeafCount;
        OnChainTreeReader.ReadAtOrUnchangedSinceAsync(_origin, _state.OriginMailbox, block, leaves)
            .PipeTo(Self, success: tree => new TreeRead(tree, leaves), failure: e => new TreeReadFailed(e));
    }

    private void HandleTreeRead(TreeRead read)
    {
        _reading = false;
        _readFailures = 0;
        // New leaves arrived (or a reorg truncated) while reading: the read is for a stale tree; read again.
        if (read.Leaves != _state.LeafCount || read.Tree.Block != _state.LatestLeafBlock)
        {
            StartSigning();
            return;
        }
        var events = _state.NextCheckpoint(_key, read.Tree);
        if (events.Count == 0) return;
        Persist(new ValidatorEventsRecorded(null, events), recorded =>
        {
            Apply(recorded);
            foreach (var signed in recorded.Events.OfType<CheckpointSigned>())
                _log.Debug("Validator {Validator} signed checkpoint {Index} of origin {ChainId}", _key.Address, signed.Checkpoint.Index, _state.Origin);
            MaybeSnapshot();
            StartSigning();
        });
    }

    private void MaybeSnapshot()
    {
        if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new ValidatorActorSnapshot(_state.ToSnapshot(), _position));
    }

    private void UpdateLag()
    {
        var covered = _state.Latest is { } latest ? latest.Checkpoint.Index + 1L : 0L;
        RelayerMetrics.ValidatorLag.WithLabels(_validatorLabel, _originLabel).Set(Math.Max(0, _state.LeafCount - covered));
    }

    private static SignedCheckpoint? ToSigned(CheckpointSigned? signed) => signed is null ? null : new SignedCheckpoint(signed.Checkpoint, signed.Signature);

    private sealed record Resubscribe
    {
        public static readonly Resubscribe Instance = new();

        private Resubscribe()
        {
        }
    }

    private sealed record SignNext
    {
        public static readonly SignNext Instance = new();

        private SignNext()
        {
        }
    }

    private sealed record TreeRead(OnChainTree Tree, long Leaves);

    private sealed record TreeReadFailed(Exception Cause);
}
