using System.Collections.Immutable;

namespace Interop.Relayers.TxSending.State;

/// <summary>A request that holds a nonce: every transaction signed for it so far, oldest first.</summary>
public sealed record PendingTransaction(TxRequest Request, ulong Nonce, ulong GasLimit, ImmutableList<TxAttempt> Attempts)
{
    public string RequestId => Request.RequestId;

    /// <summary>The transaction signed last (the one with the highest fees).</summary>
    public TxAttempt Latest => Attempts[^1];

    /// <summary>The first transaction's fees: the base of the escalation cap.</summary>
    public Fees.Eip1559Fees InitialFees => Attempts[0].Fees;
}
