using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Indexing;

/// <summary>Where a log was emitted: contract, block, transaction and position in the block.</summary>
public sealed record LogPosition(Address Contract, ulong BlockNumber, Bytes32 BlockHash, Bytes32 TransactionHash, ulong LogIndex)
{
    public override string ToString() => $"block {BlockNumber} log {LogIndex} of {Contract}";
}

/// <summary>
/// A decoded event of an indexed contract together with where it was emitted: the Mailbox's events, and the TokenBridge's
/// large-transfer holds (<see cref="TransferHeldLog"/>, <see cref="HoldReleasedLog"/>) when a watcher also indexes bridges.
/// </summary>
public abstract record MailboxLog(LogPosition Position)
{
    /// <summary>topic0 of every event the indexer reads (one OR-set for eth_getLogs; the topics of the two contracts are distinct).</summary>
    public static IReadOnlyList<byte[]> Topics { get; } =
    [
        MailboxBinding.DispatchedTopic, MailboxBinding.ProcessedTopic, MailboxBinding.ProcessFailedTopic, MailboxBinding.GasPaymentTopic,
        TokenBridgeBinding.TransferHeldTopic, TokenBridgeBinding.HoldReleasedTopic,
    ];

    /// <summary>
    /// Decodes one Mailbox log, or returns null for an event the indexer does not track.
    /// </summary>
    /// <exception cref="InvalidDataException">The topic says it is a tracked event but the payload does not decode.</exception>
    public static MailboxLog? Decode(Log log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Topics.Count == 0) return null;
        var position = new LogPosition(log.Address, log.BlockNumber, new Bytes32(log.BlockHash), new Bytes32(log.TransactionHash), log.LogIndex);
        var topic0 = log.Topics[0].AsSpan();
        try
        {
            if (topic0.SequenceEqual(MailboxBinding.DispatchedTopic))
                return new DispatchedLog(position, MailboxBinding.DecodeDispatched(log.Topics, log.Data));
            if (topic0.SequenceEqual(MailboxBinding.GasPaymentTopic))
                return new GasPaymentLog(position, MailboxBinding.DecodeGasPayment(log.Topics, log.Data));
            if (topic0.SequenceEqual(MailboxBinding.ProcessedTopic))
                return new ProcessedLog(position, MailboxBinding.DecodeProcessed(log.Topics, log.Data));
            if (topic0.SequenceEqual(MailboxBinding.ProcessFailedTopic))
                return new ProcessFailedLog(position, MailboxBinding.DecodeProcessFailed(log.Topics, log.Data));
            if (topic0.SequenceEqual(TokenBridgeBinding.TransferHeldTopic))
                return new TransferHeldLog(position, TokenBridgeBinding.DecodeTransferHeld(log.Topics, log.Data));
            if (topic0.SequenceEqual(TokenBridgeBinding.HoldReleasedTopic))
                return new HoldReleasedLog(position, TokenBridgeBinding.DecodeHoldReleased(log.Topics, log.Data));
        }
        catch (AbiDecodingException e)
        {
            // A contract in the indexed set that emits a tracked topic it cannot encode is not our Mailbox or TokenBridge.
            throw new InvalidDataException($"{position} carries a Mailbox or TokenBridge event topic but does not decode as one: {e.Message}", e);
        }
        return null;
    }
}

/// <summary>Mailbox.Dispatched on the origin: a message joined the tree; <c>(Root, Index)</c> is a signable checkpoint.</summary>
public sealed record DispatchedLog(LogPosition Position, DispatchedEvent Event) : MailboxLog(Position);

/// <summary>Mailbox.GasPayment on the origin: what the sender paid for destination gas.</summary>
public sealed record GasPaymentLog(LogPosition Position, GasPaymentEvent Event) : MailboxLog(Position);

/// <summary>Mailbox.Processed on the destination: the message was delivered.</summary>
public sealed record ProcessedLog(LogPosition Position, ProcessedEvent Event) : MailboxLog(Position);

/// <summary>Mailbox.ProcessFailed on the destination: the recipient reverted, the message is failed-retryable.</summary>
public sealed record ProcessFailedLog(LogPosition Position, ProcessFailedEvent Event) : MailboxLog(Position);

/// <summary>
/// TokenBridge.TransferHeld on the destination: the delivery of a transfer put its tokens on hold. Emitted inside the
/// Mailbox's call of the bridge's <c>handle</c>, so in the same transaction just before that message's Processed log.
/// </summary>
public sealed record TransferHeldLog(LogPosition Position, TransferHeldEvent Event) : MailboxLog(Position);

/// <summary>TokenBridge.HoldReleased on the destination: a hold was claimed and paid out.</summary>
public sealed record HoldReleasedLog(LogPosition Position, HoldReleasedEvent Event) : MailboxLog(Position);
