using Interop.Ethereum;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Signing;
using Interop.Relayers.TxSending.Chain;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.Journal;
using Interop.Relayers.TxSending.Monitoring;
using Interop.Relayers.TxSending.Queries;
using Interop.Relayers.TxSending.State;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.TxSending;

/// <summary>
/// Sends the transactions of one signer on one chain: the only writer of that signer's nonce. Requests are persisted
/// when accepted, every signed transaction is persisted before it is broadcast, and after a restart the sender
/// reconciles its journal with the chain (re-broadcasting, confirming from receipts, or re-queueing a request whose
/// nonce someone else used), so nothing accepted is lost and no request is mined twice.
/// Decisions live in <see cref="TxSenderState"/>, <see cref="TxMonitor"/>, <see cref="NonceReconciliation"/> and
/// <see cref="Fees.FeePolicy"/>; this actor persists, applies, and talks to the chain.
/// </summary>
public sealed class TxSenderActor : ReceivePersistentActor, IWithTimers
{
    private const string PollTimer = "poll";

    private readonly TxSenderOptions _options;
    private readonly EthKey _key;
    private readonly ITxSenderChain _chain;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Not persisted: re-learned from the chain after every start.
    private readonly HashSet<string> _preparing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _prepareFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _broadcastFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastBroadcast = new(StringComparer.Ordinal);
    private TxSenderState _state;
    private bool _ready;
    private bool _polling;
    private int _reconcileFailures;

    public TxSenderActor(TxSenderOptions options, EthKey key, ITxSenderChain chain)
    {
        _options = options;
        _key = key;
        _chain = chain;
        _state = TxSenderState.Empty(options.CompletedRequestsToKeep);
        PersistenceId = PersistenceIdFor(options.ChainId, key.Address);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is TxSenderSnapshot snapshot)
                _state = TxSenderState.FromSnapshot(snapshot, _options.CompletedRequestsToKeep);
        });
        Recover<ITxSenderJournalEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _log.Info("TxSender for {Signer} on chain {ChainId} recovered: {Queued} queued, {Pending} pending",
                _key.Address, _options.ChainId, _state.Queue.Count, _state.Pending.Count);
            Self.Tell(Reconcile.Instance);
        });

        Command<SendTransaction>(HandleSendTransaction);
        Command<GetTxSenderStatus>(_ => Sender.Tell(Status()));
        Command<Reconcile>(_ => StartReconcile());
        Command<Reconciled>(HandleReconciled);
        Command<ReconcileFailed>(f => RetryReconcile(f.Cause.Message));
        Command<Prepared>(HandlePrepared);
        Command<PrepareFailed>(HandlePrepareFailed);
        Command<RetryPreparation>(r =>
        {
            _preparing.Remove(r.RequestId);
            StartPreparations();
        });
        Command<Poll>(_ => StartPoll());
        Command<Observed>(HandleObserved);
        Command<ObserveFailed>(f =>
        {
            _polling = false;
            _log.Warning("TxSender on chain {ChainId}: polling pending transactions failed, retrying next tick: {Error}",
                _options.ChainId, f.Cause.Message);
        });
        Command<Broadcasted>(HandleBroadcasted);
        Command<RetryBroadcast>(r =>
        {
            if (_state.FindPending(r.RequestId) is { } pending) Broadcast(pending.RequestId, pending.Latest.Hash, pending.Latest.Raw);
        });
        Command<SaveSnapshotSuccess>(s =>
        {
            // The snapshot holds the whole state (queue, pending transactions, the completed requests kept for
            // idempotency): the journal up to it is not needed to recover, so the journal stays bounded.
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "TxSender on chain {ChainId}: deleting journaled events before a snapshot failed (retried after the next snapshot)",
            _options.ChainId));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "TxSender on chain {ChainId}: saving a snapshot failed (recovery replays more events)",
            _options.ChainId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "TxSender on chain {ChainId}: deleting old snapshots failed (retried after the next snapshot)",
            _options.ChainId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The persistence id of the sender for <paramref name="signer"/> on <paramref name="chainId"/>.</summary>
    public static string PersistenceIdFor(ulong chainId, Address signer) =>
        $"tx-sender-{chainId}-{signer.ToChecksumString().ToLowerInvariant()}";

    /// <summary>Props for the sender of <paramref name="key"/>'s address on <paramref name="options"/>' chain.</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names each key).</exception>
    public static Props Props(TxSenderOptions options, EthKey key, ITxSenderChain chain)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(chain);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid TxSender options: " + string.Join("; ", errors), nameof(options));
        return Akka.Actor.Props.Create(() => new TxSenderActor(options, key, chain));
    }

    /// <summary>
    /// <see cref="Props(TxSenderOptions, EthKey, ITxSenderChain)"/> under a backoff supervisor, which is how a host should
    /// start a sender: a journal write that fails (database briefly unreachable) stops a persistent actor, and the
    /// supervisor starts it again after <see cref="TxSenderOptions.Retry"/>'s backoff, recovering from the journal.
    /// Messages sent to the supervisor are forwarded to the sender.
    /// </summary>
    public static Props SupervisedProps(TxSenderOptions options, EthKey key, ITxSenderChain chain) =>
        Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
            Props(options, key, chain), "sender", options.Retry.InitialDelay, options.Retry.MaxDelay, options.Retry.JitterFraction,
            maxNrOfRetries: -1)); // never give up: a sender that stays stopped strands every request it accepted

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    // ---- requests ----

    private void HandleSendTransaction(SendTransaction command)
    {
        var sender = Sender;
        if (command.Validate() is { } problem)
        {
            sender.Tell(new TransactionFailed(_options.ChainId, command.RequestId ?? string.Empty, problem));
            return;
        }
        switch (_state.Find(command.RequestId))
        {
            case RequestStanding.Queued(var request):
                AcceptDuplicate(sender, command, request);
                return;
            case RequestStanding.Pending(var pending):
                AcceptDuplicate(sender, command, pending.Request);
                return;
            case RequestStanding.Completed(var outcome):
                sender.Tell(new TransactionAccepted(_options.ChainId, command.RequestId));
                sender.Tell(outcome.ToEvent(_options.ChainId));
                return;
        }
        var queued = new TxRequest(command.RequestId, command.To, command.Data, command.Value, command.GasLimit, ReplyPathOf(sender), Now);
        Persist(new RequestQueued(queued), e =>
        {
            Apply(e);
            sender.Tell(new TransactionAccepted(_options.ChainId, command.RequestId));
            StartPreparations();
        });
    }

    private void AcceptDuplicate(IActorRef sender, SendTransaction command, TxRequest known)
    {
        if (!known.SamePayload(command))
            _log.Warning("TxSender on chain {ChainId}: request {RequestId} repeated with a different payload; keeping the first",
                _options.ChainId, command.RequestId);
        sender.Tell(new TransactionAccepted(_options.ChainId, command.RequestId));
    }

    // A temporary Ask actor is gone after its first answer, so only a real actor's path is kept for later events.
    private string? ReplyPathOf(IActorRef sender)
    {
        if (sender.IsNobody() || sender.Equals(Context.System.DeadLetters)) return null;
        if (sender.Path.Elements is ["temp", ..]) return null;
        return Akka.Serialization.Serialization.SerializedActorPath(sender);
    }

    // ---- start-up reconciliation ----

    private void StartReconcile()
    {
        var (chain, signer, timeout) = (_chain, _key.Address, _options.RpcTimeout);
        ReadChainAsync(chain, signer, timeout).PipeTo(Self, success: r => r, failure: e => new ReconcileFailed(Unwrap(e)));

        static async Task<Reconciled> ReadChainAsync(ITxSenderChain chain, Address signer, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            var chainId = await chain.GetChainIdAsync(cts.Token).ConfigureAwait(false);
            var nonces = await chain.GetNoncesAsync(signer, cts.Token).ConfigureAwait(false);
            return new Reconciled(chainId, nonces);
        }
    }

    private void HandleReconciled(Reconciled reconciled)
    {
        if (reconciled.ChainId != _options.ChainId)
        {
            // Signing for one chain and sending to another would waste nonces at best: refuse until the endpoint is fixed.
            _log.Error("TxSender {Signer}: the RPC endpoint serves chain {ActualChainId}, configured chain is {ChainId}; not sending",
                _key.Address, reconciled.ChainId, _options.ChainId);
            RetryReconcile($"chain id mismatch ({reconciled.ChainId} != {_options.ChainId})");
            return;
        }
        var plan = NonceReconciliation.Plan([.. _state.Pending.Values], reconciled.Nonces.Latest, reconciled.Nonces.Pending);
        if (plan.Warning is not null)
            _log.Warning("TxSender on chain {ChainId}: {Warning}", _options.ChainId, plan.Warning);
        _state = _state.ReconciledTo(plan.NextNonce);
        _reconcileFailures = 0;
        _ready = true;
        _log.Info("TxSender for {Signer} on chain {ChainId} ready: next nonce {Nonce}, re-broadcasting {Count} pending transaction(s)",
            _key.Address, _options.ChainId, plan.NextNonce, plan.Rebroadcast.Count);
        foreach (var pending in plan.Rebroadcast) Broadcast(pending.RequestId, pending.Latest.Hash, pending.Latest.Raw);
        Timers.StartPeriodicTimer(PollTimer, Poll.Instance, _options.PollInterval);
        StartPreparations();
    }

    private void RetryReconcile(string reason)
    {
        var delay = _options.Retry.Delay(++_reconcileFailures);
        _log.Warning("TxSender on chain {ChainId}: reconciliation failed ({Reason}), retry {Attempt} in {Delay}",
            _options.ChainId, reason, _reconcileFailures, delay);
        Timers.StartSingleTimer("reconcile", Reconcile.Instance, delay);
    }

    // ---- preparing and signing new transactions ----

    private void StartPreparations()
    {
        if (!_ready) return;
        foreach (var request in _state.Queue)
        {
            if (_preparing.Count >= _options.MaxConcurrentPreparations) break;
            if (!_preparing.Add(request.RequestId)) continue;
            var (chain, signer, percent, timeout, id) = (_chain, _key.Address, _options.GasLimitPercent, _options.RpcTimeout, request.RequestId);
            PrepareAsync(chain, signer, request, percent, timeout)
                .PipeTo(Self, success: p => new Prepared(id, p), failure: e => new PrepareFailed(id, Unwrap(e)));
        }

        static async Task<PreparedRequest> PrepareAsync(ITxSenderChain chain, Address signer, TxRequest request, int percent, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            return await chain.PrepareAsync(signer, request, percent, cts.Token).ConfigureAwait(false);
        }
    }

    private void HandlePrepared(Prepared prepared)
    {
        _preparing.Remove(prepared.RequestId);
        _prepareFailures.Remove(prepared.RequestId);
        if (_state.Find(prepared.RequestId) is not RequestStanding.Queued(var request))
        {
            StartPreparations();
            return;
        }
        // The nonce is read and advanced inside one Persist: later messages wait for the write, so no two requests
        // can take the same nonce and none is skipped.
        var nonce = _state.NextNonce ?? throw new InvalidOperationException("a TxSender signs only after reconciling its nonce");
        var attempt = TxSigning.Sign(_key, _options.ChainId, request, nonce, prepared.Request.GasLimit, prepared.Request.Fees, Now, prepared.Request.Head);
        Persist(new AttemptSigned(request.RequestId, nonce, prepared.Request.GasLimit, attempt), e =>
        {
            Apply(e);
            _log.Info("TxSender on chain {ChainId}: request {RequestId} signed as {TxHash} with nonce {Nonce} ({Fees})",
                _options.ChainId, request.RequestId, attempt.Hash, nonce, attempt.Fees);
            Notify(new TransactionSubmitted(_options.ChainId, request.RequestId, attempt.Hash, nonce,
                attempt.Fees.MaxFeePerGas, attempt.Fees.MaxPriorityFeePerGas), request.ReplyTo);
            Broadcast(request.RequestId, attempt.Hash, attempt.Raw);
            StartPreparations();
        });
    }

    private void HandlePrepareFailed(PrepareFailed failed)
    {
        if (_state.Find(failed.RequestId) is not RequestStanding.Queued(var request))
        {
            _preparing.Remove(failed.RequestId);
            return;
        }
        if (failed.Cause is ExecutionRevertedException revert)
        {
            // Deterministic: the transaction would revert on chain too. Fail it before it takes a nonce.
            _preparing.Remove(failed.RequestId);
            _prepareFailures.Remove(failed.RequestId);
            var reason = $"gas estimation failed: {revert.Reason}";
            Persist(new RequestFailed(request.RequestId, reason), e =>
            {
                Apply(e);
                _log.Warning("TxSender on chain {ChainId}: request {RequestId} failed: {Reason}",
                    _options.ChainId, request.RequestId, reason);
                Notify(new TransactionFailed(_options.ChainId, request.RequestId, reason), request.ReplyTo);
                StartPreparations();
            });
            return;
        }
        // Transient (endpoint down, timeout, funds not there yet): keep the slot and try again after a backoff.
        var attempt = _prepareFailures[failed.RequestId] = _prepareFailures.GetValueOrDefault(failed.RequestId) + 1;
        var delay = _options.Retry.Delay(attempt);
        _log.Warning("TxSender on chain {ChainId}: preparing request {RequestId} failed, retry {Attempt} in {Delay}: {Error}",
            _options.ChainId, request.RequestId, attempt, delay, failed.Cause.Message);
        Timers.StartSingleTimer($"prepare:{failed.RequestId}", new RetryPreparation(failed.RequestId), delay);
    }

    // ---- broadcasting ----

    private void Broadcast(string requestId, Bytes32 hash, byte[] raw)
    {
        _lastBroadcast[requestId] = Now;
        var (chain, timeout) = (_chain, _options.RpcTimeout);
        BroadcastAsync(chain, raw, timeout).PipeTo(Self,
            success: r => new Broadcasted(requestId, hash, r),
            failure: e => new Broadcasted(requestId, hash, new BroadcastResult(BroadcastOutcome.Unreachable, Unwrap(e).Message)));

        static async Task<BroadcastResult> BroadcastAsync(ITxSenderChain chain, byte[] raw, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            return await chain.BroadcastAsync(raw, cts.Token).ConfigureAwait(false);
        }
    }

    private void HandleBroadcasted(Broadcasted broadcasted)
    {
        var (requestId, hash, result) = broadcasted;
        switch (result.Outcome)
        {
            case BroadcastOutcome.Accepted:
                _broadcastFailures.Remove(requestId);
                return;
            case BroadcastOutcome.MaybeSent:
                // Already in the pool or nonce used: the receipts of all our hashes decide at the next poll.
                _broadcastFailures.Remove(requestId);
                _log.Info("TxSender on chain {ChainId}: {TxHash} of request {RequestId} may have been sent already ({Detail})",
                    _options.ChainId, hash, requestId, result.Detail);
                return;
        }
        if (_state.FindPending(requestId) is not { } pending || pending.Latest.Hash != hash) return;
        var attempt = _broadcastFailures[requestId] = _broadcastFailures.GetValueOrDefault(requestId) + 1;
        var delay = _options.Retry.Delay(attempt);
        _log.Warning("TxSender on chain {ChainId}: broadcasting {TxHash} of request {RequestId} {Outcome} ({Detail}), retry in {Delay}",
            _options.ChainId, hash, requestId, result.Outcome, result.Detail, delay);
        Timers.StartSingleTimer($"broadcast:{requestId}", new RetryBroadcast(requestId), delay);
    }

    // ---- watching pending transactions ----

    private void StartPoll()
    {
        if (!_ready || _polling || _state.Pending.IsEmpty) return;
        _polling = true;
        var hashes = _state.Pending.Values.SelectMany(p => p.Attempts.Select(a => a.Hash)).ToHashSet();
        var (chain, signer, depth, timeout) = (_chain, _key.Address, _options.ConfirmationDepth, _options.RpcTimeout);
        ObserveAsync(chain, signer, hashes, depth, timeout)
            .PipeTo(Self, success: o => new Observed(o, hashes), failure: e => new ObserveFailed(Unwrap(e)));

        static async Task<ChainObservation> ObserveAsync(ITxSenderChain chain, Address signer, IReadOnlyCollection<Bytes32> hashes, ulong depth, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            return await chain.ObserveAsync(signer, hashes, depth, cts.Token).ConfigureAwait(false);
        }
    }

    private void HandleObserved(Observed observed)
    {
        _polling = false;
        var observation = observed.Observation;
        _state = _state.WithChainNonce(observation.LatestNonce);
        // Only transactions whose every hash was asked about: one signed while the poll ran is judged next time.
        var judged = _state.Pending.Values.Where(p => p.Attempts.All(a => observed.Hashes.Contains(a.Hash)));
        var events = new List<ITxSenderJournalEvent>();
        var afterPersist = new Queue<Action>();
        foreach (var action in TxMonitor.Decide(judged, observation, Now, _lastBroadcast, _options))
        {
            var tx = action.Transaction;
            switch (action)
            {
                case PendingAction.Confirm confirm:
                    events.Add(new RequestConfirmed(tx.RequestId, tx.Nonce, confirm.Hash, confirm.Receipt));
                    afterPersist.Enqueue(() => Confirmed(confirm));
                    break;
                case PendingAction.Requeue requeue:
                    events.Add(new RequestRequeued(tx.RequestId, tx.Nonce, requeue.Reason));
                    afterPersist.Enqueue(() => Requeued(requeue));
                    break;
                case PendingAction.Replace replace:
                    var attempt = TxSigning.Sign(_key, _options.ChainId, tx.Request, tx.Nonce, tx.GasLimit, replace.Fees, Now, observation.Head);
                    events.Add(new AttemptSigned(tx.RequestId, tx.Nonce, tx.GasLimit, attempt));
                    afterPersist.Enqueue(() => Replaced(tx, attempt));
                    break;
                case PendingAction.Rebroadcast:
                    _log.Warning("TxSender on chain {ChainId}: {TxHash} of request {RequestId} is stuck at the fee cap; re-broadcasting",
                        _options.ChainId, tx.Latest.Hash, tx.RequestId);
                    Broadcast(tx.RequestId, tx.Latest.Hash, tx.Latest.Raw);
                    break;
            }
        }
        if (events.Count == 0) return;
        // One write for the whole poll; each event's follow-up runs after it is stored, in order.
        PersistAll(events, e =>
        {
            Apply(e);
            afterPersist.Dequeue()();
        });
    }

    private void Confirmed(PendingAction.Confirm confirm)
    {
        var tx = confirm.Transaction;
        Forget(tx.RequestId);
        _log.Info("TxSender on chain {ChainId}: request {RequestId} confirmed as {TxHash} (nonce {Nonce}, block {Block}, status {Status})",
            _options.ChainId, tx.RequestId, confirm.Hash, tx.Nonce, confirm.Receipt.BlockNumber, confirm.Receipt.Status);
        Notify(new TransactionConfirmed(_options.ChainId, tx.RequestId, confirm.Hash, tx.Nonce, confirm.Receipt), tx.Request.ReplyTo);
    }

    private void Requeued(PendingAction.Requeue requeue)
    {
        Forget(requeue.Transaction.RequestId);
        _log.Warning("TxSender on chain {ChainId}: request {RequestId} re-queued: {Reason}",
            _options.ChainId, requeue.Transaction.RequestId, requeue.Reason);
        StartPreparations();
    }

    private void Replaced(PendingTransaction tx, TxAttempt attempt)
    {
        var old = tx.Latest;
        _broadcastFailures.Remove(tx.RequestId);
        _log.Info("TxSender on chain {ChainId}: request {RequestId} stuck as {OldTxHash}, replaced by {TxHash} (nonce {Nonce}, {Fees})",
            _options.ChainId, tx.RequestId, old.Hash, attempt.Hash, tx.Nonce, attempt.Fees);
        Notify(new TransactionReplaced(_options.ChainId, tx.RequestId, old.Hash, attempt.Hash, tx.Nonce,
            attempt.Fees.MaxFeePerGas, attempt.Fees.MaxPriorityFeePerGas), tx.Request.ReplyTo);
        Broadcast(tx.RequestId, attempt.Hash, attempt.Raw);
    }

    // ---- state, events, snapshots ----

    private void Apply(ITxSenderJournalEvent e)
    {
        _state = _state.Apply(e);
        if (LastSequenceNr % _options.SnapshotEvery == 0) SaveSnapshot(_state.ToSnapshot());
    }

    private void Forget(string requestId)
    {
        _broadcastFailures.Remove(requestId);
        _lastBroadcast.Remove(requestId);
        Timers.Cancel($"broadcast:{requestId}");
    }

    private void Notify(ITxSenderEvent e, string? replyTo)
    {
        if (replyTo is not null) Context.ActorSelection(replyTo).Tell(e, Self);
        Context.System.EventStream.Publish(e);
    }

    private TxSenderStatus Status() => new(
        _options.ChainId,
        _key.Address,
        _ready,
        _state.NextNonce,
        [.. _state.Queue.Select(r => r.RequestId)],
        [.. _state.Pending.Values.Select(p => new PendingTransactionStatus(p.RequestId, p.Nonce, [.. p.Attempts.Select(a => a.Hash)]))],
        _state.Completed.Count);

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerExceptions[0]) : e;

    // ---- internal messages ----

    private sealed record Reconcile
    {
        public static readonly Reconcile Instance = new();

        private Reconcile()
        {
        }
    }

    private sealed record Reconciled(ulong ChainId, SignerNonces Nonces);

    private sealed record ReconcileFailed(Exception Cause);

    private sealed record Prepared(string RequestId, PreparedRequest Request);

    private sealed record PrepareFailed(string RequestId, Exception Cause);

    private sealed record RetryPreparation(string RequestId);

    private sealed record Poll
    {
        public static readonly Poll Instance = new();

        private Poll()
        {
        }
    }

    private sealed record Observed(ChainObservation Observation, IReadOnlySet<Bytes32> Hashes);

    private sealed record ObserveFailed(Exception Cause);

    private sealed record Broadcasted(string RequestId, Bytes32 Hash, BroadcastResult Result);

    private sealed record RetryBroadcast(string RequestId);
}
