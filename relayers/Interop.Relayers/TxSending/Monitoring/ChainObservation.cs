using Interop.Ethereum;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.Fees;

namespace Interop.Relayers.TxSending.Monitoring;

/// <summary>
/// What one poll saw of the chain, read in this order: head, then nonces, then receipts. A transaction mined after the
/// nonces were read has no effect on them, so a missing receipt next to a used nonce really means another
/// transaction used it (never a race with our own inclusion).
/// </summary>
/// <param name="Head">The latest block number.</param>
/// <param name="LatestNonce">The signer's transaction count at the head.</param>
/// <param name="ConfirmedNonce">The signer's transaction count at head − confirmation depth.</param>
/// <param name="Market">The fees a new transaction would get now (next base fee, suggested priority fee).</param>
/// <param name="Receipts">Receipts of the asked hashes that are mined (absent: not mined).</param>
public sealed record ChainObservation(
    ulong Head,
    ulong LatestNonce,
    ulong ConfirmedNonce,
    Eip1559Fees Market,
    IReadOnlyDictionary<Bytes32, ReceiptSummary> Receipts);
