using Interop.Bridge.Indexing;

namespace Interop.Relayers.Watching;

/// <summary>
/// Which indexer events a ChainWatcher writes to its journal. Ranges without a Mailbox log carry nothing a consumer needs,
/// but the cursor must stay contiguous: consecutive empty ranges are merged into one pending range that is written when a
/// range with logs or a reorg comes (merged into it, so every written event still starts at the cursor's next block), or
/// once it spans <paramref name="flushAfterBlocks"/> blocks. An idle chain thus writes one event per that many blocks instead
/// of one per block; a crash loses at most the pending empty range, which is simply indexed again.
/// </summary>
public static class WatcherJournalPlan
{
    /// <summary>The events to persist (in order) for <paramref name="decided"/>, and the empty range left pending.</summary>
    public static (IReadOnlyList<IChainIndexEvent> Persist, BlocksIndexed? Pending) Plan(BlocksIndexed? pending, IReadOnlyList<IChainIndexEvent> decided,
        int historyLength, ulong flushAfterBlocks)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var persist = new List<IChainIndexEvent>();
        foreach (var e in decided)
        {
            switch (e)
            {
                case BlocksIndexed { Logs.Count: 0 } empty:
                    pending = pending is null ? empty : Merge(pending, empty, historyLength);
                    if (pending.Range.Length >= flushAfterBlocks)
                    {
                        persist.Add(pending);
                        pending = null;
                    }
                    break;
                case BlocksIndexed withLogs:
                    persist.Add(pending is null ? withLogs : Merge(pending, withLogs, historyLength));
                    pending = null;
                    break;
                default:
                    // A reorg is decided against the cursor including the pending range: write that range first.
                    if (pending is not null) persist.Add(pending);
                    pending = null;
                    persist.Add(e);
                    break;
            }
        }
        return (persist, pending);
    }

    /// <summary><paramref name="first"/> then <paramref name="next"/> (which starts right after it) as one range: next's logs, both tails' blocks.</summary>
    public static BlocksIndexed Merge(BlocksIndexed first, BlocksIndexed next, int historyLength)
    {
        if (next.From != first.To + 1)
            throw new ArgumentException($"{next} does not follow {first}", nameof(next));
        var blocks = first.Blocks.Concat(next.Blocks).ToList();
        if (blocks.Count > historyLength) blocks = blocks.GetRange(blocks.Count - historyLength, historyLength);
        return new BlocksIndexed(first.ChainId, first.From, next.To, blocks, [.. first.Logs, .. next.Logs]);
    }
}
