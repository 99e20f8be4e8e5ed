using System.Numerics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Interop.Relayers.Metrics;
using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;

using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Filling;

/// <summary>What one filler actor needs: its key's address, the route, the chains' RPC clients, the shared inventory and the destination's TxSender.</summary>
public sealed record FillerWiring(
    Address Filler,
    FillerRoute Route,
    FillerPolicy Policy,
    RpcClient OriginRpc,
    RpcClient DestinationRpc,
    IActorRef Inventory,
    IActorRef DestinationSender,
    FillerTiming Timing);

/// <summary>Polling and settlement pacing of a filler.</summary>
public sealed record FillerTiming
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public int SettleBatchSize { get; init; } = 20;
    public TimeSpan SettleMaxWait { get; init; } = TimeSpan.FromSeconds(5);
    public ulong StartBlock { get; init; }
    public ulong MaxScanBlocks { get; init; } = 2_000;
    public TimeSpan RpcTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Journaled events between snapshots; each snapshot lets the journal before it be deleted.</summary>
    public long SnapshotEvery { get; init; } = 500;

    /// <summary>
    /// A fill or settle request the TxSender has not acknowledged within this long is sent to it again (idempotent there: a
    /// request it has is only acknowledged, a finished one is answered with its outcome). A request can be lost on the
    /// way: the TxSender stops when its journal fails and drops what reaches it while it stops and backs off; without
    /// the re-send the fill stays in flight, or the settlement is never sent, until the filler itself restarts. An
    /// acknowledged request is journaled there and never sent again: a slow confirmation is not a lost request.
    /// </summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Asks a filler for its <see cref="FillerStatus"/>.</summary>
public sealed record GetFillerStatus
{
    public static readonly GetFillerStatus Instance = new();

    private GetFillerStatus()
    {
    }
}

/// <summary>A filler's counts (for tests, metrics and the admin view).</summary>
public sealed record FillerStatus(uint Origin, uint Destination, ulong NextBlock, int Open, int Filling, int Unsettled, int Settling, int Outstanding, int Filled, int Repaid, BigInteger Exposure);

/// <summary>
/// Fills intents on one route with one key (one per (filler key, route)): scans the origin IntentPool for
/// <c>OrderOpened</c> to this destination and <c>OrderSettled</c> to this filler from a journaled cursor, decides with
/// <see cref="FillDecider"/>, reserves inventory, re-checks the order on both chains, journals <see cref="FillStarted"/>
/// and only then asks the destination's TxSender to send <c>fill(order)</c> with request id <c>fill:{orderId}</c>
/// (idempotent there, so a restart re-sends the same request and never a second fill); settles its fills in batches
/// with <c>settle(origin, ids)</c>, which the relayer network carries to the origin to release the escrows.
/// </summary>
public sealed class FillerActor : ReceivePersistentActor, IWithTimers
{
    private const ulong PersistCursorEvery = 256;
    /// <summary>How long past its fill deadline an order's id is still remembered.</summary>
    internal static readonly TimeSpan ForgetAfterDeadline = TimeSpan.FromMinutes(10);
    private static readonly Interop.Contracts.Bindings.ContractDefinition Erc20 = Interop.Contracts.Bindings.ContractDefinition.Get(Interop.Contracts.Bindings.ContractNames.TestErc20);

    private readonly FillerWiring _w;
    private FillerState _state = new();
    private long _snapshotAt;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Bytes32> _reserving = [];
    private InventorySnapshot _inventory = InventorySnapshot.Empty;
    private bool _scanning;
    private bool _quotingSettle;
    private ulong _persistedCursor;
    private ulong _head;
    private long _destinationNow;
    private bool _approved;
    private bool _checkingAllowance;
    private readonly HashSet<Address> _approveRequested = [];
    // Fill and settle requests handed to the TxSender that it has not acknowledged yet, with when they were (last) sent.
    // Once it acknowledged one it has journaled it and sees it through (after its own restarts too), so only these can be lost.
    private readonly UnacknowledgedRequests _unacknowledged = new();

    public FillerActor(FillerWiring wiring)
    {
        _w = wiring;
        PersistenceId = PersistenceIdFor(wiring.Route.Origin, wiring.Route.Destination, wiring.Filler);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not FillerSnapshot snapshot) return;
            _state = FillerState.FromSnapshot(snapshot);
            _snapshotAt = offer.Metadata.SequenceNr;
        });
        Recover<IFillerEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Recovered());

        Command<Tick>(_ => OnTick());
        Command<Scanned>(OnScanned);
        Command<ScanFailed>(f =>
        {
            _scanning = false;
            _log.Warning("Filler {Route}: scanning failed, retrying next tick: {Error}", RouteName, f.Cause.Message);
        });
        Command<InventorySnapshot>(s => _inventory = s);
        Command<InventoryRestarted>(r =>
        {
            if (!r.Inventory.Equals(_w.Inventory)) return;
            _log.Warning("Filler {Route}: the inventory restarted; re-booking {Filling} fills in flight and {Outstanding} awaiting repayment", RouteName, _state.Filling.Count, _state.Outstanding.Count);
            Rebook();
        });
        Command<FillReserved>(OnReserved);
        Command<FillRefused>(r =>
        {
            _reserving.Remove(r.OrderId);
            _log.Info("Filler {Route}: order {OrderId} waits: {Reason}", RouteName, r.OrderId, r.Reason);
        });
        Command<OrderChecked>(OnChecked);
        Command<AllowanceChecked>(OnAllowanceChecked);
        Command<SettleQuoted>(OnSettleQuoted);
        Command<SettleQuoteFailed>(f =>
        {
            _quotingSettle = false;
            _log.Warning("Filler {Route}: quoting the settlement fee failed, retrying: {Error}", RouteName, f.Cause.Message);
        });
        Command<TransactionAccepted>(a => Heard(a.RequestId));
        Command<TransactionSubmitted>(s =>
        {
            Heard(s.RequestId);
            _log.Info("Filler {Route}: {RequestId} submitted as {TxHash}", RouteName, s.RequestId, s.Hash);
        });
        Command<TransactionReplaced>(r => Heard(r.RequestId));
        Command<TransactionConfirmed>(c =>
        {
            Heard(c.RequestId);
            OnConfirmed(c);
        });
        Command<TransactionFailed>(f =>
        {
            Heard(f.RequestId);
            OnFailed(f);
        });
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning("Filler {Route}: saving a snapshot failed, the journal is kept: {Error}", RouteName, f.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning("Filler {Route}: deleting journaled events before a snapshot failed: {Error}", RouteName, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Filler {Route}: deleting old snapshots failed: {Error}", RouteName, f.Cause.Message));
        Command<GetFillerStatus>(_ => Sender.Tell(new FillerStatus(_w.Route.Origin, _w.Route.Destination, _state.NextBlock, _state.Open.Count,
            _state.Filling.Count, _state.UnsettledCount, _state.Settling.Count, _state.Outstanding.Count, _state.FilledCount, _state.RepaidCount, _state.Exposure)));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(uint origin, uint destination, Address filler) =>
        $"filler-{origin}-{destination}-{filler.ToChecksumString().ToLowerInvariant()}";

    public static Props Props(FillerWiring wiring) => Akka.Actor.Props.Create(() => new FillerActor(wiring));

    private string RouteName => $"{_w.Route.Origin}->{_w.Route.Destination}";

    protected override void PreStart()
    {
        base.PreStart();
        Context.System.EventStream.Subscribe(Self, typeof(InventorySnapshot));
        Context.System.EventStream.Subscribe(Self, typeof(InventoryRestarted));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        base.PostStop();
    }

    // The fills in flight and the repayments owed, booked with the inventory (after a recovery, or after the inventory restarted).
    private void Rebook()
    {
        foreach (var order in _state.Filling.Values) _w.Inventory.Tell(new RestoreFill(ReservationOf(order), null));
        foreach (var (order, block) in _state.Outstanding) _w.Inventory.Tell(new RestoreFill(ReservationOf(order), block));
    }

    private void Recovered()
    {
        _persistedCursor = _state.NextBlock;
        if (_state.NextBlock < _w.Timing.StartBlock) _state.Apply(new FillerLogsScanned(_w.Timing.StartBlock - 1, [], []));
        // Re-book journaled fills with the inventory, then re-send what was in flight under the same request ids:
        // the TxSender answers a request it already has (or completed) without sending anything again.
        Rebook();
        foreach (var order in _state.Filling.Values) SendFill(order);
        foreach (var batch in _state.Settling.Values) SendSettle(batch);
        _log.Info("Filler {Route} for {Filler} recovered at block {Block}: {Open} open, {Filling} filling, {Outstanding} awaiting repayment",
            RouteName, _w.Filler, _state.NextBlock, _state.Open.Count, _state.Filling.Count, _state.Outstanding.Count);
        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.Zero, _w.Timing.PollInterval);
    }

    // A tick never runs while a Persist is pending (commands are stashed until its handler ran), so the state is
    // exactly the journal up to LastSequenceNr.
    private void MaybeSnapshot()
    {
        if (LastSequenceNr - _snapshotAt < _w.Timing.SnapshotEvery) return;
        if (_destinationNow > 0) _state.ForgetFinished(_destinationNow, ForgetAfterDeadline);
        _snapshotAt = LastSequenceNr;
        SaveSnapshot(_state.ToSnapshot());
    }

    private FillReservation ReservationOf(IntentOrder o) =>
        new(o.Id, o.DestinationDomain, o.OutputToken, o.OutputAmount, o.OriginDomain, o.InputToken, o.InputAmount);

    // ---- scanning ----

    private void OnTick()
    {
        MaybeSnapshot();
        if (!_approved) CheckAllowance();
        Decide();
        MaybeSettle();
        ResendUnanswered();
        if (_scanning) return;
        _scanning = true;
        var (origin, destination, pool, filler, from, max, timeout, destinationDomain) =
            (_w.OriginRpc, _w.DestinationRpc, _w.Route.OriginPool, _w.Filler, _state.NextBlock, _w.Timing.MaxScanBlocks, _w.Timing.RpcTimeout, _w.Route.Destination);
        ScanAsync().PipeTo(Self, success: s => s, failure: e => new ScanFailed(e));

        async Task<Scanned> ScanAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            var head = await origin.BlockNumberAsync(cts.Token).ConfigureAwait(false);
            var latest = await destination.GetBlockByNumberAsync(BlockParameter.Latest, false, cts.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the destination returned no latest block");
            if (from > head) return new Scanned(head, null, [], [], (long)latest.Timestamp);
            var to = Math.Min(head, from + max - 1);
            var opened = await origin.GetLogsAsync(new LogFilter
            {
                Addresses = [pool],
                Topics = [[IntentPoolAbi.OrderOpenedTopic], null, [HexBigInteger.ToBytes(destinationDomain, 32)]],
                FromBlock = BlockParameter.AtNumber(from),
                ToBlock = BlockParameter.AtNumber(to),
            }, cts.Token).ConfigureAwait(false);
            var settled = await origin.GetLogsAsync(new LogFilter
            {
                Addresses = [pool],
                Topics = [[IntentPoolAbi.OrderSettledTopic], null, [filler.ToBytes32()]],
                FromBlock = BlockParameter.AtNumber(from),
                ToBlock = BlockParameter.AtNumber(to),
            }, cts.Token).ConfigureAwait(false);
            var orders = opened.Select(l => new ObservedOrder(IntentOrder.Decode(l.Data), l.BlockNumber)).ToList();
            var repaid = settled.Select(l => new Bytes32(l.Topics[1])).ToList();
            return new Scanned(head, to, orders, repaid, (long)latest.Timestamp);
        }
    }

    private void OnScanned(Scanned s)
    {
        _scanning = false;
        _head = s.Head;
        _destinationNow = s.DestinationTimestamp;
        if (s.ToBlock is not { } to) return;
        var fresh = s.Opened.Where(o => !_state.HasSeen(o.Order.Id)).ToList();
        var repaid = s.Repaid.Where(id => _state.Outstanding.Any(o => o.Order.Id == id)).ToList();
        var scanned = new FillerLogsScanned(to, fresh, repaid);
        if (fresh.Count == 0 && repaid.Count == 0 && to + 1 - _persistedCursor < PersistCursorEvery)
        {
            // Nothing to remember: a restart scans this range again and finds nothing new.
            _state.Apply(scanned);
            Decide();
            return;
        }
        Persist(scanned, e =>
        {
            _state.Apply(e);
            _persistedCursor = _state.NextBlock;
            foreach (var id in e.Repaid)
            {
                _w.Inventory.Tell(new FillRepaid(id));
                _log.Info("Filler {Route}: order {OrderId} repaid on the origin", RouteName, id);
            }
            Decide();
        });
    }

    // ---- allowance: fill() pulls the output from the filler, so the destination pool needs an allowance first ----

    private static readonly BigInteger Unlimited = BigInteger.Pow(2, 256) - 1;

    private void CheckAllowance()
    {
        if (_checkingAllowance) return;
        _checkingAllowance = true;
        var (rpc, pool, filler, tokens, timeout) = (_w.DestinationRpc, _w.Route.DestinationPool, _w.Filler, _w.Route.Tokens.Select(t => t.OutputToken).Distinct().ToList(), _w.Timing.RpcTimeout);
        ReadAsync().PipeTo(Self, success: a => a, failure: e => new AllowanceChecked([], e.Message));

        async Task<AllowanceChecked> ReadAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            var missing = new List<Address>();
            foreach (var token in tokens)
            {
                var output = await rpc.EthCallAsync(new CallRequest { To = token, Data = Erc20.Encode("allowance", filler, pool) }, null, cts.Token).ConfigureAwait(false);
                if (HexBigInteger.FromBytes(output.AsSpan(0, 32)) < Unlimited / 2) missing.Add(token);
            }
            return new AllowanceChecked(missing, null);
        }
    }

    private void OnAllowanceChecked(AllowanceChecked a)
    {
        _checkingAllowance = false;
        if (a.Error is { } error)
        {
            _log.Warning("Filler {Route}: reading the allowance failed, retrying: {Error}", RouteName, error);
            return;
        }
        if (a.Missing.Count == 0)
        {
            _approved = true;
            return;
        }
        foreach (var token in a.Missing.Where(_approveRequested.Add))
        {
            _log.Info("Filler {Route}: approving the destination IntentPool for token {Token}", RouteName, token);
            _w.DestinationSender.Tell(new SendTransaction($"approve:{_w.Route.Destination}:{token}:{_w.Route.DestinationPool}", token,
                Erc20.Encode("approve", _w.Route.DestinationPool, Unlimited), BigInteger.Zero), Self);
        }
    }

    // ---- filling ----

    private void Decide()
    {
        if (_destinationNow == 0 || !_approved) return;
        var drops = new List<OrderDropped>();
        foreach (var observed in _state.Open.OrderBy(o => o.Block).ToList())
        {
            var order = observed.Order;
            var id = order.Id;
            if (_reserving.Contains(id)) continue;
            var context = new FillContext(_w.Filler, _destinationNow, _head >= observed.Block ? _head - observed.Block + 1 : 0,
                _inventory.Read ? _inventory.AvailableOf(order.DestinationDomain, order.OutputToken) : BigInteger.Zero,
                _inventory.ExposureTo(order.OriginDomain));
            switch (FillDecider.Decide(order, _w.Route, context, _w.Policy))
            {
                case FillDecision.Skip skip:
                    drops.Add(new OrderDropped(id, skip.Reason));
                    _reserving.Add(id); // until the drop is journaled
                    break;
                case FillDecision.Wait:
                    break;
                case FillDecision.Fill:
                    _reserving.Add(id);
                    _w.Inventory.Tell(new ReserveFill(ReservationOf(order)));
                    break;
            }
        }
        if (drops.Count > 0)
            PersistAll(drops, e =>
            {
                _state.Apply(e);
                _reserving.Remove(e.OrderId);
                RelayerMetrics.FillerDrops.WithLabels(RouteName).Inc();
                _log.Info("Filler {Route}: order {OrderId} not filled: {Reason}", RouteName, e.OrderId, e.Reason);
            });
    }

    private void OnReserved(FillReserved r)
    {
        if (_state.FindOpen(r.OrderId) is not { } order)
        {
            _reserving.Remove(r.OrderId);
            _w.Inventory.Tell(new FillReleased(r.OrderId));
            return;
        }
        // The escrow must be open on the origin (not reorged away) and nobody may have filled or cancelled it yet:
        // checked just before committing, so no transaction is wasted on an order the contract would reject.
        var (origin, destination, originPool, destinationPool, timeout) = (_w.OriginRpc, _w.DestinationRpc, _w.Route.OriginPool, _w.Route.DestinationPool, _w.Timing.RpcTimeout);
        CheckAsync().PipeTo(Self, success: c => c, failure: e => new OrderChecked(order, null, e.Message));

        async Task<OrderChecked> CheckAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            var deposit = IntentPoolAbi.DecodeDepositStatus(await origin.EthCallAsync(new CallRequest { To = originPool, Data = IntentPoolAbi.EncodeDeposits(order.Id) }, null, cts.Token).ConfigureAwait(false));
            if (deposit != IntentPoolAbi.DepositStatus.Open) return new OrderChecked(order, $"the escrow on the origin is {deposit}, not Open", null);
            var fill = IntentPoolAbi.DecodeFillStatus(await destination.EthCallAsync(new CallRequest { To = destinationPool, Data = IntentPoolAbi.EncodeFills(order.Id) }, null, cts.Token).ConfigureAwait(false));
            if (fill != IntentPoolAbi.FillStatus.None) return new OrderChecked(order, $"the order is already {fill} on the destination", null);
            return new OrderChecked(order, null, null);
        }
    }

    private void OnChecked(OrderChecked c)
    {
        var id = c.Order.Id;
        _reserving.Remove(id);
        if (c.TransientError is { } error)
        {
            _w.Inventory.Tell(new FillReleased(id));
            _log.Warning("Filler {Route}: checking order {OrderId} failed, will retry: {Error}", RouteName, id, error);
            return;
        }
        if (c.Unfillable is { } reason)
        {
            _w.Inventory.Tell(new FillReleased(id));
            Persist(new OrderDropped(id, reason), e =>
            {
                _state.Apply(e);
                RelayerMetrics.FillerDrops.WithLabels(RouteName).Inc();
                _log.Info("Filler {Route}: order {OrderId} not filled: {Reason}", RouteName, id, reason);
            });
            return;
        }
        if (_state.FindOpen(id) is null)
        {
            _w.Inventory.Tell(new FillReleased(id));
            return;
        }
        Persist(new FillStarted(id), e =>
        {
            _state.Apply(e);
            _log.Info("Filler {Route}: filling order {OrderId}: {Output} to {Recipient}", RouteName, id, c.Order.OutputAmount, c.Order.Recipient);
            SendFill(c.Order);
        });
    }

    private void SendFill(IntentOrder order)
    {
        var requestId = FillerState.FillRequestId(order.Id);
        _unacknowledged.Send(_w.DestinationSender, new SendTransaction(requestId, _w.Route.DestinationPool, IntentPoolAbi.EncodeFill(order), BigInteger.Zero),
            DateTimeOffset.UtcNow, Self);
    }

    // ---- settling ----

    private void MaybeSettle()
    {
        if (_quotingSettle) return;
        var ids = _state.DueSettlement(DateTimeOffset.UtcNow, Math.Min(_w.Timing.SettleBatchSize, 100), _w.Timing.SettleMaxWait);
        if (ids is null) return;
        _quotingSettle = true;
        var (rpc, pool, origin, timeout) = (_w.DestinationRpc, _w.Route.DestinationPool, _w.Route.Origin, _w.Timing.RpcTimeout);
        QuoteAsync().PipeTo(Self, success: q => q, failure: e => new SettleQuoteFailed(e));

        async Task<SettleQuoted> QuoteAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            var fee = await rpc.EthCallAsync(new CallRequest { To = pool, Data = IntentPoolAbi.EncodeQuoteSettle(origin, ids.Count) }, null, cts.Token).ConfigureAwait(false);
            return new SettleQuoted(ids, HexBigInteger.FromBytes(fee.AsSpan(0, 32)));
        }
    }

    private void OnSettleQuoted(SettleQuoted q)
    {
        _quotingSettle = false;
        var batch = new SettlementStarted(_state.NextBatch, q.OrderIds, q.Fee);
        Persist(batch, e =>
        {
            _state.Apply(e);
            _log.Info("Filler {Route}: settling {Count} fills in batch {Batch}", RouteName, e.OrderIds.Count, e.Batch);
            SendSettle(e);
        });
    }

    private void SendSettle(SettlementStarted batch)
    {
        var requestId = FillerState.SettleRequestId(_w.Route.Origin, _w.Route.Destination, batch.Batch);
        _unacknowledged.Send(_w.DestinationSender,
            new SendTransaction(requestId, _w.Route.DestinationPool, IntentPoolAbi.EncodeSettle(_w.Route.Origin, batch.OrderIds), batch.Fee), DateTimeOffset.UtcNow, Self);
    }

    private void Heard(string requestId) => _unacknowledged.Heard(requestId);

    /// <summary>
    /// Sends again every fill and settle in flight the TxSender has not acknowledged within <see cref="FillerTiming.ResendAfter"/>
    /// (same request id and payload: the TxSender never sends a request twice). Without this a request lost on its way
    /// (the TxSender stopped and backed off, dropping its mailbox) stayed in flight until the filler restarted: the
    /// settlement never went out and the filler was never repaid.
    /// </summary>
    private void ResendUnanswered()
    {
        foreach (var (txSender, command, silence) in _unacknowledged.Due(DateTimeOffset.UtcNow, _w.Timing.ResendAfter))
        {
            _log.Warning("Filler {Route}: the TxSender has not acknowledged {RequestId} for {Silence}; sending it again", RouteName, command.RequestId, silence);
            txSender.Tell(command, Self);
        }
    }

    // ---- outcomes ----

    private void OnConfirmed(TransactionConfirmed c)
    {
        if (TryFill(c.RequestId, out var id))
        {
            var ok = c.Receipt.Succeeded;
            Persist(new FillFinished(id, ok, c.Hash, c.Receipt.BlockNumber, DateTimeOffset.UtcNow, ok ? null : "the fill reverted"), e =>
            {
                _state.Apply(e);
                RelayerMetrics.FillerFills.WithLabels(RouteName, ok ? "filled" : "reverted").Inc();
                if (ok)
                {
                    _w.Inventory.Tell(new FillLanded(id, c.Receipt.BlockNumber));
                    _log.Info("Filler {Route}: order {OrderId} filled in {TxHash}", RouteName, id, c.Hash);
                }
                else
                {
                    _w.Inventory.Tell(new FillReleased(id));
                    _log.Warning("Filler {Route}: the fill of order {OrderId} reverted in {TxHash}", RouteName, id, c.Hash);
                }
            });
        }
        else if (TrySettle(c.RequestId, out var batch))
        {
            Persist(new SettlementFinished(batch, c.Receipt.Succeeded, DateTimeOffset.UtcNow, c.Receipt.Succeeded ? null : "settle reverted"), e =>
            {
                _state.Apply(e);
                RelayerMetrics.FillerSettlements.WithLabels(RouteName, e.Succeeded ? "sent" : "failed").Inc();
                if (e.Succeeded) _log.Info("Filler {Route}: settlement batch {Batch} sent in {TxHash}", RouteName, batch, c.Hash);
                else _log.Warning("Filler {Route}: settlement batch {Batch} reverted in {TxHash}; its fills will be settled again", RouteName, batch, c.Hash);
            });
        }
    }

    private void OnFailed(TransactionFailed f)
    {
        if (TryFill(f.RequestId, out var id))
            Persist(new FillFinished(id, false, null, 0, DateTimeOffset.UtcNow, f.Reason), e =>
            {
                _state.Apply(e);
                _w.Inventory.Tell(new FillReleased(id));
                RelayerMetrics.FillerFills.WithLabels(RouteName, "failed").Inc();
                _log.Warning("Filler {Route}: order {OrderId} not filled: {Reason}", RouteName, id, f.Reason);
            });
        else if (TrySettle(f.RequestId, out var batch))
            Persist(new SettlementFinished(batch, false, DateTimeOffset.UtcNow, f.Reason), e =>
            {
                _state.Apply(e);
                RelayerMetrics.FillerSettlements.WithLabels(RouteName, "failed").Inc();
                _log.Warning("Filler {Route}: settlement batch {Batch} failed, its fills will be settled again: {Reason}", RouteName, batch, f.Reason);
            });
    }

    private bool TryFill(string requestId, out Bytes32 id)
    {
        id = default;
        if (!requestId.StartsWith("fill:", StringComparison.Ordinal)) return false;
        id = Bytes32.Parse(requestId["fill:".Length..]);
        return _state.Filling.ContainsKey(id);
    }

    private bool TrySettle(string requestId, out long batch)
    {
        batch = 0;
        foreach (var b in _state.Settling.Keys)
            if (FillerState.SettleRequestId(_w.Route.Origin, _w.Route.Destination, b) == requestId)
            {
                batch = b;
                return true;
            }
        return false;
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();

        private Tick()
        {
        }
    }

    private sealed record Scanned(ulong Head, ulong? ToBlock, IReadOnlyList<ObservedOrder> Opened, IReadOnlyList<Bytes32> Repaid, long DestinationTimestamp);

    private sealed record ScanFailed(Exception Cause);

    private sealed record AllowanceChecked(IReadOnlyList<Address> Missing, string? Error);

    private sealed record OrderChecked(IntentOrder Order, string? Unfillable, string? TransientError);

    private sealed record SettleQuoted(IReadOnlyList<Bytes32> OrderIds, BigInteger Fee);

    private sealed record SettleQuoteFailed(Exception Cause);
}
