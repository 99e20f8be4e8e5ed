using System.Numerics;
using Interop.Ethereum;

namespace Interop.Bridge.Status;

/// <summary>
/// Where a cross-chain message stands, as one monotonic machine (a later stage never goes back, except that an origin
/// reorg removes a Dispatched message altogether and a destination reorg returns Delivered/Held/Failed to Submitted, or a
/// Delivered one whose hold release it undid to Held). A held transfer goes Submitted -> Held -> Delivered.
/// </summary>
public enum MessageStage
{
    /// <summary>Seen in a confirmed Dispatched log on the origin (buried under the confirmation depth), queued for delivery.</summary>
    Dispatched = 0,

    /// <summary>A quorum of validators signed a checkpoint that covers it.</summary>
    Attested = 1,

    /// <summary>In a processBatch transaction sent to the destination, not yet confirmed.</summary>
    Submitted = 2,

    /// <summary>The destination Mailbox emitted Processed: delivered, final.</summary>
    Delivered = 3,

    /// <summary>The destination Mailbox emitted ProcessFailed: the recipient reverted; retryable by anyone.</summary>
    Failed = 4,

    /// <summary>This node will not deliver it (fee policy, denylist); it stays deliverable by anyone else.</summary>
    Dropped = 5,

    /// <summary>
    /// The destination Mailbox processed it, but the TokenBridge held the transfer (above its large-transfer threshold) rather
    /// than paying it out: see <see cref="MessageRecord.Hold"/>. Delivered once the hold is released (claimed by anyone).
    /// </summary>
    Held = 6,
}

/// <summary>
/// A TokenBridge hold a message's delivery put its tokens under: the bridge's hold id, who gets how much, and from when
/// (the destination chain's clock, UTC) anyone may claim it; the release once seen.
/// </summary>
public sealed record MessageHold(BigInteger HoldId, Address Bridge, Address Recipient, BigInteger Amount, DateTimeOffset ReleaseAt, Bytes32 Transaction, ulong Block)
{
    /// <summary>The transaction whose claim released the hold (HoldReleased), once seen.</summary>
    public Bytes32? ReleaseTransaction { get; init; }

    public ulong? ReleaseBlock { get; init; }

    /// <summary>What a status detail says of it, e.g. "hold 3 of 2000000000000 until 2026-11-24T15:40:00Z on TokenBridge 0x…".</summary>
    public string Describe() => FormattableString.Invariant(
        $"hold {HoldId} of {Amount} until {ReleaseAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} on TokenBridge {Bridge}");
}

/// <summary>One stage change of a message and when this node saw it.</summary>
public sealed record MessageTransition(MessageStage Stage, DateTimeOffset At, string? Detail = null);

/// <summary>
/// Everything the node knows about one message: identity, stage with its history, the origin and delivery
/// transactions, the gas the sender paid (origin wei) and the destination gas its delivery used (its share of the batch).
/// Served by <c>GET /v1/messages/{id}</c>, the admin API and the router's status endpoint.
/// </summary>
public sealed record MessageRecord
{
    public required Bytes32 Id { get; init; }
    public required uint Origin { get; init; }
    public required uint Destination { get; init; }
    public required ulong Nonce { get; init; }
    public required Bytes32 Sender { get; init; }
    public required Bytes32 Recipient { get; init; }
    public required uint GasLimit { get; init; }
    public required MessageStage Stage { get; init; }

    public Bytes32? OriginTransaction { get; init; }
    public ulong? OriginBlock { get; init; }
    public Bytes32? DeliveryTransaction { get; init; }
    public ulong? DeliveryBlock { get; init; }

    /// <summary>Origin wei the sender paid for destination gas (Mailbox GasPayment).</summary>
    public BigInteger GasPaid { get; init; } = BigInteger.Zero;

    /// <summary>Destination gas of the delivery transaction attributed to this message (gasUsed / batch size), once delivered.</summary>
    public ulong? GasUsed { get; init; }

    /// <summary>Delivery attempts that failed (simulation or transaction reverted).</summary>
    public int FailedAttempts { get; init; }

    /// <summary>The last failure or drop reason, if any.</summary>
    public string? LastError { get; init; }

    /// <summary>The TokenBridge hold its delivery created (stage Held, and kept once released), or null.</summary>
    public MessageHold? Hold { get; init; }

    /// <summary>Every stage change, oldest first.</summary>
    public IReadOnlyList<MessageTransition> History { get; init; } = [];
}

/// <summary>Read access to message records (implemented by the relayer network's StatusTracker; read by the HTTP APIs).</summary>
public interface IMessageStatusSource
{
    /// <summary>The record of message <paramref name="id"/>, or null when this node has not seen it.</summary>
    Task<MessageRecord?> GetAsync(Bytes32 id, CancellationToken cancellationToken = default);

    /// <summary>The messages dispatched or delivered by transaction <paramref name="transactionHash"/> (origin or destination).</summary>
    Task<IReadOnlyList<MessageRecord>> FindByTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> records, newest first, optionally only those at <paramref name="stage"/>.</summary>
    Task<IReadOnlyList<MessageRecord>> ListAsync(MessageStage? stage, int limit, CancellationToken cancellationToken = default);
}
