using System.Numerics;
using Interop.Bridge.Protocol;
using Interop.Ethereum;

namespace Interop.Bridge.Relaying;

/// <summary>An event of one route's relayer core: what the Relayer actor persists and replays.</summary>
public interface IRelayerEvent;

/// <summary>An origin message (for any destination) joined the relayer's copy of the origin tree, which proofs are built from.</summary>
public sealed record LeafIndexed(uint Index, Bytes32 Id, ulong Block) : IRelayerEvent;

/// <summary>A message for this route's destination is waiting for delivery.</summary>
public sealed record MessageQueued(InteropMessage Message, ulong Block, DateTimeOffset At) : IRelayerEvent;

/// <summary>The sender paid <see cref="Payment"/> origin wei for the message's destination gas.</summary>
public sealed record GasPaid(Bytes32 Id, BigInteger Payment) : IRelayerEvent;

/// <summary>The relayer will not deliver the message (fee policy, denylist); it stays deliverable by anyone.</summary>
public sealed record MessageDropped(ulong Nonce, string Reason) : IRelayerEvent;

/// <summary>An origin reorg removed the leaves from <see cref="LeafCount"/> on; their messages are forgotten.</summary>
public sealed record OriginRewound(long LeafCount, ulong ToBlock) : IRelayerEvent;

/// <summary>The destination marked these nonces delivered (at <see cref="Block"/>, or unknown when read from the bitmap).</summary>
public sealed record MessagesDelivered(IReadOnlyList<ulong> Nonces, ulong? Block) : IRelayerEvent;

/// <summary>A destination reorg undid the deliveries recorded after <see cref="ToBlock"/>; those messages are pending again.</summary>
public sealed record DestinationRewound(ulong ToBlock) : IRelayerEvent;

/// <summary>A processBatch transaction carrying these nonces was sent.</summary>
public sealed record BatchSubmitted(IReadOnlyList<ulong> Nonces, Bytes32 TransactionHash) : IRelayerEvent;

/// <summary>An attempt failed for these messages; each carries its failure count and when it may be tried again.</summary>
public sealed record DeliveryFailed(IReadOnlyList<RetryScheduled> Retries, string Reason) : IRelayerEvent;

/// <summary>One message's next attempt after its <see cref="Failures"/>-th failure.</summary>
public sealed record RetryScheduled(ulong Nonce, int Failures, DateTimeOffset RetryAt);

/// <summary>An operator asked to deliver a pending, failed or dropped message now: it becomes ready at once (its failure count stays).</summary>
public sealed record MessageRequeued(ulong Nonce) : IRelayerEvent;

/// <summary>The route stopped relaying: its view of a chain can no longer be trusted (a reorg beyond history, a tree that disagrees).</summary>
public sealed record RouteHalted(string Reason) : IRelayerEvent;

/// <summary>
/// A route state in compact form: origin leaves from <see cref="PrunedBelow"/> on, the route's messages with their status,
/// deliveries seen on the destination (block, or null when read from the bitmap), payments not matched to a message yet, and
/// the halt reason; below the watermark, the tree's <see cref="Frontier"/> and what a reorg check needs. A snapshot without
/// the pruning fields (written before pruning existed) holds every leaf from 0.
/// </summary>
public sealed record RouteSnapshot(uint Origin, Address OriginMailbox, uint Destination, Address DestinationMailbox, IReadOnlyList<LeafIndexed> Leaves,
    IReadOnlyList<RouteMessage> Messages, IReadOnlyDictionary<ulong, ulong?> Delivered, IReadOnlyDictionary<Bytes32, BigInteger> UnmatchedPayments,
    string? HaltReason)
{
    /// <summary>The watermark: leaves, messages and deliveries below it are forgotten (all delivered).</summary>
    public long PrunedBelow { get; init; }

    /// <summary>The origin tree's frontier at <see cref="PrunedBelow"/> (see <see cref="MerkleTree.Frontier"/>).</summary>
    public IReadOnlyList<Bytes32> Frontier { get; init; } = [];

    /// <summary>The origin block of leaf <see cref="PrunedBelow"/> - 1 (an origin reorg below it halts the route).</summary>
    public ulong PrunedLeafBlock { get; init; }

    /// <summary>The newest known block among forgotten deliveries (a destination reorg below it halts the route).</summary>
    public ulong? PrunedDeliveryBlock { get; init; }

    /// <summary>How many delivered messages were forgotten.</summary>
    public long PrunedDelivered { get; init; }

    /// <summary>The newest block a delivery was seen in (older ones settle after <see cref="RelayerOptions.ReorgHistoryBlocks"/>).</summary>
    public ulong? NewestDeliveryBlock { get; init; }
}
