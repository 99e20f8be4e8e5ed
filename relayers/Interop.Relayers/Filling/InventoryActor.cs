using System.Numerics;
using Akka.Actor;
using Akka.Event;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.Metrics;

using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Filling;

/// <summary>
/// The node's inventory (one per node): reads the filler's balance of every served token on every chain each poll,
/// keeps <see cref="InventoryBook"/> (in-flight fills, pending repayments), answers reservations one at a time (so
/// two routes never spend the same balance), publishes <see cref="InventorySnapshot"/> on the event stream and the
/// live terms on the <see cref="FillerTermsBoard"/>. Not persisted: balances come from the chain, and each filler
/// re-books its journaled fills (<see cref="RestoreFill"/>) when it recovers.
/// Rebalancing moves (<see cref="RebalancerActor"/>) are reserved on their source and counted as incoming on their
/// destination (<see cref="InventoryBook.TryReserveMove"/>); the rebalancer re-books its journaled moves when it recovers.
/// The book is not persisted: when this actor is restarted after a failure it publishes <see cref="InventoryRestarted"/>
/// and the fillers and the rebalancer re-book the same way.
/// </summary>
public sealed class InventoryActor : ReceiveActor, IWithTimers
{
    private static readonly ContractDefinition Erc20 = ContractDefinition.Get(ContractNames.TestErc20);

    private readonly Address _filler;
    private readonly IReadOnlyDictionary<uint, RpcClient> _rpcs;
    private readonly IReadOnlyList<FillerRoute> _routes;
    private readonly FillerPolicy _policy;
    private readonly IReadOnlyDictionary<uint, TimeSpan> _blockTimes;
    private readonly FillerTermsBoard _board;
    private readonly TimeSpan _rpcTimeout;
    private readonly IReadOnlyList<(uint Chain, Address Token)> _tracked;
    private readonly InventoryBook _book = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _reading;
    private bool _read;

    public InventoryActor(Address filler, IReadOnlyDictionary<uint, RpcClient> rpcs, IReadOnlyList<FillerRoute> routes, FillerPolicy policy,
        IReadOnlyDictionary<uint, TimeSpan> blockTimes, FillerTermsBoard board, TimeSpan pollInterval, TimeSpan rpcTimeout,
        IReadOnlyList<(uint Chain, Address Token)>? alsoTracked = null)
    {
        _filler = filler;
        _rpcs = rpcs;
        _routes = routes;
        _policy = policy;
        _blockTimes = blockTimes;
        _board = board;
        _rpcTimeout = rpcTimeout;
        _tracked = routes.SelectMany(r => r.Tokens.SelectMany(t => new[] { (r.Destination, t.OutputToken), (r.Origin, t.InputToken) }))
            .Concat(alsoTracked ?? []).Distinct().ToList();

        Receive<ReserveFill>(r =>
        {
            var refusal = _book.TryReserve(r.Fill, _policy.MaxExposurePerOrigin);
            Sender.Tell(refusal is null ? new FillReserved(r.Fill.OrderId) : new FillRefused(r.Fill.OrderId, refusal.Reason));
            if (refusal is null) Publish();
        });
        Receive<RestoreFill>(r =>
        {
            _book.Restore(r.Fill, null);
            if (r.LandedBlock is { } block) _book.Landed(r.Fill.OrderId, block);
            Publish();
        });
        Receive<FillLanded>(l => { _book.Landed(l.OrderId, l.Block); Publish(); });
        Receive<FillReleased>(r => { _book.Release(r.OrderId); Publish(); });
        Receive<FillRepaid>(r => { _book.Repaid(r.OrderId); Publish(); });
        Receive<ReserveMove>(r =>
        {
            var refusal = _book.TryReserveMove(r.Move);
            Sender.Tell(refusal is null ? new MoveReserved(r.Move.MoveId) : new MoveRefused(r.Move.MoveId, refusal.Reason));
            if (refusal is null) Publish();
        });
        Receive<RestoreMove>(r => { _book.RestoreMove(r.Move, r.SentBlock); Publish(); });
        Receive<MoveSent>(m => { _book.MoveSent(m.MoveId, m.Block); Publish(); });
        Receive<MoveArrived>(m => { _book.MoveArrived(m.MoveId, m.Block); Publish(); });
        Receive<MoveReleased>(m => { _book.ReleaseMove(m.MoveId); Publish(); });
        Receive<GetInventory>(_ => Sender.Tell(Snapshot()));
        Receive<Poll>(_ => StartRead());
        Receive<BalancesRead>(read =>
        {
            _reading = false;
            _read = true;
            foreach (var b in read.Balances) _book.ObserveBalance(b.Chain, b.Token, b.Amount, b.Block);
            Publish();
        });
        Receive<ReadFailed>(f =>
        {
            _reading = false;
            _log.Warning("Inventory: reading balances failed, retrying next poll: {Error}", f.Cause.Message);
        });
        Timers.StartPeriodicTimer("poll", Poll.Instance, TimeSpan.Zero, pollInterval);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        _log.Warning("Inventory restarted after {Error}: asking the fillers and the rebalancer to re-book what they have in flight", reason.Message);
        Context.System.EventStream.Publish(new InventoryRestarted(Self));
    }

    public static Props Props(Address filler, IReadOnlyDictionary<uint, RpcClient> rpcs, IReadOnlyList<FillerRoute> routes, FillerPolicy policy,
        IReadOnlyDictionary<uint, TimeSpan> blockTimes, FillerTermsBoard board, TimeSpan pollInterval, TimeSpan rpcTimeout,
        IReadOnlyList<(uint Chain, Address Token)>? alsoTracked = null) =>
        Akka.Actor.Props.Create(() => new InventoryActor(filler, rpcs, routes, policy, blockTimes, board, pollInterval, rpcTimeout, alsoTracked));

    private void StartRead()
    {
        if (_reading) return;
        _reading = true;
        var (filler, rpcs, tracked, timeout) = (_filler, _rpcs, _tracked, _rpcTimeout);
        ReadAsync().PipeTo(Self, success: r => r, failure: e => new ReadFailed(e));

        async Task<BalancesRead> ReadAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            var result = new List<(ulong, Address, BigInteger, ulong)>();
            foreach (var chain in tracked.GroupBy(t => t.Chain))
            {
                var rpc = rpcs[chain.Key];
                var block = await rpc.BlockNumberAsync(cts.Token).ConfigureAwait(false);
                foreach (var (_, token) in chain)
                {
                    var output = await rpc.EthCallAsync(new CallRequest { To = token, Data = Erc20.Encode("balanceOf", filler) }, BlockParameter.AtNumber(block), cts.Token).ConfigureAwait(false);
                    result.Add((chain.Key, token, HexBigInteger.FromBytes(output.AsSpan(0, 32)), block));
                }
            }
            return new BalancesRead(result);
        }
    }

    private InventorySnapshot Snapshot()
    {
        var balances = _tracked.ToDictionary(t => ((ulong)t.Chain, t.Token), t => _book.Balance(t.Chain, t.Token));
        var available = _tracked.ToDictionary(t => ((ulong)t.Chain, t.Token), t => _book.Available(t.Chain, t.Token));
        var virt = _tracked.ToDictionary(t => ((ulong)t.Chain, t.Token), t => _book.Virtual(t.Chain, t.Token));
        var exposure = _routes.Select(r => (ulong)r.Origin).Distinct().ToDictionary(o => o, o => _book.PendingRepayments(o));
        return new InventorySnapshot(balances, available, virt, exposure, _book.InFlightCount, _book.PendingRepaymentCount, _read)
        {
            Incoming = _tracked.ToDictionary(t => ((ulong)t.Chain, t.Token), t => _book.Incoming(t.Chain, t.Token)),
            Moves = _book.MoveIds,
        };
    }

    private void Publish()
    {
        if (_read) _board.Publish(FillerTermsBoard.Compute(_routes, _policy, _book, _blockTimes));
        var snapshot = Snapshot();
        Context.System.EventStream.Publish(snapshot);
        if (!_read) return;
        foreach (var (chain, token) in _tracked)
        {
            var (chainLabel, tokenLabel) = (chain.ToString(System.Globalization.CultureInfo.InvariantCulture), token.ToString());
            RelayerMetrics.FillerInventory.WithLabels(chainLabel, tokenLabel, "balance").Set((double)snapshot.Balances[(chain, token)]);
            RelayerMetrics.FillerInventory.WithLabels(chainLabel, tokenLabel, "available").Set((double)snapshot.Available[(chain, token)]);
            RelayerMetrics.FillerInventory.WithLabels(chainLabel, tokenLabel, "virtual").Set((double)snapshot.Virtual[(chain, token)]);
        }
        RelayerMetrics.FillerPending.WithLabels("in_flight").Set(snapshot.InFlight);
        RelayerMetrics.FillerPending.WithLabels("repayments").Set(snapshot.PendingRepayments);
    }

    private sealed record Poll
    {
        public static readonly Poll Instance = new();

        private Poll()
        {
        }
    }

    private sealed record BalancesRead(IReadOnlyList<(ulong Chain, Address Token, BigInteger Amount, ulong Block)> Balances);

    private sealed record ReadFailed(Exception Cause);
}
