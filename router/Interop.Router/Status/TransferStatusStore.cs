using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Interop.Router.Status;

/// <summary>
/// In-memory transfer records by quote id, with aliases for transaction hashes and message ids. Records are immutable
/// and replaced by compare-and-swap, so readers never lock. Quoting adds nothing here (a quote id carries its own terms,
/// <see cref="Quoting.QuoteIds"/>): records are made when a quote is executed (here or, for an intent a wallet opened, seen
/// on chain), and move past QUOTED at once. Past <see cref="Capacity"/> records, any left at QUOTED or EXPIRED without a
/// transaction are dropped, oldest first, down to 90% of the capacity; executed transfers stay.
/// Nothing on the quote path takes every lock or scans every record: the count is kept by the store itself (a
/// <see cref="ConcurrentDictionary{TKey,TValue}"/>'s <c>Count</c> takes all its locks), eviction pops quote ids in the
/// order they were added, and the transfers the intent watcher follows are indexed apart.
/// With a journal file, every change of an executed transfer (anything past QUOTED) is appended to it as one JSON line
/// and the records are read back at start (the file is then rewritten with one line per transfer), so a restart keeps
/// the status of everything the node executed. Records at QUOTED are not journaled.
/// </summary>
public sealed class TransferStatusStore
{
    private static readonly JsonSerializerOptions JournalJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly string? _journal;
    private readonly Lock _journalLock = new();

    private readonly ConcurrentDictionary<string, TransferRecord> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Quote ids in the order they were added as QUOTED: the eviction order.</summary>
    private readonly ConcurrentQueue<string> _quotedOrder = new();
    /// <summary>Quote ids of intent transfers not yet final (what <see cref="OpenIntentTransfers"/> returns).</summary>
    private readonly ConcurrentDictionary<string, byte> _openIntents = new(StringComparer.OrdinalIgnoreCase);
    private int _count;
    private int _evicting;

    public TransferStatusStore()
    {
    }

    /// <summary>A store journaled to <paramref name="journalPath"/> (created with its folder when missing).</summary>
    /// <exception cref="InvalidDataException">A line other than the last is not a transfer record (a torn last line, from a crash mid-write, is dropped).</exception>
    public TransferStatusStore(string journalPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(journalPath);
        _journal = Path.GetFullPath(journalPath);
        Directory.CreateDirectory(Path.GetDirectoryName(_journal)!);
        if (!File.Exists(_journal)) return;
        var lines = File.ReadAllLines(_journal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            TransferRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<TransferRecord>(lines[i], JournalJson);
            }
            catch (JsonException) when (i == lines.Length - 1)
            {
                // Not lost data: the append a crash interrupted; the transfer's previous line stands.
                continue;
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"router status journal {_journal} line {i + 1} is not a transfer record: {e.Message}", e);
            }
            if (record is null) continue;
            Put(record);
            foreach (var id in record.TransactionHashes.Concat(record.MessageIds).Concat(record.IntentOrderIds)) _aliases[id] = record.QuoteId;
        }
        var compacted = _journal + ".tmp";
        File.WriteAllLines(compacted, _records.Values.Select(r => JsonSerializer.Serialize(r, JournalJson)));
        File.Move(compacted, _journal, overwrite: true);
    }

    public int Capacity { get; init; } = 100_000;

    public int Count => Volatile.Read(ref _count);

    public void Add(TransferRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        // One thread evicts at a time; the others add meanwhile (the store may briefly exceed its capacity) instead of
        // all sorting the same records under load.
        if (Volatile.Read(ref _count) >= Capacity && Interlocked.CompareExchange(ref _evicting, 1, 0) == 0)
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
        Put(record);
        if (record.Status == TransferStatus.Quoted) _quotedOrder.Enqueue(record.QuoteId);
        Journal(record);
    }

    /// <summary>Adds <paramref name="record"/> unless a record with its quote id exists (that one stays); true when added.</summary>
    public bool TryAdd(TransferRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_records.TryAdd(record.QuoteId, record)) return false;
        Interlocked.Increment(ref _count);
        TrackIntent(record);
        if (record.Status == TransferStatus.Quoted) _quotedOrder.Enqueue(record.QuoteId);
        Journal(record);
        return true;
    }

    private void Put(TransferRecord record)
    {
        if (_records.TryAdd(record.QuoteId, record)) Interlocked.Increment(ref _count);
        else _records[record.QuoteId] = record;
        TrackIntent(record);
    }

    private void TrackIntent(TransferRecord record)
    {
        if (record.IntentOrders.IsEmpty) return;
        if (TransferStatusMachine.IsTerminal(record.Status)) _openIntents.TryRemove(record.QuoteId, out _);
        else _openIntents.TryAdd(record.QuoteId, 0);
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
            TrackIntent(next);
            Journal(next);
            return next;
        }
        return null;
    }

    private void Journal(TransferRecord record)
    {
        if (_journal is null || record.Status == TransferStatus.Quoted) return;
        var line = JsonSerializer.Serialize(record, JournalJson) + "\n";
        lock (_journalLock) File.AppendAllText(_journal, line, Encoding.UTF8);
    }

    /// <summary>Records with intent orders that have not reached a final status (what the intent watcher follows).</summary>
    public IReadOnlyList<TransferRecord> OpenIntentTransfers()
    {
        var open = new List<TransferRecord>();
        foreach (var id in _openIntents.Keys)
            if (_records.TryGetValue(id, out var record) && !TransferStatusMachine.IsTerminal(record.Status)) open.Add(record);
            else _openIntents.TryRemove(id, out _); // a final status that raced past its tracking
        return open;
    }

    /// <summary>
    /// Drops quotes never executed, oldest first, until the store is at 90% of its capacity (so the work is paid once per
    /// 10% of inserts). Executed transfers met on the way stay and leave the eviction order for good.
    /// </summary>
    private void Evict()
    {
        var target = Capacity * 9 / 10;
        while (Volatile.Read(ref _count) > target && _quotedOrder.TryDequeue(out var id))
        {
            if (!_records.TryGetValue(id, out var record)) continue;
            if (record.Status is not (TransferStatus.Quoted or TransferStatus.Expired) || !record.TransactionHashes.IsEmpty) continue;
            // Removes only the record read, so a quote executed meanwhile (replaced by compare-and-swap) stays.
            if (_records.TryRemove(new KeyValuePair<string, TransferRecord>(id, record))) Interlocked.Decrement(ref _count);
        }
    }
}
