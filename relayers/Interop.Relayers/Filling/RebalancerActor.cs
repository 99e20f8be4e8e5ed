using System.Numerics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.Claiming;
using Interop.Relayers.Metrics;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;

using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Filling;

/// <summary>What the rebalancer needs: the filler's address, the tokens to rebalance, the chains' RPC clients, the inventory and a TxSender per source chain.</summary>
public sealed record RebalancerWiring(
    Address Filler,
    RebalanceSettings Settings,
    IReadOnlyDictionary<uint, RpcClient> Rpcs,
    IActorRef Inventory,
    IReadOnlyDictionary<uint, IActorRef> Senders,
    FillerTiming Timing);

/// <summary>Asks the rebalancer for its <see cref="RebalanceStatus"/>.</summary>
public sealed record GetRebalanceStatus
{
    public static readonly GetRebalanceStatus Instance = new();

    private GetRebalanceStatus()
    {
    }
}

/// <summary>Moves started (ever), arrived, failed, and those in flight; <paramref name="Held"/>: moves the destination bridge held (ever).</summary>
public sealed record RebalanceStatus(long Started, int Arrived, int Failed, IReadOnlyList<RebalanceMove> InFlight, int Held = 0, long SnapshotAt = 0);

/// <summary>
/// Moves the filler's inventory back to where it fills (one per node, persisted): on each <see cref="InventorySnapshot"/>
/// asks <see cref="RebalancePolicy"/> per token; for a move it reads the destination's head, reserves the amount on the
/// source with the inventory, journals <see cref="RebalanceStarted"/>, and only then has the source chain's TxSender send
/// <c>approve(bridge, amount)</c> and, once mined, <c>TokenBridge.transferRemote(destination, filler, amount)</c> with the
/// fee from <c>quoteTransferRemote</c>, under deterministic request ids (idempotent there: a restart re-sends the same
/// requests and never a second transfer). The move is in flight until the destination bridge logs
/// <c>TransferReceived(from, filler, amount)</c> at or after the block after the decision, or until a send fails.
/// If the destination bridge holds it instead (above its <c>largeTransferThreshold</c>: <c>TransferHeld</c>), it journals
/// <see cref="RebalanceHeld"/> and, once the destination's latest block is at or past the release time and the hold is
/// still there, has the destination chain's TxSender send <c>claim(holdId)</c>; the claim's <c>TransferReceived</c> ends the move.
/// </summary>
public sealed class RebalancerActor : ReceivePersistentActor, IWithTimers
{
    private static readonly ContractDefinition Erc20 = ContractDefinition.Get(ContractNames.TestErc20);
    private static readonly ContractDefinition Bridge = ContractDefinition.Get(ContractNames.TokenBridge);
    private static readonly byte[] TransferReceivedTopic = Bridge.Topic0("TransferReceived");
    private static readonly byte[] TransferHeldTopic = TokenBridgeBinding.TransferHeldTopic;

    private readonly RebalancerWiring _w;
    private RebalanceState _state = new();
    private long _snapshotAt;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Requests handed to a TxSender it has not acknowledged yet (see FillerTiming.ResendAfter).
    private readonly UnacknowledgedRequests _unacknowledged = new();
    private readonly Dictionary<string, BigInteger> _transferFees = new(StringComparer.Ordinal);
    private readonly HashSet<string> _quoting = new(StringComparer.Ordinal);
    private bool _planning;
    private RebalanceStarted? _starting;
    private bool _checkingArrivals;
    // Claims of held moves (not persisted: after a restart the hold is read again and claimed if still there).
    private readonly Dictionary<string, MoveClaim> _claims = new(StringComparer.Ordinal);

    public RebalancerActor(RebalancerWiring wiring)
    {
        _w = wiring;
        PersistenceId = PersistenceIdFor(wiring.Filler);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not RebalancerSnapshot snapshot) return;
            _state = RebalanceState.FromSnapshot(snapshot);
            _snapshotAt = offer.Metadata.SequenceNr;
        });
        Recover<IRebalanceEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Recovered());

        Command<InventorySnapshot>(OnInventory);
        Command<InventoryRestarted>(r =>
        {
            if (!r.Inventory.Equals(_w.Inventory)) return;
            _log.Warning("Rebalancer: the inventory restarted; re-booking {InFlight} moves in flight", _state.InFlight.Count);
            Rebook();
        });
        Command<Tick>(_ => OnTick());
        Command<Planned>(OnPlanned);
        Command<PlanFailed>(f =>
        {
            _planning = false;
            _log.Warning("Rebalancer: reading the destination's head failed, deciding again on the next inventory read: {Error}", f.Cause.Message);
        });
        Command<MoveReserved>(OnMoveReserved);
        Command<MoveRefused>(r =>
        {
            _planning = false;
            _starting = null;
            _log.Info("Rebalancer: move {MoveId} not started: {Reason}", r.MoveId, r.Reason);
        });
        Command<TransferQuoted>(OnQuoted);
        Command<QuoteFailed>(f =>
        {
            _quoting.Remove(f.MoveId);
            _log.Warning("Rebalancer: quoting the bridge fee of {MoveId} failed, retrying: {Error}", f.MoveId, f.Cause.Message);
        });
        Command<ArrivalsChecked>(OnArrivals);
        Command<TransactionAccepted>(a => _unacknowledged.Heard(a.RequestId));
        Command<TransactionSubmitted>(s =>
        {
            _unacknowledged.Heard(s.RequestId);
            _log.Info("Rebalancer: {RequestId} submitted as {TxHash}", s.RequestId, s.Hash);
        });
        Command<TransactionReplaced>(r => _unacknowledged.Heard(r.RequestId));
        Command<TransactionConfirmed>(OnConfirmed);
        Command<TransactionFailed>(OnFailed);
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning("Rebalancer: saving a snapshot failed, the journal is kept: {Error}", f.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning("Rebalancer: deleting journaled events before a snapshot failed: {Error}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Rebalancer: deleting old snapshots failed: {Error}", f.Cause.Message));
        Command<GetRebalanceStatus>(_ => Sender.Tell(new RebalanceStatus(_state.NextNumber, _state.Arrived, _state.Failed, _state.InFlight.Values.ToList(), _state.Held, _snapshotAt)));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(Address filler) => $"rebalancer-{filler.ToChecksumString().ToLowerInvariant()}";

    public static Props Props(RebalancerWiring wiring) => Akka.Actor.Props.Create(() => new RebalancerActor(wiring));

    protected override void PreStart()
    {
        base.PreStart();
        Context.System.EventStream.Subscribe(Self, typeof(InventorySnapshot));
        Context.System.EventStream.Subscribe(Self, typeof(InventoryRestarted));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        // A move reserved but not (known to be) journaled: release it; if it was journaled after all, recovery restores it.
        if (_starting is { } starting) _w.Inventory.Tell(new MoveReleased(RebalanceState.MoveId(starting)));
        base.PostStop();
    }

    // The moves in flight, booked with the inventory (after a recovery, or after the inventory restarted).
    private void Rebook()
    {
        foreach (var move in _state.InFlight.Values) _w.Inventory.Tell(new RestoreMove(Reservation(move.Started), move.SentBlock));
    }

    private void Recovered()
    {
        // Re-book journaled moves with the inventory (not persisted), then re-send what was not done under the same
        // request ids: the TxSender answers a request it already has (or completed) without sending anything again.
        Rebook();
        foreach (var move in _state.InFlight.Values)
        {
            switch (move.Stage)
            {
                case RebalanceStage.Approve: SendApprove(move.Started); break;
                case RebalanceStage.Transfer: StartTransfer(move.Started); break;
                // Sent (held or not): nothing is re-sent; the ticks look for the arrival, and claim a held move once mature.
            }
        }
        UpdateGauge();
        _log.Info("Rebalancer for {Filler} recovered: {InFlight} moves in flight, {Arrived} arrived, {Failed} failed",
            _w.Filler, _state.InFlight.Count, _state.Arrived, _state.Failed);
        Timers.StartPeriodicTimer("tick", Tick.Instance, _w.Timing.PollInterval, _w.Timing.PollInterval);
    }

    private RebalanceVenue Venue(string symbol, uint chain) =>
        _w.Settings.Tokens.Single(t => t.Symbol == symbol).Chains.Single(c => c.Chain == chain);

    private MoveReservation Reservation(RebalanceStarted s) =>
        new(RebalanceState.MoveId(s), s.From, Venue(s.Symbol, s.From).Token, s.To, Venue(s.Symbol, s.To).Token, s.Amount);

    // ---- deciding ----

    private void OnInventory(InventorySnapshot snapshot)
    {
        if (!snapshot.Read || _planning) return;
        // A snapshot older than a move the inventory has not booked yet would show its source's surplus twice.
        if (_state.InFlight.Keys.Any(id => !snapshot.Moves.Contains(id))) return;
        foreach (var token in _w.Settings.Tokens)
        {
            var view = token.Chains.ToDictionary(c => c.Chain,
                c => snapshot.AvailableOf(c.Chain, c.Token) + snapshot.Incoming.GetValueOrDefault((c.Chain, c.Token)));
            var limits = token.Chains.ToDictionary(c => c.Chain, c => c.Limits);
            var inFlight = token.Chains.Where(c => _state.HasMoveTo(token.Symbol, c.Chain)).Select(c => c.Chain).ToHashSet();
            var moves = RebalancePolicy.Decide(view, limits, token.MinMove, inFlight);
            if (moves.Count == 0) continue;
            // One move at a time: the next snapshot (with this one booked) decides the next.
            Plan(token.Symbol, moves[0]);
            return;
        }
    }

    private void Plan(string symbol, PlannedMove move)
    {
        _planning = true;
        var (rpc, timeout) = (_w.Rpcs[move.To], _w.Timing.RpcTimeout);
        ReadAsync().PipeTo(Self, success: p => p, failure: e => new PlanFailed(e));

        async Task<Planned> ReadAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            // The transfer is sent after this read, so its arrival is in a later block.
            var head = await rpc.BlockNumberAsync(cts.Token).ConfigureAwait(false);
            return new Planned(symbol, move, head + 1);
        }
    }

    private void OnPlanned(Planned p)
    {
        _starting = new RebalanceStarted(_state.NextNumber, p.Symbol, p.Move.From, p.Move.To, p.Move.Amount, p.DestinationFromBlock);
        _w.Inventory.Tell(new ReserveMove(Reservation(_starting)));
    }

    private void OnMoveReserved(MoveReserved r)
    {
        if (_starting is not { } starting || RebalanceState.MoveId(starting) != r.MoveId) return;
        Persist(starting, e =>
        {
            _state.Apply(e);
            _starting = null;
            _planning = false;
            RelayerMetrics.FillerRebalances.WithLabels(e.Symbol, RelayerMetrics.Route(e.From, e.To), "started").Inc();
            UpdateGauge();
            _log.Info("Rebalancer: moving {Amount} {Symbol} from chain {From} to chain {To} ({MoveId})", e.Amount, e.Symbol, e.From, e.To, RebalanceState.MoveId(e));
            SendApprove(e);
        });
    }

    // ---- sending: approve, then transferRemote once the approve is mined ----

    private void SendApprove(RebalanceStarted s)
    {
        var venue = Venue(s.Symbol, s.From);
        var requestId = RebalanceState.ApproveId(RebalanceState.MoveId(s));
        _unacknowledged.Send(_w.Senders[s.From], new SendTransaction(requestId, venue.Token, Erc20.Encode("approve", venue.Bridge, s.Amount), BigInteger.Zero),
            DateTimeOffset.UtcNow, Self);
    }

    private void StartTransfer(RebalanceStarted s)
    {
        var id = RebalanceState.MoveId(s);
        if (!_quoting.Add(id)) return;
        var (rpc, bridge, destination, timeout) = (_w.Rpcs[s.From], Venue(s.Symbol, s.From).Bridge, s.To, _w.Timing.RpcTimeout);
        QuoteAsync().PipeTo(Self, success: q => q, failure: e => new QuoteFailed(id, e));

        async Task<TransferQuoted> QuoteAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            var fee = await rpc.EthCallAsync(new CallRequest { To = bridge, Data = Bridge.Encode("quoteTransferRemote", destination) }, null, cts.Token).ConfigureAwait(false);
            return new TransferQuoted(id, HexBigInteger.FromBytes(fee.AsSpan(0, 32)));
        }
    }

    private void OnQuoted(TransferQuoted q)
    {
        _quoting.Remove(q.MoveId);
        if (!_state.InFlight.TryGetValue(q.MoveId, out var move) || move.SentBlock is not null) return;
        _transferFees[q.MoveId] = q.Fee;
        SendTransfer(move.Started, q.Fee);
    }

    private void SendTransfer(RebalanceStarted s, BigInteger fee)
    {
        var id = RebalanceState.MoveId(s);
        _unacknowledged.Send(_w.Senders[s.From], new SendTransaction(id, Venue(s.Symbol, s.From).Bridge,
            Bridge.Encode("transferRemote", s.To, _w.Filler.ToBytes32(), s.Amount), fee), DateTimeOffset.UtcNow, Self);
    }

    private void OnTick()
    {
        MaybeSnapshot();
        ResendUnanswered();
        // An approved move whose fee quote failed is quoted again.
        foreach (var move in _state.InFlight.Values.Where(m => m.Approved && m.SentBlock is null))
            if (!_transferFees.ContainsKey(move.Id)) StartTransfer(move.Started);
        CheckArrivals();
    }

    // Every FillerTiming.SnapshotEvery events: the whole state (moves in flight and counts), and the journal before it is
    // deleted. A tick never runs while a Persist is pending (commands are stashed until its handler ran), so the state is
    // exactly the journal up to LastSequenceNr.
    private void MaybeSnapshot()
    {
        if (LastSequenceNr - _snapshotAt < _w.Timing.SnapshotEvery) return;
        _snapshotAt = LastSequenceNr;
        SaveSnapshot(_state.ToSnapshot());
    }

    /// <summary>Sends again every request the TxSender has not acknowledged within <see cref="FillerTiming.ResendAfter"/> (same id and payload).</summary>
    private void ResendUnanswered()
    {
        // The same command again: a claim that lost its move meanwhile fails at the TxSender's gas estimate and is
        // answered like any failed claim.
        foreach (var (txSender, command, silence) in _unacknowledged.Due(DateTimeOffset.UtcNow, _w.Timing.ResendAfter))
        {
            _log.Warning("Rebalancer: the TxSender has not acknowledged {RequestId} for {Silence}; sending it again", command.RequestId, silence);
            txSender.Tell(command, Self);
        }
    }

    // ---- outcomes ----

    private void OnConfirmed(TransactionConfirmed c)
    {
        _unacknowledged.Heard(c.RequestId);
        var (moveId, kind) = ParseRequest(c.RequestId);
        // A claim's outcome may come after its TransferReceived already ended the move.
        if (kind == RequestKind.Claim)
        {
            OnClaimOutcome(moveId, c.RequestId, c.Receipt.Succeeded ? null : "the claim reverted", c.Hash);
            return;
        }
        if (!_state.InFlight.TryGetValue(moveId, out var move)) return;
        var approve = kind == RequestKind.Approve;
        if (!c.Receipt.Succeeded)
        {
            Finish(moveId, false, c.Receipt.BlockNumber, approve ? "the approve reverted" : "the transfer reverted");
            return;
        }
        if (approve)
        {
            if (move.Approved) return;
            Persist(new RebalanceApproved(moveId), e =>
            {
                _state.Apply(e);
                StartTransfer(move.Started);
            });
        }
        else if (move.SentBlock is null)
        {
            Persist(new RebalanceSent(moveId, c.Hash, c.Receipt.BlockNumber), e =>
            {
                _state.Apply(e);
                _w.Inventory.Tell(new MoveSent(moveId, e.Block));
                _log.Info("Rebalancer: {MoveId} sent through the bridge in {TxHash}", moveId, c.Hash);
            });
        }
    }

    private void OnFailed(TransactionFailed f)
    {
        _unacknowledged.Heard(f.RequestId);
        var (moveId, kind) = ParseRequest(f.RequestId);
        // A failed claim does not fail the move: the tokens left the source and are held for the filler on the destination.
        if (kind == RequestKind.Claim) OnClaimOutcome(moveId, f.RequestId, f.Reason, null);
        else if (_state.InFlight.ContainsKey(moveId)) Finish(moveId, false, 0, f.Reason);
    }

    private void Finish(string moveId, bool arrived, ulong block, string? error)
    {
        var started = _state.InFlight[moveId].Started;
        Persist(new RebalanceFinished(moveId, arrived, block, error), e =>
        {
            _state.Apply(e);
            _transferFees.Remove(moveId);
            // A claim still with the TxSender keeps its entry until its outcome (logged and counted) comes back.
            if (!(_claims.TryGetValue(moveId, out var claim) && claim.Claim.Pending)) _claims.Remove(moveId);
            _w.Inventory.Tell(arrived ? new MoveArrived(moveId, block) : new MoveReleased(moveId));
            RelayerMetrics.FillerRebalances.WithLabels(started.Symbol, RelayerMetrics.Route(started.From, started.To), arrived ? "arrived" : "failed").Inc();
            UpdateGauge();
            if (arrived) _log.Info("Rebalancer: {MoveId} arrived on chain {To} in block {Block}", moveId, started.To, block);
            else _log.Warning("Rebalancer: {MoveId} failed, nothing left chain {From}: {Reason}", moveId, started.From, error);
        });
    }

    // ---- arrival: the destination bridge's TransferReceived(from, filler, amount), or TransferHeld and then a claim ----

    private void CheckArrivals()
    {
        var sent = _state.InFlight.Values.Where(m => m.SentBlock is not null).ToList();
        if (_checkingArrivals || sent.Count == 0) return;
        _checkingArrivals = true;
        var now = DateTimeOffset.UtcNow;
        var queries = sent.Select(m => new ArrivalQuery(m.Id, _w.Rpcs[m.Started.To], Venue(m.Started.Symbol, m.Started.To).Bridge, m.Started.From, m.Started.Amount,
            m.Started.DestinationFromBlock, m.Hold,
            // A held move whose claim is not under way (or failed and is due again): read the hold and the destination's time
            // (not when someone else claims holds: the move then waits for its TransferReceived).
            m.Hold is not null && _w.Settings.ClaimHolds && (!_claims.TryGetValue(m.Id, out var claim) || claim.Claim.ShouldRead(now)))).ToList();
        var (filler, timeout) = (_w.Filler, _w.Timing.RpcTimeout);
        ReadAsync().PipeTo(Self, success: a => a, failure: e => new ArrivalsChecked([], [], [], e.Message));

        async Task<ArrivalsChecked> ReadAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            var arrived = new List<(string, ulong)>();
            var held = new List<HeldSeen>();
            var holds = new List<HoldRead>();
            foreach (var q in queries)
            {
                var logs = await q.Rpc.GetLogsAsync(Filter(q, TransferReceivedTopic), cts.Token).ConfigureAwait(false);
                if (logs.FirstOrDefault(l => !l.Removed && HexBigInteger.FromBytes(l.Data.AsSpan(0, 32)) == q.Amount) is { } log)
                {
                    arrived.Add((q.Id, log.BlockNumber));
                    continue;
                }
                if (q.Hold is null)
                {
                    var heldLogs = await q.Rpc.GetLogsAsync(Filter(q, TransferHeldTopic), cts.Token).ConfigureAwait(false);
                    var h = heldLogs.Where(l => !l.Removed).Select(l => (Log: l, Event: TokenBridgeBinding.DecodeTransferHeld(l.Topics, l.Data)))
                        .FirstOrDefault(l => l.Event.Amount == q.Amount);
                    if (h.Log is not null) held.Add(new HeldSeen(q.Id, h.Event.HoldId, h.Event.ReleaseAt, h.Log.BlockNumber));
                }
                else if (q.ReadHold)
                {
                    var head = await q.Rpc.GetBlockByNumberAsync(BlockParameter.Latest, false, cts.Token).ConfigureAwait(false)
                        ?? throw new InvalidOperationException("the destination returned no latest block");
                    var hold = await q.Rpc.EthCallAsync(new CallRequest { To = q.Bridge, Data = TokenBridgeBinding.EncodeHolds(q.Hold.HoldId) }, null, cts.Token).ConfigureAwait(false);
                    holds.Add(new HoldRead(q.Id, head.Timestamp, TokenBridgeBinding.DecodeHoldPresent(hold)));
                }
            }
            return new ArrivalsChecked(arrived, held, holds, null);
        }

        LogFilter Filter(ArrivalQuery q, byte[] topic0) => new()
        {
            Addresses = [q.Bridge],
            Topics = topic0 == TransferHeldTopic
                ? [[topic0], null, [HexBigInteger.ToBytes(q.From, 32)], [filler.ToBytes32()]]
                : [[topic0], [HexBigInteger.ToBytes(q.From, 32)], [filler.ToBytes32()]],
            FromBlock = BlockParameter.AtNumber(q.DestinationFromBlock),
            ToBlock = BlockParameter.Latest,
        };
    }

    private void OnArrivals(ArrivalsChecked a)
    {
        _checkingArrivals = false;
        if (a.Error is { } error) _log.Warning("Rebalancer: looking for arrivals failed, retrying: {Error}", error);
        foreach (var (moveId, block) in a.Arrived)
            if (_state.InFlight.TryGetValue(moveId, out var move) && move.SentBlock is not null) Finish(moveId, true, block, null);
        var held = a.Held.Where(h => _state.InFlight.TryGetValue(h.MoveId, out var m) && m.SentBlock is not null && m.Hold is null)
            .Select(h => new RebalanceHeld(h.MoveId, h.HoldId, h.ReleaseAt, h.Block)).ToList();
        if (held.Count > 0)
            PersistAll(held, e =>
            {
                var started = _state.InFlight[e.MoveId].Started;
                _state.Apply(e);
                RelayerMetrics.FillerRebalances.WithLabels(started.Symbol, RelayerMetrics.Route(started.From, started.To), "held").Inc();
                _log.Info("Rebalancer: {MoveId} is held by the bridge on chain {To} (hold {HoldId}, in block {Block}); claiming it once the chain's time reaches releaseAt {ReleaseAt} (unix seconds)",
                    e.MoveId, started.To, e.HoldId, e.Block, e.ReleaseAt);
            });
        var now = DateTimeOffset.UtcNow;
        foreach (var r in a.Holds)
        {
            if (!_state.InFlight.TryGetValue(r.MoveId, out var move) || move.Hold is not { } hold) continue;
            var claim = _claims.TryGetValue(r.MoveId, out var c) ? c : _claims[r.MoveId] = new MoveClaim(new HoldClaim(RebalanceState.ClaimId(move.Id)), move);
            // Gone: claimed (by us before a restart, or by anyone); its TransferReceived ends the move.
            if (claim.Claim.Decide(r.Present, r.HeadTime, hold.ReleaseAt, now) == HoldClaimDecision.Claim) SendClaim(move, claim.Claim.RequestId);
        }
    }

    private void SendClaim(RebalanceMove move, string requestId)
    {
        _log.Info("Rebalancer: claiming hold {HoldId} of {MoveId} on chain {To} ({RequestId})", move.Hold!.HoldId, move.Id, move.Started.To, requestId);
        _unacknowledged.Send(_w.Senders[move.Started.To], new SendTransaction(requestId, Venue(move.Started.Symbol, move.Started.To).Bridge,
            TokenBridgeBinding.EncodeClaim(move.Hold.HoldId), BigInteger.Zero), DateTimeOffset.UtcNow, Self);
    }

    private void OnClaimOutcome(string moveId, string requestId, string? error, Bytes32? hash)
    {
        if (!_claims.TryGetValue(moveId, out var entry) || !entry.Claim.IsCurrent(requestId)) return;
        var (claim, move) = entry;
        if (!_state.InFlight.ContainsKey(moveId)) _claims.Remove(moveId);
        if (error is null)
        {
            claim.Succeeded();
            RelayerMetrics.FillerRebalances.WithLabels(move.Started.Symbol, RelayerMetrics.Route(move.Started.From, move.Started.To), "claimed").Inc();
            _log.Info("Rebalancer: {MoveId} claimed (hold {HoldId}) on chain {To} in {TxHash}", move.Id, move.Hold?.HoldId, move.Started.To, hash);
            return;
        }
        // Someone else may have claimed it first (UnknownHold): the tokens went to the filler anyway and the move ends on
        // their TransferReceived. Otherwise (not mature yet, route cursed) the next read of the hold claims again, under a new id.
        claim.Failed(DateTimeOffset.UtcNow, _w.Timing.ResendAfter);
        _log.Warning("Rebalancer: claiming hold {HoldId} of {MoveId} failed ({Reason}); reading the hold again before another claim", move.Hold?.HoldId, move.Id, error);
    }

    private enum RequestKind
    {
        Approve,
        Transfer,
        Claim,
    }

    /// <summary>The move and kind of a request id: <c>{move}:approve</c>, <c>{move}:claim[:{n}]</c>, or the move's own id (the transfer).</summary>
    private static (string MoveId, RequestKind Kind) ParseRequest(string requestId)
    {
        if (requestId.EndsWith(":approve", StringComparison.Ordinal)) return (requestId[..^":approve".Length], RequestKind.Approve);
        var at = requestId.LastIndexOf(":claim", StringComparison.Ordinal);
        if (at >= 0)
        {
            var rest = requestId[(at + ":claim".Length)..];
            if (rest.Length == 0 || (rest.Length > 1 && rest[0] == ':' && rest[1..].All(char.IsAsciiDigit))) return (requestId[..at], RequestKind.Claim);
        }
        return (requestId, RequestKind.Transfer);
    }

    private void UpdateGauge()
    {
        foreach (var token in _w.Settings.Tokens)
            RelayerMetrics.FillerRebalanceInFlight.WithLabels(token.Symbol).Set((double)_state.InFlight.Values
                .Where(m => m.Started.Symbol == token.Symbol).Aggregate(BigInteger.Zero, (s, m) => s + m.Started.Amount));
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();

        private Tick()
        {
        }
    }

    private sealed record Planned(string Symbol, PlannedMove Move, ulong DestinationFromBlock);

    private sealed record PlanFailed(Exception Cause);

    private sealed record TransferQuoted(string MoveId, BigInteger Fee);

    private sealed record QuoteFailed(string MoveId, Exception Cause);

    private sealed record ArrivalsChecked(IReadOnlyList<(string MoveId, ulong Block)> Arrived, IReadOnlyList<HeldSeen> Held, IReadOnlyList<HoldRead> Holds, string? Error);

    private sealed record ArrivalQuery(string Id, RpcClient Rpc, Address Bridge, uint From, BigInteger Amount, ulong DestinationFromBlock, RebalanceHold? Hold, bool ReadHold);

    private sealed record HeldSeen(string MoveId, BigInteger HoldId, ulong ReleaseAt, ulong Block);

    private sealed record HoldRead(string MoveId, ulong HeadTime, bool Present);

    /// <summary>A held move and the claim of its hold (request ids <see cref="RebalanceState.ClaimId"/>).</summary>
    private sealed record MoveClaim(HoldClaim Claim, RebalanceMove Move);
}
