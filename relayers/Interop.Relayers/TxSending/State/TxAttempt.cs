using Interop.Ethereum;
using Interop.Relayers.TxSending.Fees;

namespace Interop.Relayers.TxSending.State;

/// <summary>
/// One signed transaction for a request's nonce. The raw bytes are kept so the exact transaction can be re-broadcast
/// after a restart without signing anything new.
/// </summary>
/// <param name="SignedAtBlock">The chain head when it was signed (for block-based stuck detection).</param>
public sealed record TxAttempt(Bytes32 Hash, byte[] Raw, Eip1559Fees Fees, DateTimeOffset SignedAt, ulong SignedAtBlock);
