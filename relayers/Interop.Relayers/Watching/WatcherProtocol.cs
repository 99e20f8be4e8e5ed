using Akka.Actor;
using Interop.Bridge.Indexing;
using Interop.Relayers.Persistence;

namespace Interop.Relayers.Watching;

/// <summary>
/// Asks a ChainWatcher to send <paramref name="Subscriber"/> every event after sequence number <paramref name="After"/>
/// (what the subscriber last applied), then every new one, in order. Sending it again (after a restart of either side)
/// is safe: the subscriber ignores what it already applied.
/// </summary>
public sealed record SubscribeToChain(IActorRef Subscriber, long After)
{
    /// <summary>
    /// The consumer's stable name (its persistence id). A named consumer pins the watcher's retained events: the watcher keeps
    /// (in memory, in its snapshot and journal) every event after the lowest <see cref="Persisted"/> position any named consumer
    /// reported, and forgets the older ones. An unnamed subscriber (a test probe) gets events but pins nothing.
    /// </summary>
    public string? Consumer { get; init; }

    /// <summary>The last position the consumer has durably applied (persisted with its own events); at most <see cref="SubscribeToChain.After"/>.</summary>
    public long Persisted { get; init; }
}

/// <summary>
/// A named consumer's acknowledgement: it has durably applied every event up to <paramref name="Position"/> (a restart of the
/// consumer resumes after it), so the watcher may forget events at or below it once every named consumer is past them.
/// </summary>
public sealed record ChainPositionPersisted(string Consumer, long Position);

/// <summary>
/// The answer to a subscription whose position is older than what the watcher still retains (the events after
/// <paramref name="Requested"/> were trimmed): the subscriber cannot be served without losing events, so nothing is sent.
/// Only happens if a consumer lost its journal or a new consumer joined after trimming; an operator must intervene.
/// </summary>
public sealed record ChainPositionUnavailable(uint ChainId, long Requested, long OldestRetained);

/// <summary>A watcher's snapshot: the index state as of the journal, the retained tail (positions from <see cref="FirstPosition"/>), the consumers' acknowledged positions.</summary>
[PersistedAs("chain-watcher.snapshot.v1")]
public sealed record ChainWatcherSnapshot(ChainIndexState State, long FirstPosition, IReadOnlyList<IChainIndexEvent> Tail,
    IReadOnlyDictionary<string, long> Persisted) : IPersistedMessage;

/// <summary>One indexer event of <see cref="ChainId"/> with its position in the watcher's journal (1, 2, 3, ... without gaps).</summary>
public sealed record ChainEventEnvelope(uint ChainId, long Sequence, IChainIndexEvent Event);

/// <summary>What a ChainWatcher persists: one indexer event; its journal sequence number is the event's position.</summary>
[PersistedAs("chain-watcher.indexed.v1")]
public sealed record ChainEventRecorded(IChainIndexEvent Event) : IPersistedMessage;

/// <summary>Asks a watcher for its <see cref="ChainWatcherStatus"/>.</summary>
public sealed record GetChainWatcherStatus
{
    public static readonly GetChainWatcherStatus Instance = new();

    private GetChainWatcherStatus()
    {
    }
}

/// <summary>Where a watcher stands: next block, last event position, whether it reached the confirmed head since start.</summary>
public sealed record ChainWatcherStatus(uint ChainId, ulong NextBlock, long LastSequence, bool CaughtUpOnce, string? HaltReason)
{
    /// <summary>How many events the watcher holds in memory (positions LastSequence - Retained + 1 .. LastSequence).</summary>
    public int Retained { get; init; }

    /// <summary>How many named consumers a saved snapshot holds (known again after a restart before they subscribe).</summary>
    public int DurableConsumers { get; init; }
}
