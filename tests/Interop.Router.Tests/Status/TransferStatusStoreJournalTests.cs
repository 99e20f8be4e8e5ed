using Interop.Router.Status;

namespace Interop.Router.Tests.Status;

public sealed class TransferStatusStoreJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-status-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TransferRecord Quoted(string id) => new()
    {
        QuoteId = id, FromChain = 901, ToChain = 902, ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(1), FillDeadline = DateTimeOffset.UnixEpoch.AddDays(2),
        Status = TransferStatus.Quoted,
    };

    [Fact]
    public void Executed_transfers_survive_a_restart_with_history_and_aliases_and_plain_quotes_do_not()
    {
        var path = Path.Combine(_dir, "sub", "status.jsonl");
        var at = DateTimeOffset.UnixEpoch.AddHours(1);
        var store = new TransferStatusStore(path);
        store.Add(Quoted("0xq1"));
        store.Add(Quoted("0xq2"));
        store.Update("0xq1", r => (r with { TransactionHashes = ["0xtx"], IntentOrders = ["0xorder"], IntentOrderIds = ["0xid"] }).MoveTo(TransferStatus.Submitted, at));
        store.Update("0xq1", r => r.WalkTo(TransferStatus.RefundPending, at, "cancelled"));

        var restarted = new TransferStatusStore(path);
        var record = restarted.Find("0xid") ?? throw new Xunit.Sdk.XunitException("not restored");
        Assert.Equal(TransferStatus.RefundPending, record.Status);
        Assert.Equal([TransferStatus.Submitted, TransferStatus.Expired, TransferStatus.RefundPending], record.History.Select(h => h.Status));
        Assert.Equal("cancelled", record.History[^1].Detail);
        Assert.Same(record, restarted.Find("0xtx"));
        Assert.Null(restarted.Find("0xq2"));
        Assert.Single(File.ReadAllLines(path));   // compacted to one line per transfer
        Assert.Single(restarted.OpenIntentTransfers());
    }

    [Fact]
    public void A_torn_last_line_is_dropped_and_a_corrupt_earlier_line_is_an_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "status.jsonl");
        var store = new TransferStatusStore(path);
        store.Add(Quoted("0xq1"));
        store.Update("0xq1", r => r.MoveTo(TransferStatus.Submitted, DateTimeOffset.UnixEpoch));
        File.AppendAllText(path, "{\"quoteId\":\"0xq1\",\"sta");
        Assert.Equal(TransferStatus.Submitted, new TransferStatusStore(path).Find("0xq1")!.Status);

        File.WriteAllText(path, "not json\n" + File.ReadAllText(path));
        var error = Assert.Throws<InvalidDataException>(() => new TransferStatusStore(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }
}
