using Interop.Ethereum;
using System.Numerics;

namespace Interop.Relayers.TxSending.Events;

/// <summary>A lifecycle event a TxSender reports to a request's requester and on the event stream.</summary>
public interface ITxSenderEvent
{
    /// <summary>The chain the transaction is on.</summary>
    ulong ChainId { get; }

    /// <summary>The requester's id of the transaction.</summary>
    string RequestId { get; }
}

/// <summary>The request is recorded (persisted) and will be sent; the reply to <see cref="Commands.SendTransaction"/>.</summary>
public sealed record TransactionAccepted(ulong ChainId, string RequestId) : ITxSenderEvent;

/// <summary>The first transaction of a request is signed with this nonce and these fees, persisted, and handed to the node.</summary>
public sealed record TransactionSubmitted(ulong ChainId, string RequestId, Bytes32 Hash, ulong Nonce, BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas)
    : ITxSenderEvent;

/// <summary>A transaction was not mined in time and was re-signed with the same nonce and higher fees.</summary>
public sealed record TransactionReplaced(
    ulong ChainId, string RequestId, Bytes32 OldHash, Bytes32 NewHash, ulong Nonce, BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas)
    : ITxSenderEvent;

/// <summary>One of the request's transactions is mined and buried under the configured confirmation depth.</summary>
/// <param name="Receipt">What the chain says about it; check <see cref="ReceiptSummary.Succeeded"/>: a mined transaction may have reverted.</param>
public sealed record TransactionConfirmed(ulong ChainId, string RequestId, Bytes32 Hash, ulong Nonce, ReceiptSummary Receipt) : ITxSenderEvent;

/// <summary>The request will not be sent (its gas estimate reverted, or the command was invalid); no nonce was used.</summary>
public sealed record TransactionFailed(ulong ChainId, string RequestId, string Reason) : ITxSenderEvent;

/// <summary>The parts of a receipt a requester needs.</summary>
/// <param name="Status">1 success, 0 reverted.</param>
public sealed record ReceiptSummary(ulong BlockNumber, Bytes32 BlockHash, ulong GasUsed, BigInteger EffectiveGasPrice, ulong Status)
{
    /// <summary>True when the transaction did not revert.</summary>
    public bool Succeeded => Status == 1;
}
