using System.Numerics;
using Interop.Ethereum;

namespace Interop.Relayers.TxSending.State;

/// <summary>An accepted request as the sender keeps it (persisted inside its events and snapshots).</summary>
/// <param name="ReplyTo">The requester's actor path, or null when it asked from a temporary actor.</param>
public sealed record TxRequest(
    string RequestId,
    Address? To,
    byte[] Data,
    BigInteger Value,
    ulong? GasLimit,
    string? ReplyTo,
    DateTimeOffset QueuedAt)
{
    /// <summary>True when the command asks for exactly this transaction (same callee, data, value and gas limit).</summary>
    public bool SamePayload(Commands.SendTransaction command) =>
        To == command.To && Data.AsSpan().SequenceEqual(command.Data) && Value == command.Value && GasLimit == command.GasLimit;
}
