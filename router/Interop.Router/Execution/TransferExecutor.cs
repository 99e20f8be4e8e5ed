using System.Collections.Concurrent;
using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Bridge.Intents;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using Interop.Router.Watching;
using Microsoft.Extensions.Logging;

namespace Interop.Router.Execution;

/// <summary>
/// Executes a signed quote with the node's market-maker key (POST /v1/transfers): holds it to its terms (its hash is in a route set
/// signed by the quote key, not expired, sender is the executor, every step within today's limits), then sends its
/// transactions in order and records SUBMITTED -> ORIGIN_CONFIRMED -> FILLING (bridge messages, intent orders) or FILLED
/// (same chain). An intent route's orders (from its OrderOpened logs) are kept on the record for the IntentStatusWatcher.
/// </summary>
public sealed class TransferExecutor(
    RouterSettings settings,
    SnapshotStore snapshots,
    TransferStatusStore statuses,
    ChainReader chains,
    TimeProvider time,
    ILogger<TransferExecutor> logger,
    QuoteIds? quoteIds = null)
{
    private static readonly byte[] TransferSentTopic = ContractDefinition.Get(ContractNames.TokenBridge).Topic0("TransferSent");
    private readonly ConcurrentDictionary<string, bool> _executing = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks the quote; null when it may be executed, else why not.</summary>
    public QuoteRejection? Check(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (settings.ExecutorKey is not { } key)
            return new QuoteRejection("quote", "this node has no market-maker key configured, so it executes no quotes", 503);
        if (QuoteVerifier.Check(route, settings.QuoteKey.Address) is { } unsigned) return unsigned;
        if (time.GetUtcNow().ToUnixTimeSeconds() >= route.ExpiresAt)
        {
            statuses.Update(route.QuoteId, r => r.MoveTo(TransferStatus.Expired, time.GetUtcNow(), "expired before execution"));
            return new QuoteRejection("quote", $"the quote expired at {DateTimeOffset.FromUnixTimeSeconds(route.ExpiresAt):O}; ask for a new one");
        }
        if (!string.Equals(route.Sender, key.Address.ToString(), StringComparison.OrdinalIgnoreCase))
            return new QuoteRejection("sender", $"the node executes with {key.Address}, but the quote's sender is {route.Sender}; quote with sender={key.Address}");
        if (route.Transactions.Any(t => t.ChainId != route.FromChain))
            return new QuoteRejection("quote", "the route has steps on the destination chain, which the wallet sends after arrival; the node executes origin-chain routes only");
        var snapshot = snapshots.Current;
        foreach (var step in route.Steps)
        {
            var edge = snapshot.Edges.FirstOrDefault(e => e.VenueId == step.Venue);
            if (edge is null) return new QuoteRejection("quote", $"venue {step.Venue} is not available now; ask for a new quote");
            if (!BigInteger.TryParse(step.AmountIn, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amountIn))
                return new QuoteRejection("quote", $"step {step.Venue} has a malformed amountIn '{step.AmountIn}'");
            if (amountIn > edge.MaxInput)
                return new QuoteRejection("amount", $"step {step.Venue} moves {step.AmountIn}, above what it accepts now ({edge.MaxInput}); ask for a new quote");
        }
        if (statuses.Find(route.QuoteId) is { Status: not TransferStatus.Quoted } existing)
            return new QuoteRejection("quote", $"quote {route.QuoteId} is already {TransferStatusMachine.WireName(existing.Status)}", 409);
        return null;
    }

    /// <summary>Checks and executes; a rejection says why nothing was sent.</summary>
    public async Task<(TransferResponse? Response, QuoteRejection? Rejection)> ExecuteAsync(QuoteRoute route, CancellationToken cancellationToken)
    {
        if (Check(route) is { } rejection) return (null, rejection);
        if (!_executing.TryAdd(route.QuoteId, true))
            return (null, new QuoteRejection("quote", $"quote {route.QuoteId} is being executed", 409));
        var key = settings.ExecutorKey!;
        var client = chains.Client(route.FromChain);
        EnsureRecord(route);
        var hashes = new List<string>();
        var messageIds = new List<string>();
        var orders = new List<IntentOrder>();
        statuses.Update(route.QuoteId, r => r.MoveTo(TransferStatus.Submitted, time.GetUtcNow()));
        try
        {
            foreach (var tx in route.Transactions)
            {
                Receipt receipt;
                try
                {
                    receipt = await client.SendAsync(key, Address.Parse(tx.To), Hex.Decode(tx.Data), BigInteger.Parse(tx.Value, System.Globalization.CultureInfo.InvariantCulture), null, cancellationToken).ConfigureAwait(false);
                }
                catch (TransactionRevertedException e)
                {
                    logger.LogWarning("Quote {QuoteId} transaction reverted: {Reason}", route.QuoteId, e.Message);
                    if (e.Receipt is { } failed) hashes.Add(Hex.Encode(failed.TransactionHash));
                    statuses.Update(route.QuoteId, r => r with { TransactionHashes = [.. hashes] });
                    return (null, new QuoteRejection("quote", $"{tx.Description}: {e.Message}", 422));
                }
                hashes.Add(Hex.Encode(receipt.TransactionHash));
                foreach (var log in receipt.Logs)
                {
                    if (log.Topics.Count > 1 && log.Topics[0].AsSpan().SequenceEqual(TransferSentTopic))
                        messageIds.Add(Hex.Encode(log.Topics[1]));
                    if (log.Topics.Count > 1 && log.Topics[0].AsSpan().SequenceEqual(IntentPoolAbi.OrderOpenedTopic))
                        orders.Add(IntentOrder.Decode(log.Data));
                }
                statuses.Update(route.QuoteId, r => r with { TransactionHashes = [.. hashes] });
            }
        }
        finally
        {
            _executing.TryRemove(route.QuoteId, out _);
        }

        var now = time.GetUtcNow();
        var record = statuses.Update(route.QuoteId, r =>
        {
            var next = (r with
            {
                TransactionHashes = [.. hashes],
                MessageIds = [.. messageIds],
                IntentOrders = [.. orders.Select(o => Hex.Encode(o.Encode()))],
                IntentOrderIds = [.. orders.Select(o => o.Id.ToString())],
            }).MoveTo(TransferStatus.OriginConfirmed, now);
            if (orders.Count > 0) return next.MoveTo(TransferStatus.Filling, now, "intent opened, waiting for a filler");
            return messageIds.Count > 0
                ? next.MoveTo(TransferStatus.Filling, now, "waiting for message delivery")
                : next.MoveTo(TransferStatus.Filled, now, "same-chain route completed");
        })!;
        logger.LogInformation("Executed quote {QuoteId} in {TransactionCount} transactions, {MessageCount} messages, {OrderCount} intent orders",
            route.QuoteId, hashes.Count, messageIds.Count, orders.Count);
        return (new TransferResponse(route.QuoteId, TransferStatusMachine.WireName(record.Status), hashes, messageIds), null);
    }

    // A quote has no record until it is executed (its id carries when it was given; see QuoteIds).
    private void EnsureRecord(QuoteRoute route)
    {
        if (statuses.Find(route.QuoteId) is not null) return;
        var quoted = quoteIds?.TryRead(route.QuoteId, out var terms) == true ? new StatusTransition(TransferStatus.Quoted, terms.QuotedAt, null)
            : new StatusTransition(TransferStatus.Quoted, time.GetUtcNow(), "quote presented for execution");
        statuses.Add(new TransferRecord
        {
            QuoteId = route.QuoteId,
            FromChain = route.FromChain,
            ToChain = route.ToChain,
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(route.ExpiresAt),
            FillDeadline = DateTimeOffset.FromUnixTimeSeconds(route.FillDeadline),
            Status = TransferStatus.Quoted,
            History = [quoted],
        });
    }
}
