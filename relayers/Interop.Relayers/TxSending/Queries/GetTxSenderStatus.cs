using Interop.Ethereum;

namespace Interop.Relayers.TxSending.Queries;

/// <summary>Asks a TxSender for its <see cref="TxSenderStatus"/>.</summary>
public sealed record GetTxSenderStatus
{
    public static readonly GetTxSenderStatus Instance = new();

    private GetTxSenderStatus()
    {
    }
}

/// <summary>A TxSender's state for diagnostics and tests.</summary>
/// <param name="Ready">True once the sender has reconciled with the chain and signs transactions.</param>
/// <param name="NextNonce">The nonce the next new transaction gets (null until reconciled with the chain).</param>
/// <param name="Queued">Accepted requests waiting for a nonce, oldest first.</param>
/// <param name="Pending">Signed transactions not yet confirmed, by nonce.</param>
/// <param name="Completed">How many outcomes are remembered for idempotency.</param>
public sealed record TxSenderStatus(
    ulong ChainId,
    Address Signer,
    bool Ready,
    ulong? NextNonce,
    IReadOnlyList<string> Queued,
    IReadOnlyList<PendingTransactionStatus> Pending,
    int Completed);

/// <summary>One signed, unconfirmed transaction: its nonce and every hash signed for it so far (the last is current).</summary>
public sealed record PendingTransactionStatus(string RequestId, ulong Nonce, IReadOnlyList<Bytes32> Hashes);
