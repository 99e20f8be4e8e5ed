using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.Metrics;
using Interop.Relayers.Network;
using Interop.Relayers.Status;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.Watching;

using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Relaying;

/// <summary>What a route actor is wired to.</summary>
/// <param name="Relayer">The address of the relayer key (simulations run from it; the TxSender holds the key).</param>
/// <param name="TxSender">The TxSender of (destination, relayer key).</param>
/// <param name="StatusTracker">Told about attestation, submission, settlement, failures and drops (may be <see cref="ActorRefs.Nobody"/>).</param>
public sealed record RouteWiring(uint Origin, Address OriginMailbox, uint Destination, Address DestinationMailbox, RelayerOptions Options,
    ValidatorSet Validators, IReadOnlyList<ICheckpointSource> CheckpointSources, RpcClient DestinationRpc, Address Relayer,
    IActorRef OriginWatcher, IActorRef DestinationWatcher, IActorRef TxSender, IActorRef StatusTracker);

/// <summary>
/// The relayer of one route origin -> destination around <see cref="RouteState"/> and <see cref="RelayPipeline"/>: applies both
/// watchers' events, prepares batches (skip delivered, quorum, proof, simulation), submits them through the TxSender with a
/// request id persisted before the TxSender sees it, and confirms them from the receipt. A revert or a failed estimate
/// reschedules the messages on the core's retry schedule; a reorg on either side re-queues what it undid.
/// </summary>
public sealed class RouteActor : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 500;
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(100);

    private readonly RouteWiring _wiring;
    private readonly RelayPipeline _pipeline;
    private readonly Random _random = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _route;
    private readonly Dictionary<string, BatchRequest> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fetching = new(StringComparer.Ordinal);
    // Batches handed to the TxSender that it has not acknowledged yet: see ResendUnanswered.
    private readonly UnacknowledgedRequests _unacknowledged = new();
    private RouteState _state;
    private RelayerOptions _options;
    private Denylist? _runtimeDenylist;
    private ChainCursor _cursor = ChainCursor.Empty;
    // The positions the journal (or a snapshot) holds: what a restart resumes from, and what the watchers are told.
    private ChainCursor _durable = ChainCursor.Empty;
    private long _batches;
    private DateTimeOffset _holdUntil = DateTimeOffset.MinValue;
    private int _prepareFailures;

    public RouteActor(RouteWiring wiring)
    {
        _wiring = wiring;
        _options = wiring.Options;
        _state = new RouteState(wiring.Origin, wiring.OriginMailbox, wiring.Destination, wiring.DestinationMailbox, _options);
        _pipeline = new RelayPipeline(wiring.DestinationRpc, wiring.CheckpointSources, wiring.Validators, _random);
        _route = RelayerMetrics.Route(wiring.Origin, wiring.Destination);
        PersistenceId = PersistenceIdFor(wiring.Origin, wiring.Destination);

        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = offer.Snapshot switch
            {
                RouteActorSnapshot current => current,
                RouteActorSnapshotV1 v1 => v1.Upgrade(),
                _ => throw new InvalidOperationException($"route {PersistenceId}: unexpected snapshot {offer.Snapshot.GetType().Name}"),
            };
            _runtimeDenylist = snapshot.Denylist;
            _options = _runtimeDenylist is null ? wiring.Options : wiring.Options with { Denylist = _runtimeDenylist };
            _state = RouteState.FromSnapshot(snapshot.State, _options);
            _cursor = _durable = snapshot.Cursor;
            _batches = snapshot.Batches;
            foreach (var request in snapshot.InFlight) _inFlight[request.RequestId] = request;
        });
        Recover<RouteEventsRecorded>(Apply);
        Recover<RouteDenylistRecorded>(ApplyDenylist);
        Recover<RecoveryCompleted>(_ => Started());

        Command<ChainEventEnvelope>(HandleChainEvent);
        Command<ChainPositionUnavailable>(u => _log.Error(
            "ALERT route {Route}: watcher of chain {ChainId} no longer has the events after position {Position} (oldest retained {Oldest})",
            _route, u.ChainId, u.Requested, u.OldestRetained));
        Command<Tick>(_ => MaybePrepare());
        Command<Resubscribe>(_ =>
        {
            SubscribeAll();
            ResendUnanswered();
        });
        Command<Prepared>(HandlePrepared);
        Command<PrepareFailed>(HandlePrepareFailed);
        Command<TransactionAccepted>(a => Heard(a.RequestId));
        Command<TransactionSubmitted>(s =>
        {
            Heard(s.RequestId);
            OnBroadcast(s.RequestId, s.Hash, s.Nonce);
        });
        Command<TransactionReplaced>(r =>
        {
            Heard(r.RequestId);
            _log.Info("route {Route}: batch {RequestId} replaced by {TxHash} (fees raised)", _route, r.RequestId, r.NewHash);
            OnBroadcast(r.RequestId, r.NewHash, r.Nonce);
        });
        Command<TransactionConfirmed>(c =>
        {
            Heard(c.RequestId);
            FetchReceipt(c.RequestId, c.Hash, c.Receipt);
        });
        Command<FetchAgain>(f => FetchReceipt(f.RequestId, f.Hash, f.Summary));
        Command<ReceiptFetched>(HandleReceipt);
        Command<ReceiptFetchFailed>(f =>
        {
            _fetching.Remove(f.RequestId);
            _log.Warning("route {Route}: fetching the receipt of {TxHash} failed, retrying: {Error}", _route, f.Hash, f.Cause.GetBaseException().Message);
            Timers.StartSingleTimer("fetch-" + f.RequestId, new FetchAgain(f.RequestId, f.Hash, f.Summary), TimeSpan.FromSeconds(1));
        });
        Command<TransactionFailed>(f =>
        {
            Heard(f.RequestId);
            HandleTxFailed(f);
        });
        Command<RetryMessage>(r => Requeue(r.Nonce, null));
        Command<RelayMessageNow>(r => Requeue(r.Nonce, r.Id));
        Command<ReplaceDenylist>(HandleReplaceDenylist);
        Command<GetRouteStatus>(_ => Sender.Tell(Status()));
        Command<PublishGauges>(_ => PublishQueueGauges());
        // Recovery reads the newest snapshot and the events after it: once a snapshot is saved, the journal up to it and the
        // older snapshots are never read again (as in the ChainWatcher).
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "route {Route}: saving a snapshot failed", _route));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "route {Route}: deleting old snapshots failed (they are retried after the next snapshot)", _route));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "route {Route}: deleting the journal up to {SequenceNr} failed (retried after the next snapshot)",
            _route, f.ToSequenceNr));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(uint origin, uint destination) => $"route-{origin}-{destination}";

    public static Props Props(RouteWiring wiring) => Akka.Actor.Props.Create(() => new RouteActor(wiring));

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    private void Started()
    {
        _log.Info("route {Route} recovered: {Messages} messages, {InFlight} batch(es) in flight, positions {Origin}/{Destination}",
            _route, _state.Messages.Count, _inFlight.Count, _cursor[_wiring.Origin], _cursor[_wiring.Destination]);
        SubscribeAll();
        // The TxSender is idempotent by request id: a batch it already has is acknowledged (with its outcome when known),
        // one the crash kept from it is sent now with the calldata persisted before the crash.
        foreach (var request in _inFlight.Values) Send(request);
        Timers.StartPeriodicTimer("tick", Tick.Instance, TickInterval);
        Timers.StartPeriodicTimer("subscribe", Resubscribe.Instance, TimeSpan.FromSeconds(5));
        Timers.StartPeriodicTimer("gauges", PublishGauges.Instance, TimeSpan.FromSeconds(1));
    }

    private void SubscribeAll()
    {
        _wiring.OriginWatcher.Tell(new SubscribeToChain(Self, _cursor[_wiring.Origin]) { Consumer = PersistenceId, Persisted = _durable[_wiring.Origin] });
        _wiring.DestinationWatcher.Tell(new SubscribeToChain(Self, _cursor[_wiring.Destination])
            { Consumer = PersistenceId, Persisted = _durable[_wiring.Destination] });
    }

    // ---- events ----

    private void Apply(RouteEventsRecorded recorded)
    {
        ApplyCore(recorded.Events);
        if (recorded.Chain is { } chain && recorded.Position is { } position)
        {
            _cursor = _cursor.Advance(chain, position);
            if (position > _durable[chain])
            {
                _durable = _durable.Advance(chain, position);
                if (!IsRecovering)
                    (chain == _wiring.Origin ? _wiring.OriginWatcher : _wiring.DestinationWatcher).Tell(new ChainPositionPersisted(PersistenceId, position));
            }
        }
        if (recorded.Sent is { } sent)
        {
            _inFlight[sent.RequestId] = sent;
            _batches++;
        }
        if (recorded.Finished is { } finished) _inFlight.Remove(finished);
    }

    private void ApplyDenylist(RouteDenylistRecorded recorded)
    {
        _runtimeDenylist = recorded.Denylist;
        _options = _wiring.Options with { Denylist = recorded.Denylist };
        _state = RouteState.FromSnapshot(_state.ToSnapshot(), _options);
        ApplyCore(recorded.Events);
    }

    private void ApplyCore(IReadOnlyList<IRelayerEvent> events)
    {
        foreach (var e in events)
        {
            if (!IsRecovering) Count(e);
            _state.Apply(e);
        }
    }

    private void Count(IRelayerEvent e)
    {
        switch (e)
        {
            case MessagesDelivered delivered:
                var fresh = delivered.Nonces.Count(n => _state.Get(n) is { Status: not RelayStatus.Delivered });
                if (fresh > 0) RelayerMetrics.Deliveries.WithLabels(_route).Inc(fresh);
                break;
            case DeliveryFailed failed:
                RelayerMetrics.Failures.WithLabels(_route).Inc(failed.Retries.Count);
                Tell(new DeliveryAttemptFailed(Ids(failed.Retries.Select(r => r.Nonce)), failed.Reason));
                _log.Warning("route {Route}: delivery of {Count} message(s) failed, first {MessageId}: {Reason}", _route, failed.Retries.Count,
                    Ids(failed.Retries.Select(r => r.Nonce)).FirstOrDefault(), failed.Reason);
                break;
            case MessageDropped dropped:
                if (_state.Get(dropped.Nonce) is { } message)
                {
                    Tell(new MessagesDropped([message.Id], dropped.Reason));
                    _log.Info("route {Route}: dropped message {MessageId}: {Reason}", _route, message.Id, dropped.Reason);
                }
                break;
            case RouteHalted halted:
                _log.Error("ALERT route {Route} halted: {Reason}", _route, halted.Reason);
                break;
        }
    }

    private void Persisted(RouteEventsRecorded recorded, Action? then = null)
    {
        Persist(recorded, r =>
        {
            Apply(r);
            if (LastSequenceNr % SnapshotEvery == 0)
                SaveSnapshot(new RouteActorSnapshot(_state.ToSnapshot(), _cursor, [.. _inFlight.Values], _batches, _runtimeDenylist));
            then?.Invoke();
        });
    }

    private void HandleChainEvent(ChainEventEnvelope envelope)
    {
        switch (_cursor.Decide(envelope.ChainId, envelope.Sequence))
        {
            case CursorDecision.AlreadyApplied:
                return;
            case CursorDecision.Gap:
                SubscribeAll();
                return;
        }
        var events = _state.Process(envelope.Event, Now);
        if (events.Count == 0)
        {
            // Nothing to remember: after a crash this event is re-emitted and again decides nothing. Every so often the position
            // alone is journaled, so that the watcher can forget what this route will never ask for again.
            _cursor = _cursor.Advance(envelope.ChainId, envelope.Sequence);
            if (envelope.Sequence - _durable[envelope.ChainId] < ChainCursor.PersistPositionEvery) return;
        }
        Persisted(new RouteEventsRecorded(envelope.ChainId, envelope.Sequence, events));
    }

    // ---- prepare -> submit ----

    private void MaybePrepare()
    {
        var now = Now;
        if (now < _holdUntil || _inFlight.Count >= _options.MaxBatchesInFlight || !_state.ShouldFlush(now)) return;
        var state = _state;
        var batches = Math.Min(_options.MaxBatchesPerRound, _options.MaxBatchesInFlight - _inFlight.Count);
        _pipeline.PrepareRoundAsync(state, _wiring.Relayer, now, batches)
            .PipeTo(Self, success: round => new Prepared(round), failure: e => new PrepareFailed(e));
        // The pipeline reads the core off the actor's thread: nothing may change it until the outcome is back.
        BecomeStacked(Preparing);
    }

    private void Preparing()
    {
        Command<Prepared>(p =>
        {
            UnbecomeStacked();
            Stash.UnstashAll();
            HandlePrepared(p);
        });
        Command<PrepareFailed>(f =>
        {
            UnbecomeStacked();
            Stash.UnstashAll();
            HandlePrepareFailed(f);
        });
        Command<GetRouteStatus>(_ => Sender.Tell(Status()));
        Command<Tick>(_ => { });
        Command<PublishGauges>(_ => { });
        CommandAny(_ => Stash.Stash());
    }

    private void HandlePrepared(Prepared prepared)
    {
        _prepareFailures = 0;
        var round = prepared.Round;
        // Deliveries read from the bitmap and failed simulations first, then one journal write per batch with its request.
        var decided = round.Events.Concat(round.Batches.Where(b => b.Outcome is not RelayOutcome.Success).SelectMany(b => b.Events)).ToList();
        if (decided.Count > 0) Persisted(new RouteEventsRecorded(null, null, decided));
        var sent = 0;
        foreach (var result in round.Batches)
        {
            switch (result.Outcome)
            {
                case RelayOutcome.Success success:
                    // Request ids are numbered by the batches persisted before; the callbacks run in order, each counting its own.
                    Submit(success.Batch, RouteDecisions.RequestId(_wiring.Origin, _wiring.Destination, _batches + 1 + sent++));
                    break;
                case RelayOutcome.NotReady notReady:
                    _log.Debug("route {Route}: not ready: {Reason}", _route, notReady.Reason);
                    break;
                case RelayOutcome.Drop drop:
                    _log.Info("route {Route}: {Reason}", _route, drop.Reason);
                    break;
            }
        }
        if (sent > 0)
            Self.Tell(Tick.Instance); // more may be ready: prepare the next round as soon as these are persisted, not on the next tick
        else if (round.Batches.Any(b => b.Outcome is RelayOutcome.NotReady))
            _holdUntil = Now + TimeSpan.FromMilliseconds(250); // typically validators have not signed yet: look again shortly
    }

    private void Submit(DeliveryBatch batch, string requestId)
    {
        var nonces = batch.Messages.Select(m => m.Nonce).ToList();
        var request = new BatchRequest(requestId, nonces, batch.EncodeCall());
        Persisted(new RouteEventsRecorded(null, null, [new BatchSubmitted(nonces, RouteDecisions.BatchKey(requestId))], Sent: request), () =>
        {
            Tell(new MessagesAttested(Ids(nonces)));
            Send(request);
            _log.Info("route {Route}: batch {RequestId} of {Count} message(s) (nonces {First}..{Last}) at checkpoint {Index} sent to the TxSender",
                _route, requestId, nonces.Count, nonces[0], nonces[^1], batch.Checkpoint.Index);
        });
    }

    private void Send(BatchRequest request) =>
        _unacknowledged.Send(_wiring.TxSender, new SendTransaction(request.RequestId, _wiring.DestinationMailbox, request.Calldata, 0), Now, Self);

    // Any answer: the TxSender journaled the request and sees it through (after its own restarts too); it can no longer be lost.
    private void Heard(string requestId) => _unacknowledged.Heard(requestId);

    /// <summary>
    /// Hands every batch in flight the TxSender has not acknowledged within <see cref="RelayerOptions.ResendAfter"/> to it again
    /// (idempotent by request id: a request it has is only acknowledged, a finished one answered with its outcome). A request
    /// that reached a TxSender while it stopped (journal failure) and backed off was dropped; before this it was re-sent only
    /// when the route restarted, and its messages stayed "submitted" and undelivered until then.
    /// </summary>
    private void ResendUnanswered()
    {
        foreach (var (txSender, command, silence) in _unacknowledged.Due(Now, _options.ResendAfter))
        {
            _log.Warning("route {Route}: the TxSender has not acknowledged batch {RequestId} for {Silence}; handing it over again", _route, command.RequestId, silence);
            txSender.Tell(command, Self);
        }
    }

    private void HandlePrepareFailed(PrepareFailed failed)
    {
        _prepareFailures++;
        var delay = _options.Retry with { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5) };
        var wait = delay.Delay(Math.Min(_prepareFailures, 30), _random);
        _holdUntil = Now + wait;
        _log.Warning("route {Route}: preparing a batch failed ({Failures} in a row; destination chain {ChainId}), retrying in {Delay}: {Error}",
            _route, _prepareFailures, _wiring.Destination, wait, failed.Cause.GetBaseException().Message);
    }

    // ---- confirm ----

    private void OnBroadcast(string requestId, Bytes32 hash, ulong nonce)
    {
        if (!_inFlight.TryGetValue(requestId, out var request)) return;
        RelayerMetrics.TxNonce.WithLabels(_wiring.Destination.ToString(CultureInfo.InvariantCulture)).Set(nonce);
        Tell(new MessagesSubmitted(Ids(request.Nonces), hash));
    }

    private void FetchReceipt(string requestId, Bytes32 hash, ReceiptSummary summary)
    {
        if (!_inFlight.ContainsKey(requestId) || !_fetching.Add(requestId)) return;
        _wiring.DestinationRpc.GetTransactionReceiptAsync(hash.ToArray())
            .PipeTo(Self,
                success: receipt => receipt is null
                    ? new ReceiptFetchFailed(requestId, hash, summary, new InvalidOperationException($"no receipt for {hash} (reorged out?)"))
                    : new ReceiptFetched(requestId, summary, receipt),
                failure: e => new ReceiptFetchFailed(requestId, hash, summary, e));
    }

    private void HandleReceipt(ReceiptFetched fetched)
    {
        _fetching.Remove(fetched.RequestId);
        if (!_inFlight.TryGetValue(fetched.RequestId, out var request)) return;
        var events = _state.Confirm(request.Nonces, fetched.Receipt, Now, _random);
        var hash = new Bytes32(fetched.Receipt.TransactionHash);
        var gasEach = RouteDecisions.GasPerMessage(fetched.Summary.GasUsed, request.Nonces.Count);
        var wei = (double)(fetched.Summary.EffectiveGasPrice * fetched.Summary.GasUsed);
        Persisted(new RouteEventsRecorded(null, null, events, Finished: request.RequestId), () =>
        {
            RelayerMetrics.GasSpentWei.WithLabels(_wiring.Destination.ToString(CultureInfo.InvariantCulture)).Inc(wei);
            var processed = events.OfType<MessagesDelivered>().Where(d => d.Block is not null).SelectMany(d => d.Nonces).ToList();
            if (processed.Count > 0)
                Tell(new MessagesSettled(Ids(processed), hash, fetched.Receipt.BlockNumber, gasEach)
                {
                    Held = HoldLinks.HeldInReceipt(fetched.Receipt.Logs, _wiring.DestinationMailbox),
                });
            _log.Info("route {Route}: batch {RequestId} confirmed in {TxHash} (block {Block}, {GasUsed} gas, {Delivered} delivered)",
                _route, request.RequestId, hash, fetched.Receipt.BlockNumber, fetched.Summary.GasUsed, processed.Count);
        });
    }

    private void HandleTxFailed(TransactionFailed failed)
    {
        if (!_inFlight.TryGetValue(failed.RequestId, out var request)) return;
        var fail = _state.Fail(request.Nonces, $"the TxSender refused the batch: {failed.Reason}", Now, _random);
        Persisted(new RouteEventsRecorded(null, null, [fail], Finished: request.RequestId));
    }

    // ---- admin ----

    private void Requeue(ulong nonce, Bytes32? id)
    {
        var sender = Sender;
        if ((long)nonce < _state.PrunedBelow)
        {
            // Below the watermark every message of the route is delivered: the route forgot it.
            sender.Tell(new AdminResult(AdminResultKind.Conflict, _state.Requeue(nonce).Detail));
            return;
        }
        if (_state.Get(nonce) is null && id is { } relayId)
        {
            sender.Tell(nonce >= (ulong)_state.LeafCount
                ? new AdminResult(AdminResultKind.Accepted, $"message {relayId} is not confirmed on origin {_wiring.Origin} yet; it is queued once the watcher indexes it", [relayId])
                : new AdminResult(AdminResultKind.NotFound, $"route {_route} has no message {relayId}"));
            return;
        }
        var (requeued, detail) = _state.Requeue(nonce);
        if (requeued is null)
        {
            var kind = _state.Get(nonce) is null ? AdminResultKind.NotFound : AdminResultKind.Conflict;
            sender.Tell(new AdminResult(kind, detail));
            return;
        }
        _holdUntil = DateTimeOffset.MinValue;
        var messageId = _state.Get(nonce)!.Id;
        Persisted(new RouteEventsRecorded(null, null, [requeued]), () => sender.Tell(new AdminResult(AdminResultKind.Accepted, detail, [messageId])));
    }

    private void HandleReplaceDenylist(ReplaceDenylist replace)
    {
        var sender = Sender;
        var drops = RouteDecisions.DenylistDrops(_state, replace.Denylist);
        Persist(new RouteDenylistRecorded(replace.Denylist, drops), recorded =>
        {
            ApplyDenylist(recorded);
            _log.Info("route {Route}: denylist replaced ({Ids} ids, {Senders} senders, {Recipients} recipients); {Dropped} queued message(s) dropped",
                _route, recorded.Denylist.MessageIds.Count, recorded.Denylist.Senders.Count, recorded.Denylist.Recipients.Count, drops.Count);
            sender.Tell(new DenylistReplaced(recorded.Denylist, drops.Count));
        });
    }

    // ---- helpers ----

    private RouteStatus Status()
    {
        int pending = 0, submitted = 0, delivered = 0, dropped = 0;
        foreach (var m in _state.Messages.Values)
        {
            switch (m.Status)
            {
                case RelayStatus.Pending: pending++; break;
                case RelayStatus.Submitted: submitted++; break;
                case RelayStatus.Delivered: delivered++; break;
                case RelayStatus.Dropped: dropped++; break;
            }
        }
        // Delivered messages below the watermark are forgotten but still counted.
        delivered += (int)Math.Min(int.MaxValue - delivered, _state.ForgottenDelivered);
        return new RouteStatus(_wiring.Origin, _wiring.Destination, pending, submitted, delivered, dropped, _inFlight.Count, _state.HaltReason, _options.Denylist);
    }

    private void PublishQueueGauges()
    {
        var s = Status();
        RelayerMetrics.QueueLength.WithLabels(_route, "pending").Set(s.Pending);
        RelayerMetrics.QueueLength.WithLabels(_route, "submitted").Set(s.Submitted);
        RelayerMetrics.QueueLength.WithLabels(_route, "delivered").Set(s.Delivered);
        RelayerMetrics.QueueLength.WithLabels(_route, "dropped").Set(s.Dropped);
    }

    private List<Bytes32> Ids(IEnumerable<ulong> nonces) => nonces.Select(n => _state.Get(n)?.Id).OfType<Bytes32>().ToList();

    private void Tell(IRouteProgress progress)
    {
        if (progress.Ids.Count > 0 && !_wiring.StatusTracker.IsNobody()) _wiring.StatusTracker.Tell(progress);
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();

        private Tick()
        {
        }
    }

    private sealed record Resubscribe
    {
        public static readonly Resubscribe Instance = new();

        private Resubscribe()
        {
        }
    }

    private sealed record PublishGauges
    {
        public static readonly PublishGauges Instance = new();

        private PublishGauges()
        {
        }
    }

    private sealed record Prepared(PreparedRound Round);

    private sealed record PrepareFailed(Exception Cause);

    private sealed record FetchAgain(string RequestId, Bytes32 Hash, ReceiptSummary Summary);

    private sealed record ReceiptFetched(string RequestId, ReceiptSummary Summary, Receipt Receipt);

    private sealed record ReceiptFetchFailed(string RequestId, Bytes32 Hash, ReceiptSummary Summary, Exception Cause);
}
