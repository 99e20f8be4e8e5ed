using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;
using Interop.Router.Quoting;
using Interop.Router.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Interop.Router.Watching;

/// <summary>
/// Finds the intent routes wallets execute themselves. An intent route's <c>open(order)</c> carries its quote id as the
/// order's salt, and a quote id proves it was issued under this router's quote key (<see cref="QuoteIds"/>), so the
/// router recognises its own quotes among the <c>OrderOpened</c> logs of every IntentPool it quotes without having kept
/// anything when it quoted them. Each such order is added to the quote's record (created from what the id says when
/// the router never saw it executed): ORIGIN_CONFIRMED -> FILLING, with the order, its id and the opening transaction as
/// aliases; from there the <see cref="IntentStatusWatcher"/> follows it to FILLED, or EXPIRED -> REFUND_PENDING ->
/// REFUNDED, as for a transfer the node executed. Orders of a route the node executed itself are already on its
/// record and change nothing. A salt is public once its order is opened, so only orders from the depositor of a
/// quote's first order are taken as that quote's. A hosted polling service like the other watchers, with a cursor per
/// chain: kept next to the status journal (<c>{StatusJournalPath}.order-cursors.json</c>, rewritten after each pass that
/// moved one), so a restart goes on from where it stopped however long the node was down; without a journal, or for a
/// chain it has no cursor for, the first read looks back <see cref="LookbackBlocks"/> blocks.
/// </summary>
public sealed class QuotedOrderWatcher(RouterSettings settings, TransferStatusStore store, ChainReader chains, QuoteIds quoteIds, TimeProvider time,
    ILogger<QuotedOrderWatcher> logger) : BackgroundService
{
    private readonly string? _cursorFile = settings.StatusJournalPath is { } journal ? Path.GetFullPath(journal) + ".order-cursors.json" : null;
    private Dictionary<ulong, ulong>? _next;

    /// <summary>How often each IntentPool is read.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How far back the first read of a chain starts.</summary>
    public ulong LookbackBlocks { get; init; } = 1_024;

    /// <summary>The most blocks one read covers.</summary>
    public ulong MaxScanBlocks { get; init; } = 2_000;

    /// <summary>Orders found with one of this router's quote ids so far (diagnostics and tests).</summary>
    public long Found => Interlocked.Read(ref _found);

    private long _found;

    /// <summary>One pass over every chain with an IntentPool; a chain that fails is read again on the next pass.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _next ??= LoadCursors();
        var before = new Dictionary<ulong, ulong>(_next);
        foreach (var chain in settings.Chains)
        {
            if (chain.IntentPool is not { } pool) continue;
            try
            {
                await ScanAsync(chain.ChainId, pool, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Reading OrderOpened logs on chain {ChainId} failed; retrying next pass: {Error}", chain.ChainId, e.Message);
            }
        }
        if (_cursorFile is not null && (before.Count != _next.Count || before.Any(kv => _next[kv.Key] != kv.Value))) SaveCursors(_cursorFile, _next);
    }

    // The cursors saved by the last run (chain id -> next block); none when there is no file or it cannot be read.
    private Dictionary<ulong, ulong> LoadCursors()
    {
        if (_cursorFile is null || !File.Exists(_cursorFile)) return [];
        try
        {
            var saved = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, ulong>>(File.ReadAllText(_cursorFile)) ?? [];
            return saved.ToDictionary(kv => ulong.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or OverflowException or IOException)
        {
            logger.LogWarning("Ignoring the order cursors in {File} ({Error}); looking back {Blocks} blocks on each chain", _cursorFile, e.Message, LookbackBlocks);
            return [];
        }
    }

    private static void SaveCursors(string file, Dictionary<ulong, ulong> cursors)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var text = System.Text.Json.JsonSerializer.Serialize(cursors.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value));
        File.WriteAllText(file + ".tmp", text);
        File.Move(file + ".tmp", file, overwrite: true);
    }

    private async Task ScanAsync(ulong chainId, Address pool, CancellationToken ct)
    {
        var client = chains.Client(chainId);
        var head = await client.Rpc.BlockNumberAsync(ct).ConfigureAwait(false);
        var lookback = head >= LookbackBlocks ? head - LookbackBlocks + 1 : 0;
        if (!_next!.TryGetValue(chainId, out var from)) from = lookback;
        else if (from > head + 1)
        {
            // The chain is behind the saved cursor: it was reset (a new devnet) or this RPC lags far behind.
            logger.LogWarning("Chain {ChainId} is at block {Head}, behind the saved order cursor {Cursor}; looking back {Blocks} blocks", chainId, head, from, LookbackBlocks);
            from = lookback;
        }
        if (from > head) return;
        var to = Math.Min(head, from + MaxScanBlocks - 1);
        var logs = await client.Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [pool],
            Topics = [[IntentPoolAbi.OrderOpenedTopic]],
            FromBlock = BlockParameter.AtNumber(from),
            ToBlock = BlockParameter.AtNumber(to),
        }, ct).ConfigureAwait(false);
        foreach (var log in logs)
        {
            if (log.Removed) continue;
            IntentOrder order;
            try
            {
                order = IntentOrder.Decode(log.Data);
            }
            catch (FormatException e)
            {
                logger.LogWarning("Skipping an OrderOpened log on chain {ChainId} in {TxHash} that is not an order: {Error}", chainId, Hex.Encode(log.TransactionHash), e.Message);
                continue;
            }
            var salt = HexBigInteger.ToBytes(order.Salt, QuoteIds.Length); // a decoded salt is a uint256: it fits
            if (!quoteIds.TryRead(salt, out var terms)) continue;
            Track(Hex.Encode(salt), terms, order, Hex.Encode(log.TransactionHash));
        }
        _next![chainId] = to + 1;
    }

    // Internal for tests: what one OrderOpened log with one of this router's quote ids does to that quote's record.
    internal void Track(string quoteId, QuoteIdTerms terms, IntentOrder order, string transaction)
    {
        var now = time.GetUtcNow();
        store.TryAdd(new TransferRecord
        {
            QuoteId = quoteId,
            FromChain = order.OriginDomain,
            ToChain = order.DestinationDomain,
            ExpiresAt = terms.ExpiresAt,
            FillDeadline = terms.FillDeadline,
            Status = TransferStatus.Quoted,
            History = [new StatusTransition(TransferStatus.Quoted, terms.QuotedAt, null)],
        });
        var orderId = order.Id.ToString();
        var changed = false;
        store.Update(quoteId, r =>
        {
            changed = false;
            if (r.IntentOrderIds.Contains(orderId, StringComparer.OrdinalIgnoreCase)) return r;
            // A salt is public once an order is opened: an order with a copied quote id from another depositor is not
            // this quote's (the first depositor seen is; a split route's orders all come from its sender).
            if (!r.IntentOrders.IsEmpty && IntentOrder.Decode(Hex.Decode(r.IntentOrders[0])).Depositor != order.Depositor)
            {
                logger.LogWarning("Quote {QuoteId}: ignoring intent order {OrderId} from {Depositor}, who did not open its first order", quoteId, orderId, order.Depositor);
                return r;
            }
            changed = true;
            return (r with
            {
                IntentOrders = r.IntentOrders.Add(Hex.Encode(order.Encode())),
                IntentOrderIds = r.IntentOrderIds.Add(orderId),
                TransactionHashes = r.TransactionHashes.Contains(transaction, StringComparer.OrdinalIgnoreCase) ? r.TransactionHashes : r.TransactionHashes.Add(transaction),
            })
            .MoveTo(TransferStatus.OriginConfirmed, now, $"intent opened on chain {order.OriginDomain} by {order.Depositor} in {transaction}")
            .MoveTo(TransferStatus.Filling, now, "intent opened, waiting for a filler");
        });
        if (!changed) return;
        Interlocked.Increment(ref _found);
        logger.LogInformation("Quote {QuoteId}: intent order {OrderId} opened on chain {ChainId} by {Depositor} in {TxHash}", quoteId, orderId, order.OriginDomain, order.Depositor, transaction);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
