using Interop.Bridge.Indexing;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Relayers.Watching;

namespace Interop.Relayers.Tests.Watching;

public sealed class WatcherJournalPlanTests
{
    private const int History = 4;
    private static Bytes32 H(ulong n) => new(Keccak256.HashUtf8($"b{n}"));
    private static BlockRef B(ulong n) => new(n, H(n), n == 0 ? new Bytes32(new byte[32]) : H(n - 1));

    private static BlocksIndexed Range(ulong from, ulong to, bool withLog = false) => new(901, from, to,
        Enumerable.Range((int)Math.Max(from, to + 1 - History), (int)(to - Math.Max(from, to + 1 - History) + 1)).Select(n => B((ulong)n)).ToList(),
        withLog ? [new ProcessedLog(new LogPosition(new Address(new byte[20]), to, H(to), H(99), 0), new ProcessedEvent(H(7), 900, 1))] : []);

    [Fact]
    public void Empty_ranges_are_held_and_merged_into_the_next_range_with_logs_which_keeps_the_cursor_contiguous()
    {
        var (persist, pending) = WatcherJournalPlan.Plan(null, [Range(0, 2), Range(3, 4)], History, 64);
        Assert.Empty(persist);
        Assert.Equal(new BlockRange(0, 4), pending!.Range);

        (persist, pending) = WatcherJournalPlan.Plan(pending, [Range(5, 6, withLog: true)], History, 64);
        var merged = Assert.IsType<BlocksIndexed>(Assert.Single(persist));
        Assert.Null(pending);
        Assert.Equal(new BlockRange(0, 6), merged.Range);
        Assert.Single(merged.Logs);
        Assert.Equal([3UL, 4UL, 5UL, 6UL], merged.Blocks.Select(b => b.Number));

        // Replaying the journal gives the same cursor as applying every range one by one.
        var live = ChainIndexState.Start(901, [new Address(new byte[20])], 0, History);
        foreach (var e in new[] { Range(0, 2), Range(3, 4), Range(5, 6, withLog: true) }) live = live.Apply(e);
        var replayed = ChainIndexState.Start(901, [new Address(new byte[20])], 0, History).Apply(merged);
        Assert.Equal(live.NextBlock, replayed.NextBlock);
        Assert.Equal(live.Recent.ToArray(), replayed.Recent.ToArray());
    }

    [Fact]
    public void A_long_empty_stretch_is_written_once_it_spans_the_flush_length_and_a_reorg_writes_the_pending_range_first()
    {
        var (persist, pending) = WatcherJournalPlan.Plan(null, [Range(0, 3), Range(4, 7), Range(8, 8)], History, 8);
        Assert.Equal(new BlockRange(0, 7), Assert.IsType<BlocksIndexed>(Assert.Single(persist)).Range);
        Assert.Equal(new BlockRange(8, 8), pending!.Range);

        (persist, pending) = WatcherJournalPlan.Plan(pending, [new Rewound(901, 7, 8), Range(8, 9)], History, 8);
        Assert.Equal(2, persist.Count);
        Assert.Equal(new BlockRange(8, 8), Assert.IsType<BlocksIndexed>(persist[0]).Range);
        Assert.IsType<Rewound>(persist[1]);
        Assert.Equal(new BlockRange(8, 9), pending!.Range);
    }
}
