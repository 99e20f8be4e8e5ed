using System.Numerics;
using Interop.Ethereum;

namespace Interop.Relayers.TxSending.Commands;

/// <summary>
/// Asks a TxSender to get a transaction mined from its signer. Idempotent by <see cref="RequestId"/>: sending the same
/// id again never sends a second transaction; it is answered with <see cref="Events.TransactionAccepted"/> (and the
/// outcome, when already known). The sender keeps the requester's path (unless it is a temporary Ask actor) and sends
/// it every lifecycle event; all of them are also published on the event stream.
/// </summary>
/// <param name="RequestId">The caller's id for this transaction (e.g. "deliver:{messageId}"); unique per signer.</param>
/// <param name="To">The callee, or null to create a contract.</param>
/// <param name="Data">Calldata or init code.</param>
/// <param name="Value">Wei to send.</param>
/// <param name="GasLimit">A fixed gas limit; when null the sender estimates and adds a margin.</param>
public sealed record SendTransaction(string RequestId, Address? To, byte[] Data, BigInteger Value, ulong? GasLimit = null)
{
    /// <summary>The least gas any transaction needs (intrinsic cost of a plain transfer).</summary>
    public const ulong MinimumGasLimit = 21_000;

    /// <summary>Why the command cannot be executed, or null when it can.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(RequestId)) return "RequestId must not be empty";
        if (Data is null) return "Data must not be null (use an empty array)";
        if (Value.Sign < 0) return "Value must not be negative";
        if (GasLimit is < MinimumGasLimit) return $"GasLimit must be at least {MinimumGasLimit}";
        if (To is null && Data.Length == 0) return "a contract creation (no To) needs init code in Data";
        return null;
    }
}
