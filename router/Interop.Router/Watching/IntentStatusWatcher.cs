using System.Collections.Concurrent;
using Interop.Bridge.Chain;
using Interop.Bridge.Intents;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;
using Interop.Router.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Interop.Router.Watching;

/// <summary>
/// Follows every executed intent transfer on the chains (a hosted polling service, like the venue watcher): reads each
/// order's fill record on the destination and escrow on the origin, moves the transfer FILLING -> FILLED, or, past the
/// fillDeadline, EXPIRED -> (the node, as the transfer's executor, calls <c>cancel(order)</c> on the destination, paying
/// <c>quoteCancel</c>) REFUND_PENDING -> REFUNDED once the relayer network delivered the refund to the origin.
/// </summary>
public sealed class IntentStatusWatcher(RouterSettings settings, TransferStatusStore store, ChainReader chains, TimeProvider time, ILogger<IntentStatusWatcher> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<Bytes32, bool> _cancelled = new();

    /// <summary>How often open intent transfers are checked.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One pass over every open intent transfer.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var record in store.OpenIntentTransfers())
        {
            try
            {
                await RefreshAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Intent status of quote {QuoteId} not refreshed; retrying next pass", record.QuoteId);
            }
        }
    }

    private async Task RefreshAsync(TransferRecord record, CancellationToken ct)
    {
        var orders = record.IntentOrders.Select(o => IntentOrder.Decode(Hex.Decode(o))).ToList();
        var observations = new List<IntentObservation>();
        foreach (var order in orders)
        {
            var origin = Pool(order.OriginDomain);
            var destination = Pool(order.DestinationDomain);
            var destinationClient = chains.Client(order.DestinationDomain);
            var latest = await destinationClient.Rpc.GetBlockByNumberAsync(BlockParameter.Latest, false, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"chain {order.DestinationDomain} returned no latest block");
            var fill = IntentPoolAbi.DecodeFillStatus(await destinationClient.CallAsync(destination, IntentPoolAbi.EncodeFills(order.Id), null, ct).ConfigureAwait(false));
            var deposit = IntentPoolAbi.DecodeDepositStatus(await chains.Client(order.OriginDomain).CallAsync(origin, IntentPoolAbi.EncodeDeposits(order.Id), null, ct).ConfigureAwait(false));
            observations.Add(new IntentObservation(order, fill, deposit, (long)latest.Timestamp));
        }
        var verdict = IntentStatusRules.Evaluate(observations);
        var now = time.GetUtcNow();
        if (verdict.Status != record.Status)
        {
            store.Update(record.QuoteId, r => r.WalkTo(verdict.Status, now, verdict.Detail));
            logger.LogInformation("Intent transfer {QuoteId} is {Status}: {Detail}", record.QuoteId, TransferStatusMachine.WireName(verdict.Status), verdict.Detail);
        }
        foreach (var order in verdict.ToCancel)
            await CancelAsync(record, order, ct).ConfigureAwait(false);
    }

    private async Task CancelAsync(TransferRecord record, IntentOrder order, CancellationToken ct)
    {
        if (settings.ExecutorKey is not { } key)
        {
            logger.LogWarning("Intent order {OrderId} of quote {QuoteId} expired, but this node has no executor key to cancel it", order.Id, record.QuoteId);
            return;
        }
        if (!_cancelled.TryAdd(order.Id, true)) return;
        try
        {
            var client = chains.Client(order.DestinationDomain);
            var pool = Pool(order.DestinationDomain);
            var fee = HexBigInteger.FromBytes((await client.CallAsync(pool, IntentPoolAbi.EncodeQuoteCancel(order.OriginDomain), null, ct).ConfigureAwait(false)).AsSpan(0, 32));
            var receipt = await client.SendAsync(key, pool, IntentPoolAbi.EncodeCancel(order), fee, IntentPoolAbi.Definition, ct).ConfigureAwait(false);
            var hash = Hex.Encode(receipt.TransactionHash);
            store.Update(record.QuoteId, r => r with { TransactionHashes = r.TransactionHashes.Add(hash) });
            logger.LogInformation("Cancelled expired intent order {OrderId} of quote {QuoteId} on chain {ChainId} in {TxHash}", order.Id, record.QuoteId, order.DestinationDomain, hash);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Someone else may have cancelled (or, at the last moment, filled) it: the next pass reads the chain again.
            _cancelled.TryRemove(order.Id, out _);
            logger.LogWarning("Cancelling intent order {OrderId} of quote {QuoteId} failed, retrying next pass: {Error}", order.Id, record.QuoteId, e.Message);
        }
    }

    private Address Pool(uint chainId) =>
        settings.Chains.FirstOrDefault(c => c.ChainId == chainId)?.IntentPool
        ?? throw new InvalidOperationException($"chain {chainId} has no IntentPool in the router settings");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
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
    }
}
