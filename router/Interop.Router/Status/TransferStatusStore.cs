using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Interop.Router.Status;

/// <summary>
/// In-memory transfer records by quote id, with aliases for transaction hashes and message ids. Records are immutable
/// and replaced by compare-and-swap, so readers never lock. Bounded: at <see cref="Capacity"/> records, quotes never
/// executed are dropped, earliest expiry first, down to 90% of the capacity (so the cost is paid once per 10% of inserts).
/// With a journal file, every change of an executed transfer (anything past QUOTED) is appended to it as one JSON line
/// and the records are read back at start (the file is then rewritten with one line per transfer), so a restart keeps
/// the status of everything the node executed. Plain quotes are not journaled: they are cheap and expire in a minute.
/// </summary>
public sealed class TransferStatusStore
{
    private static readonly JsonSerializerOptions JournalJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly string? _journal;
    private readonly Lock _journalLock = new();

    private readonly ConcurrentDictionary<string, TransferRecord> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);
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
            _records[record.QuoteId] = record;
            foreach (var id in record.TransactionHashes.Concat(record.MessageIds).Concat(record.IntentOrderIds)) _aliases[id] = record.QuoteId;
        }
        var compacted = _journal + ".tmp";
        File.WriteAllLines(compacted, _records.Values.Select(r => JsonSerializer.Serialize(r, JournalJson)));
        File.Move(compacted, _journal, overwrite: true);
    }

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
        Journal(record);
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
