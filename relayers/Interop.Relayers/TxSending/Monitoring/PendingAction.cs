using Interop.Ethereum;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.Fees;
using Interop.Relayers.TxSending.State;

namespace Interop.Relayers.TxSending.Monitoring;

/// <summary>What to do with one pending transaction after a poll.</summary>
public abstract record PendingAction(PendingTransaction Transaction)
{
    /// <summary>One of its hashes is mined deep enough: report it confirmed.</summary>
    public sealed record Confirm(PendingTransaction Transaction, Bytes32 Hash, ReceiptSummary Receipt) : PendingAction(Transaction);

    /// <summary>Its nonce was used by a transaction that is not one of its hashes: send it again with a fresh nonce.</summary>
    public sealed record Requeue(PendingTransaction Transaction, string Reason) : PendingAction(Transaction);

    /// <summary>Stuck: sign the same nonce with these (higher) fees.</summary>
    public sealed record Replace(PendingTransaction Transaction, Eip1559Fees Fees) : PendingAction(Transaction);

    /// <summary>Stuck at the fee cap: send the latest signed transaction again in case a node dropped it.</summary>
    public sealed record Rebroadcast(PendingTransaction Transaction) : PendingAction(Transaction);
}
