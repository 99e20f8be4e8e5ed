using System.Collections.Immutable;

namespace Interop.Relayers.Watching;

/// <summary>What a consumer does with a watcher event at a given position.</summary>
public enum CursorDecision
{
    /// <summary>At or below what was applied: a re-emission after a restart or a re-subscription; ignore it.</summary>
    AlreadyApplied,

    /// <summary>The next event: process it.</summary>
    Next,

    /// <summary>Events are missing before it (the watcher restarted and lost the subscription): ignore it and subscribe again.</summary>
    Gap,
}

/// <summary>
/// A consumer's position in each chain watcher's event sequence: the last applied event per chain. Persisted with the
/// consumer's own events so that applying an event and moving the cursor are one atomic write (never missed, never twice).
/// </summary>
public sealed record ChainCursor(ImmutableDictionary<uint, long> Applied)
{
    public static ChainCursor Empty { get; } = new(ImmutableDictionary<uint, long>.Empty);

    /// <summary>
    /// A consumer that skips events without persisting (nothing to remember) journals its position alone once it is this many
    /// events ahead of its last persisted one, so that its acknowledgement (<see cref="ChainPositionPersisted"/>) keeps moving and
    /// the watcher can trim. The watcher retains every event after the slowest consumer's acknowledged position, so this bounds
    /// its tail: at one event per block and ~200 messages per block, 64 kept ~13,000 messages' logs in memory (the slowest
    /// consumer is one that has nothing to write, e.g. the route into a chain nobody sends to); 8 costs one small journal write
    /// per 8 events for such a consumer.
    /// </summary>
    public const long PersistPositionEvery = 8;

    /// <summary>The last applied position of <paramref name="chainId"/> (0 before the first).</summary>
    public long this[uint chainId] => Applied.GetValueOrDefault(chainId);

    public CursorDecision Decide(uint chainId, long sequence)
    {
        var applied = this[chainId];
        if (sequence <= applied) return CursorDecision.AlreadyApplied;
        return sequence == applied + 1 ? CursorDecision.Next : CursorDecision.Gap;
    }

    /// <summary>The cursor after applying event <paramref name="sequence"/> of <paramref name="chainId"/> (never moves back).</summary>
    public ChainCursor Advance(uint chainId, long sequence) =>
        sequence <= this[chainId] ? this : new ChainCursor(Applied.SetItem(chainId, sequence));
}
