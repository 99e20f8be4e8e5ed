using Interop.Relayers.TxSending.State;

namespace Interop.Relayers.TxSending.Monitoring;

/// <summary>What a TxSender does when it (re)starts, decided from its persisted pending transactions and the chain.</summary>
/// <param name="NextNonce">The nonce the next new transaction takes.</param>
/// <param name="Rebroadcast">Pending transactions whose nonce is not used on chain yet: send their latest signed bytes again.</param>
/// <param name="Warning">Set when the chain knows pending transactions of the signer that this sender did not sign.</param>
public sealed record ReconciliationPlan(ulong NextNonce, IReadOnlyList<PendingTransaction> Rebroadcast, string? Warning);

/// <summary>Startup reconciliation of the sender's nonce with the chain. Pure.</summary>
public static class NonceReconciliation
{
    /// <summary>
    /// The chain is the authority for used nonces (<paramref name="latestNonce"/>); the journal is the authority for what
    /// we signed. Pending transactions at or above the latest count are re-broadcast (a node may have lost them while
    /// we were down; "already known" answers are harmless). Those below it are left to the monitor, which confirms them
    /// from their receipts or, when none of their hashes is mined, re-queues them for a fresh nonce.
    /// A pending count above everything we signed means someone else sends from this key: we do not reuse their
    /// nonces (that would replace their transactions), and warn.
    /// </summary>
    public static ReconciliationPlan Plan(IReadOnlyCollection<PendingTransaction> pending, ulong latestNonce, ulong pendingNonce)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var ours = pending.Count == 0 ? latestNonce : Math.Max(latestNonce, pending.Max(p => p.Nonce) + 1);
        string? warning = null;
        var next = ours;
        if (pendingNonce > ours)
        {
            warning = $"the node has pending transactions up to nonce {pendingNonce - 1} that this sender did not sign (next own nonce {ours}); " +
                      "another process is using this key, continuing after its nonces";
            next = pendingNonce;
        }
        var rebroadcast = pending.Where(p => p.Nonce >= latestNonce).OrderBy(p => p.Nonce).ToArray();
        return new ReconciliationPlan(next, rebroadcast, warning);
    }
}
