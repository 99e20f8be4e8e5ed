using System.Numerics;
using Interop.Bridge.Intents;
using Interop.Ethereum;

namespace Interop.Relayers.Filling;

/// <summary>
/// A filler's journaled state on one route (the event fold; the actor persists and applies): the scan cursor, the
/// orders still to decide, fills in flight, fills to settle, settlements in flight, and fills not yet repaid.
/// An order id is handled once: a re-scan after a restart cannot bring back an order already filled or dropped.
/// Bounded: <see cref="ForgetFinished"/> drops the ids of orders that are past their fill deadline and no longer
/// open, filling or owed (nobody can fill them any more, and the scan cursor never goes back to their blocks), and
/// the actor saves the state whole (<see cref="ToSnapshot"/>) and deletes the journal up to it.
/// </summary>
public sealed class FillerState
{
    private readonly Dictionary<Bytes32, ObservedOrder> _open = [];
    private readonly Dictionary<Bytes32, IntentOrder> _filling = [];
    private readonly Dictionary<Bytes32, (IntentOrder Order, DateTimeOffset At, ulong Block)> _unsettled = [];
    private readonly Dictionary<long, SettlementStarted> _settling = [];
    private readonly Dictionary<Bytes32, (IntentOrder Order, ulong Block)> _outstanding = [];
    /// <summary>Every order id seen and not yet forgotten, with its fill deadline (unix seconds).</summary>
    private readonly Dictionary<Bytes32, uint> _seen = [];

    /// <summary>First origin block not scanned yet.</summary>
    public ulong NextBlock { get; private set; }

    public long NextBatch { get; private set; } = 1;

    public IReadOnlyCollection<ObservedOrder> Open => _open.Values;
    public IReadOnlyDictionary<Bytes32, IntentOrder> Filling => _filling;
    public IReadOnlyDictionary<long, SettlementStarted> Settling => _settling;
    public int UnsettledCount => _unsettled.Count;
    public IReadOnlyCollection<(IntentOrder Order, ulong Block)> Outstanding => _outstanding.Values;
    public int FilledCount { get; private set; }
    public int RepaidCount { get; private set; }

    /// <summary>Output filled (or filling) and not repaid yet.</summary>
    public BigInteger Exposure => _outstanding.Values.Aggregate(BigInteger.Zero, (s, o) => s + o.Order.OutputAmount) +
        _filling.Values.Where(o => !_outstanding.ContainsKey(o.Id)).Aggregate(BigInteger.Zero, (s, o) => s + o.OutputAmount);

    public bool HasSeen(Bytes32 orderId) => _seen.ContainsKey(orderId);

    /// <summary>Order ids remembered (see <see cref="ForgetFinished"/>).</summary>
    public int SeenCount => _seen.Count;

    public IntentOrder? FindOpen(Bytes32 orderId) => _open.TryGetValue(orderId, out var o) ? o.Order : null;

    public static string FillRequestId(Bytes32 orderId) => $"fill:{orderId}";

    public static string SettleRequestId(uint origin, uint destination, long batch) => $"settle:{origin}->{destination}:batch-{batch}";

    public void Apply(IFillerEvent e)
    {
        switch (e)
        {
            case FillerLogsScanned s:
                NextBlock = Math.Max(NextBlock, s.ToBlock + 1);
                foreach (var o in s.Opened)
                    if (_seen.TryAdd(o.Order.Id, o.Order.FillDeadline)) _open[o.Order.Id] = o;
                foreach (var id in s.Repaid)
                {
                    _unsettled.Remove(id);
                    if (_outstanding.Remove(id)) RepaidCount++;
                }
                break;
            case FillStarted f:
                if (_open.Remove(f.OrderId, out var started)) _filling[f.OrderId] = started.Order;
                break;
            case FillFinished f:
                if (!_filling.Remove(f.OrderId, out var order)) break;
                if (f.Succeeded)
                {
                    FilledCount++;
                    _unsettled[f.OrderId] = (order, f.At, f.Block);
                    _outstanding[f.OrderId] = (order, f.Block);
                }
                break;
            case OrderDropped d:
                _open.Remove(d.OrderId);
                break;
            case SettlementStarted s:
                foreach (var id in s.OrderIds) _unsettled.Remove(id);
                _settling[s.Batch] = s;
                NextBatch = Math.Max(NextBatch, s.Batch + 1);
                break;
            case SettlementFinished s:
                // A failed batch goes back to be settled again later (unless repaid meanwhile: anyone may settle).
                if (_settling.Remove(s.Batch, out var batch) && !s.Succeeded)
                    foreach (var id in batch.OrderIds)
                        if (_outstanding.TryGetValue(id, out var o)) _unsettled[id] = (o.Order, s.At, o.Block);
                break;
            default:
                throw new ArgumentException($"unknown filler event {e.GetType().Name}", nameof(e));
        }
    }

    /// <summary>
    /// Forgets the ids of orders whose fill deadline is more than <paramref name="margin"/> before
    /// <paramref name="nowUnixSeconds"/> (destination time) and that are not open, filling, waiting for settlement or
    /// repayment. Safe: the contract refuses fills past the deadline, and scans never revisit blocks below
    /// <see cref="NextBlock"/>. Not journaled (forgetting is idempotent; a replay without it only remembers more).
    /// Returns how many were forgotten.
    /// </summary>
    public int ForgetFinished(long nowUnixSeconds, TimeSpan margin)
    {
        var cutoff = nowUnixSeconds - (long)margin.TotalSeconds;
        var stale = _seen.Where(p => p.Value < cutoff && !_open.ContainsKey(p.Key) && !_filling.ContainsKey(p.Key)
            && !_unsettled.ContainsKey(p.Key) && !_outstanding.ContainsKey(p.Key)).Select(p => p.Key).ToList();
        foreach (var id in stale) _seen.Remove(id);
        return stale.Count;
    }

    /// <summary>The whole state, for the actor's snapshot.</summary>
    public FillerSnapshot ToSnapshot() => new(
        NextBlock, NextBatch, FilledCount, RepaidCount,
        [.. _open.Values],
        [.. _filling.Values],
        [.. _unsettled.Values.Select(u => new UnsettledFill(u.Order, u.At, u.Block))],
        [.. _settling.Values],
        [.. _outstanding.Values.Select(o => new OutstandingFill(o.Order, o.Block))],
        [.. _seen.Select(p => new SeenOrder(p.Key, p.Value))]);

    /// <summary>The state a snapshot holds.</summary>
    public static FillerState FromSnapshot(FillerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new FillerState { NextBlock = snapshot.NextBlock, NextBatch = snapshot.NextBatch, FilledCount = snapshot.FilledCount, RepaidCount = snapshot.RepaidCount };
        foreach (var o in snapshot.Open) state._open[o.Order.Id] = o;
        foreach (var o in snapshot.Filling) state._filling[o.Id] = o;
        foreach (var u in snapshot.Unsettled) state._unsettled[u.Order.Id] = (u.Order, u.At, u.Block);
        foreach (var b in snapshot.Settling) state._settling[b.Batch] = b;
        foreach (var o in snapshot.Outstanding) state._outstanding[o.Order.Id] = (o.Order, o.Block);
        foreach (var seen in snapshot.Seen) state._seen[seen.OrderId] = seen.FillDeadline;
        return state;
    }

    /// <summary>The next settlement batch when one is due: <paramref name="maxBatch"/> fills waiting, or the oldest waited <paramref name="maxWait"/>.</summary>
    public IReadOnlyList<Bytes32>? DueSettlement(DateTimeOffset now, int maxBatch, TimeSpan maxWait)
    {
        if (_unsettled.Count == 0) return null;
        var oldest = _unsettled.Values.Min(u => u.At);
        if (_unsettled.Count < maxBatch && now - oldest < maxWait) return null;
        return _unsettled.OrderBy(u => u.Value.At).Take(maxBatch).Select(u => u.Key).ToList();
    }
}
