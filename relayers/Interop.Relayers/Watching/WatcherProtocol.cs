using Akka.Actor;
using Interop.Bridge.Indexing;
using Interop.Relayers.Persistence;

namespace Interop.Relayers.Watching;

/// <summary>
/// Asks a ChainWatcher to send <paramref name="Subscriber"/> every event after sequence number <paramref name="After"/>
/// (what the subscriber last applied), then every new one, in order. Sending it again (after a restart of either side)
/// is safe: the subscriber ignores what it already applied.
/// </summary>
public sealed record SubscribeToChain(IActorRef Subscriber, long After);

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
public sealed record ChainWatcherStatus(uint ChainId, ulong NextBlock, long LastSequence, bool CaughtUpOnce, string? HaltReason);
