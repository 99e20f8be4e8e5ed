using Interop.Relayers.TxSending.Fees;
using Interop.Relayers.TxSending.State;

namespace Interop.Relayers.TxSending.Monitoring;

/// <summary>Decides, from one <see cref="ChainObservation"/>, what happens to each pending transaction. Pure.</summary>
public static class TxMonitor
{
    /// <param name="pending">The pending transactions that were observed.</param>
    /// <param name="observation">What the chain said.</param>
    /// <param name="now">The current time.</param>
    /// <param name="lastBroadcast">When each request's latest transaction was last sent (for throttling re-broadcasts).</param>
    /// <param name="options">Depth, stuck thresholds and fee escalation.</param>
    public static IReadOnlyList<PendingAction> Decide(
        IEnumerable<PendingTransaction> pending,
        ChainObservation observation,
        DateTimeOffset now,
        IReadOnlyDictionary<string, DateTimeOffset> lastBroadcast,
        TxSenderOptions options)
    {
        var actions = new List<PendingAction>();
        foreach (var tx in pending)
        {
            var mined = tx.Attempts
                .Select(a => observation.Receipts.TryGetValue(a.Hash, out var r) ? (a.Hash, Receipt: r) : default)
                .FirstOrDefault(m => m.Receipt is not null);
            if (mined.Receipt is not null)
            {
                // Mined but not yet deep enough: wait; never replace a transaction that is in a block.
                if (mined.Receipt.BlockNumber + options.ConfirmationDepth <= observation.Head)
                    actions.Add(new PendingAction.Confirm(tx, mined.Hash, mined.Receipt));
                continue;
            }
            if (tx.Nonce < observation.ConfirmedNonce)
            {
                actions.Add(new PendingAction.Requeue(tx,
                    $"nonce {tx.Nonce} was used by another transaction (signer's confirmed count is {observation.ConfirmedNonce}, none of our {tx.Attempts.Count} hash(es) is mined)"));
                continue;
            }
            if (tx.Nonce < observation.LatestNonce) continue; // used at the head but not yet deep enough to judge

            var latest = tx.Latest;
            var stuckByTime = now - latest.SignedAt >= options.StuckAfter;
            var stuckByBlocks = options.StuckAfterBlocks > 0 && observation.Head >= latest.SignedAtBlock + options.StuckAfterBlocks;
            if (!stuckByTime && !stuckByBlocks) continue;

            var fees = FeePolicy.Escalate(latest.Fees, tx.InitialFees, observation.Market, options.FeeBumpPercent, options.MaxFeeMultiplier);
            if (fees is not null)
            {
                actions.Add(new PendingAction.Replace(tx, fees));
                continue;
            }
            var sentAt = lastBroadcast.TryGetValue(tx.RequestId, out var at) && at > latest.SignedAt ? at : latest.SignedAt;
            if (now - sentAt >= options.StuckAfter) actions.Add(new PendingAction.Rebroadcast(tx));
        }
        return actions;
    }
}
