using System.Numerics;
using Interop.Bridge.Intents;
using Interop.Ethereum;

namespace Interop.Relayers.Filling;

/// <summary>
/// A filler's journaled state on one route (the event fold; the actor persists and applies): the scan cursor, the
/// orders still to decide, fills in flight, fills to settle, settlements in flight, and fills not yet repaid.
/// An order id is handled once: a re-scan after a restart cannot bring back an order already filled or dropped.
/// </summary>
public sealed class FillerState
{
    private readonly Dictionary<Bytes32, ObservedOrder> _open = [];
    private readonly Dictionary<Bytes32, IntentOrder> _filling = [];
    private readonly Dictionary<Bytes32, (IntentOrder Order, DateTimeOffset At, ulong Block)> _unsettled = [];
    private readonly Dictionary<long, SettlementStarted> _settling = [];
    private readonly Dictionary<Bytes32, (IntentOrder Order, ulong Block)> _outstanding = [];
    private readonly HashSet<Bytes32> _seen = [];

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

    public bool HasSeen(Bytes32 orderId) => _seen.Contains(orderId);

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
                    if (_seen.Add(o.Order.Id)) _open[o.Order.Id] = o;
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

    /// <summary>The next settlement batch when one is due: <paramref name="maxBatch"/> fills waiting, or the oldest waited <paramref name="maxWait"/>.</summary>
    public IReadOnlyList<Bytes32>? DueSettlement(DateTimeOffset now, int maxBatch, TimeSpan maxWait)
    {
        if (_unsettled.Count == 0) return null;
        var oldest = _unsettled.Values.Min(u => u.At);
        if (_unsettled.Count < maxBatch && now - oldest < maxWait) return null;
        return _unsettled.OrderBy(u => u.Value.At).Take(maxBatch).Select(u => u.Key).ToList();
    }
}
