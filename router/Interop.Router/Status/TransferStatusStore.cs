using System.Collections.Concurrent;

namespace Interop.Router.Status;

/// <summary>
/// In-memory transfer records by quote id, with aliases for transaction hashes and message ids. Records are immutable
/// and replaced by compare-and-swap, so readers never lock. Bounded: at <see cref="Capacity"/> records, quotes never
/// executed are dropped, earliest expiry first, down to 90% of the capacity (so the cost is paid once per 10% of inserts).
/// </summary>
public sealed class TransferStatusStore
{
    private readonly ConcurrentDictionary<string, TransferRecord> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);
    private int _evicting;

    public int Capacity { get; init; } = 100_000;

    public int Count => _records.Count;

    public void Add(TransferRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        // One thread evicts at a time; the others add meanwhile (the store may briefly exceed its capacity) instead of
        // all sorting the same records under load.
        if (_records.Count >= Capacity && Interlocked.CompareExchange(ref _evicting, 1, 0) == 0)
        {
            try
            {
                Evict();
            }
            finally
            {
                Volatile.Write(ref _evicting, 0);
            }
        }
        _records[record.QuoteId] = record;
    }

    /// <summary>The record of a quote id, transaction hash or message id.</summary>
    public TransferRecord? Find(string id) =>
        _records.TryGetValue(id, out var record) ? record
        : _aliases.TryGetValue(id, out var quoteId) && _records.TryGetValue(quoteId, out record) ? record
        : null;

    /// <summary>Applies <paramref name="change"/> atomically (retried on contention) and returns the new record.</summary>
    public TransferRecord? Update(string quoteId, Func<TransferRecord, TransferRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (_records.TryGetValue(quoteId, out var current))
        {
            var next = change(current);
            if (ReferenceEquals(next, current)) return current;
            if (!_records.TryUpdate(quoteId, next, current)) continue;
            foreach (var id in next.TransactionHashes.Concat(next.MessageIds).Concat(next.IntentOrderIds)) _aliases.TryAdd(id, quoteId);
            return next;
        }
        return null;
    }

    /// <summary>Records with intent orders that have not reached a final status (what the intent watcher follows).</summary>
    public IReadOnlyList<TransferRecord> OpenIntentTransfers() =>
        _records.Values.Where(r => !r.IntentOrders.IsEmpty && !TransferStatusMachine.IsTerminal(r.Status)).ToList();

    private void Evict()
    {
        var excess = _records.Count - Capacity * 9 / 10;
        var unused = _records.Values
            .Where(r => r.Status is TransferStatus.Quoted or TransferStatus.Expired && r.TransactionHashes.IsEmpty)
            .OrderBy(r => r.ExpiresAt)
            .Take(excess)
            .ToList();
        foreach (var record in unused) _records.TryRemove(record.QuoteId, out _);
    }
}
