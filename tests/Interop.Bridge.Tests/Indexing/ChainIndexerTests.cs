using Interop.Bridge.Indexing;
using Interop.Ethereum;

namespace Interop.Bridge.Tests.Indexing;

public sealed class ChainIndexerTests
{
    private const ulong ChainId = 901;
    private const uint Destination = 902;
    private static readonly Address MailboxAddress = Address.Parse("0x1000000000000000000000000000000000000001");

    private readonly FakeChain _chain = new();
    private readonly FakeMailbox _mailbox = new((uint)ChainId, MailboxAddress);

    private static ChainIndexState Fresh(ulong startBlock = 1, int history = 16) =>
        ChainIndexState.Start(ChainId, [MailboxAddress], startBlock, history);

    private static ChainIndexerOptions Options(ulong depth = 0, ulong span = 1000) => new() { ConfirmationDepth = depth, MaxBlockSpan = span };

    /// <summary>Polls until caught up, returning every event and the final state.</summary>
    private async Task<(ChainIndexState State, List<IChainIndexEvent> Events)> DrainAsync(ChainIndexState state, ChainIndexerOptions options)
    {
        var events = new List<IChainIndexEvent>();
        for (var i = 0; i < 100; i++)
        {
            var poll = await ChainIndexer.PollAsync(_chain, state, options);
            state = poll.State;
            events.AddRange(poll.Events);
            if (poll.CaughtUp) return (state, events);
        }
        throw new InvalidOperationException("the indexer never caught up");
    }

    private static List<ulong> DispatchedNonces(IEnumerable<IChainIndexEvent> events) =>
        events.OfType<BlocksIndexed>().SelectMany(e => e.Logs).OfType<DispatchedLog>().Select(d => (ulong)d.Event.Index).ToList();

    private LogSpec[] Dispatch(string body = "hello") => _mailbox.Dispatch(Destination, body: body).Logs;

    [Fact]
    public async Task Indexer_emits_contiguous_ranges_with_logs_in_chain_order_as_the_chain_grows()
    {
        _chain.Mine(Dispatch());
        _chain.MineEmpty(2);
        _chain.Mine([.. Dispatch(), .. Dispatch()]);
        _chain.MineEmpty(5);
        _chain.Mine(Dispatch());

        var (state, events) = await DrainAsync(Fresh(), Options(span: 4));

        var ranges = events.Cast<BlocksIndexed>().Select(e => e.Range).ToList();
        Assert.Equal([new BlockRange(1, 4), new BlockRange(5, 8), new BlockRange(9, 10)], ranges);
        Assert.Equal([0UL, 1, 2, 3], DispatchedNonces(events));
        var firstBlockLogs = events.Cast<BlocksIndexed>().First().Logs;
        Assert.IsType<DispatchedLog>(firstBlockLogs[0]);
        Assert.IsType<GasPaymentLog>(firstBlockLogs[1]);
        Assert.Equal(11UL, state.NextBlock);
        Assert.Equal(_chain[10], state.LastIndexed);

        // Nothing new: a poll is a no-op.
        var again = await ChainIndexer.PollAsync(_chain, state, Options(span: 4));
        Assert.Empty(again.Events);
        Assert.True(again.CaughtUp);

        // The chain grows: only the new block is indexed.
        _chain.Mine(Dispatch());
        var next = await ChainIndexer.PollAsync(_chain, state, Options(span: 4));
        Assert.Equal(new BlockRange(11, 11), Assert.IsType<BlocksIndexed>(Assert.Single(next.Events)).Range);
        Assert.Equal([4UL], DispatchedNonces(next.Events));
    }

    [Theory]
    [InlineData(0UL, 10UL)]
    [InlineData(3UL, 7UL)]
    [InlineData(9UL, 1UL)]
    public async Task Indexer_indexes_only_blocks_buried_under_the_confirmation_depth(ulong depth, ulong lastIndexed)
    {
        for (var i = 0; i < 10; i++) _chain.Mine(Dispatch());

        var (state, events) = await DrainAsync(Fresh(), Options(depth));

        Assert.Equal(lastIndexed, state.LastIndexed!.Number);
        Assert.Equal(Enumerable.Range(0, (int)lastIndexed).Select(i => (ulong)i), DispatchedNonces(events));
    }

    [Fact]
    public async Task Indexer_emits_nothing_while_the_chain_is_shorter_than_the_confirmation_depth()
    {
        _chain.Mine(Dispatch());
        var (state, events) = await DrainAsync(Fresh(), Options(depth: 5));
        Assert.Empty(events);
        Assert.Null(state.LastIndexed);
        Assert.Equal(1UL, state.NextBlock);
    }

    [Fact]
    public async Task Indexer_rewinds_one_block_and_re_emits_the_replacement_after_a_one_block_reorg()
    {
        for (var i = 0; i < 5; i++) _chain.Mine(Dispatch($"m{i}"));
        var (state, _) = await DrainAsync(Fresh(), Options());

        _chain.Reorg(1);
        _mailbox.Truncate(4);
        _chain.Mine(Dispatch("replacement"));

        var poll = await ChainIndexer.PollAsync(_chain, state, Options());

        Assert.Equal(2, poll.Events.Count);
        var rewound = Assert.IsType<Rewound>(poll.Events[0]);
        Assert.Equal(4UL, rewound.ToBlock);
        Assert.Equal(1UL, rewound.Depth);
        var indexed = Assert.IsType<BlocksIndexed>(poll.Events[1]);
        Assert.Equal(new BlockRange(5, 5), indexed.Range);
        var dispatched = Assert.Single(indexed.Logs.OfType<DispatchedLog>());
        Assert.Equal(4U, dispatched.Event.Index);
        Assert.Equal(_mailbox.Messages[4].Id, dispatched.Event.Id);
        Assert.Equal(_chain[5], poll.State.LastIndexed);
    }

    [Fact]
    public async Task Indexer_walks_back_to_the_common_ancestor_after_a_three_block_reorg_onto_a_longer_chain()
    {
        for (var i = 0; i < 8; i++) _chain.Mine(Dispatch($"m{i}"));
        var (state, _) = await DrainAsync(Fresh(), Options());

        _chain.Reorg(3);
        _mailbox.Truncate(5);
        _chain.MineEmpty(1);
        _chain.Mine(Dispatch("x"));
        _chain.MineEmpty(2);

        var (after, events) = await DrainAsync(state, Options());

        var rewound = Assert.IsType<Rewound>(events[0]);
        Assert.Equal(5UL, rewound.ToBlock);
        Assert.Equal(8UL, rewound.ReplacedFrom);
        Assert.Equal(new BlockRange(6, 9), Assert.IsType<BlocksIndexed>(events[1]).Range);
        Assert.Equal([5UL], DispatchedNonces(events));
        Assert.Equal(_chain[9], after.LastIndexed);
    }

    [Fact]
    public async Task Indexer_rewinds_onto_a_shorter_chain_and_waits_for_it_to_grow()
    {
        for (var i = 0; i < 6; i++) _chain.Mine(Dispatch());
        var (state, _) = await DrainAsync(Fresh(), Options());

        _chain.Reorg(3);
        _chain.MineEmpty(1);

        var (after, events) = await DrainAsync(state, Options());

        Assert.Equal(3UL, Assert.IsType<Rewound>(events[0]).ToBlock);
        Assert.Equal(new BlockRange(4, 4), Assert.IsType<BlocksIndexed>(events[1]).Range);
        Assert.Equal(5UL, after.NextBlock);
    }

    [Fact]
    public async Task Indexer_halts_with_ReorgBeyondHistory_when_no_retained_block_survived()
    {
        for (var i = 0; i < 10; i++) _chain.Mine(Dispatch());
        var (state, _) = await DrainAsync(Fresh(history: 4), Options());
        Assert.Equal([7UL, 8, 9, 10], state.Recent.Select(b => b.Number));

        _chain.Reorg(5);
        _chain.MineEmpty(6);

        var poll = await ChainIndexer.PollAsync(_chain, state, Options());

        var fatal = Assert.IsType<ReorgBeyondHistory>(Assert.Single(poll.Events));
        Assert.Equal(7UL, fatal.OldestRetained);
        Assert.Contains("deeper than the history of 4 blocks", fatal.Reason, StringComparison.Ordinal);
        Assert.True(poll.State.IsHalted);

        // Halted for good: later polls read nothing and emit nothing.
        var calls = _chain.GetLogsCalls;
        var later = await ChainIndexer.PollAsync(_chain, poll.State, Options());
        Assert.Empty(later.Events);
        Assert.Equal(calls, _chain.GetLogsCalls);
    }

    [Theory]
    [InlineData(3, false)] // the oldest retained block survived: the deepest reorg a history of 4 can undo
    [InlineData(4, true)]  // every retained block replaced: one past the limit, fatal
    public async Task A_history_of_four_blocks_undoes_a_reorg_of_three_and_halts_on_one_of_four(int depth, bool halts)
    {
        for (var i = 0; i < 10; i++) _chain.Mine(Dispatch());
        var (state, _) = await DrainAsync(Fresh(history: 4), Options());

        _chain.Reorg(depth);
        _chain.MineEmpty(depth + 1);
        var poll = await ChainIndexer.PollAsync(_chain, state, Options());

        if (halts)
        {
            Assert.IsType<ReorgBeyondHistory>(Assert.Single(poll.Events));
            Assert.True(poll.State.IsHalted);
        }
        else
        {
            Assert.Equal(7UL, Assert.IsType<Rewound>(poll.Events[0]).ToBlock);
            Assert.False(poll.State.IsHalted);
        }
    }

    [Fact]
    public async Task A_cursor_given_a_shorter_history_forgets_the_older_hashes_at_once_and_halts_on_a_reorg_past_the_new_length()
    {
        for (var i = 0; i < 10; i++) _chain.Mine(Dispatch());
        var (state, _) = await DrainAsync(Fresh(history: 16), Options());
        Assert.Equal(10, state.Recent.Length);

        var shorter = state.WithHistoryLength(4);
        Assert.Equal([7UL, 8, 9, 10], shorter.Recent.Select(b => b.Number));
        Assert.Equal(4, shorter.HistoryLength);
        Assert.Same(state, state.WithHistoryLength(16));
        Assert.Equal(10, state.WithHistoryLength(32).Recent.Length); // a longer history keeps what there is and grows

        _chain.Reorg(4);
        _chain.MineEmpty(5);
        Assert.IsType<ReorgBeyondHistory>(Assert.Single((await ChainIndexer.PollAsync(_chain, shorter, Options())).Events));
        Assert.IsType<Rewound>((await ChainIndexer.PollAsync(_chain, state, Options())).Events[0]); // the 16-block cursor could undo it
    }

    [Fact]
    public async Task Indexer_restarts_from_its_start_block_when_a_reorg_replaced_everything_it_ever_indexed()
    {
        _chain.MineEmpty(4);
        for (var i = 0; i < 3; i++) _chain.Mine(Dispatch());
        var (state, _) = await DrainAsync(Fresh(startBlock: 5, history: 16), Options());

        _chain.Reorg(3);
        _mailbox.Truncate(0);
        _chain.Mine(Dispatch("again"));

        var (_, events) = await DrainAsync(state, Options());

        Assert.Equal(4UL, Assert.IsType<Rewound>(events[0]).ToBlock);
        Assert.Equal(new BlockRange(5, 5), Assert.IsType<BlocksIndexed>(events[1]).Range);
    }

    [Fact]
    public async Task Indexer_never_sees_a_reorg_shallower_than_its_confirmation_depth()
    {
        for (var i = 0; i < 5; i++) _chain.Mine(Dispatch($"m{i}"));
        var (state, events) = await DrainAsync(Fresh(), Options(depth: 2));
        Assert.Equal([0UL, 1, 2], DispatchedNonces(events));

        _chain.Reorg(2);
        _mailbox.Truncate(3);
        _chain.MineEmpty(4);

        var (_, after) = await DrainAsync(state, Options(depth: 2));

        Assert.DoesNotContain(after, e => e is Rewound);
        Assert.Empty(DispatchedNonces(after));
    }

    [Fact]
    public async Task Indexer_emits_nothing_for_a_range_read_while_the_chain_reorganised_and_recovers_on_the_next_poll()
    {
        for (var i = 0; i < 3; i++) _chain.Mine(Dispatch($"m{i}"));
        var (state, _) = await DrainAsync(Fresh(), Options());
        _chain.Mine(Dispatch("doomed"));
        _chain.BeforeNextGetLogs = () =>
        {
            _chain.Reorg(2);
            _mailbox.Truncate(2);
            _chain.Mine(Dispatch("kept"));
            _chain.MineEmpty(1);
        };

        var racing = await ChainIndexer.PollAsync(_chain, state, Options());

        Assert.Empty(racing.Events);
        Assert.False(racing.CaughtUp);
        Assert.Contains("reorganised", racing.Inconsistency, StringComparison.Ordinal);
        Assert.Same(state, racing.State);

        var (_, events) = await DrainAsync(racing.State, Options());
        Assert.Equal(2UL, Assert.IsType<Rewound>(events[0]).ToBlock);
        Assert.Equal([2UL], DispatchedNonces(events));
    }

    [Fact]
    public async Task Replaying_the_emitted_events_into_a_fresh_cursor_resumes_exactly_where_the_indexer_stopped()
    {
        for (var i = 0; i < 6; i++) _chain.Mine(Dispatch($"m{i}"));
        var (state, events) = await DrainAsync(Fresh(history: 4), Options(span: 2));
        _chain.Reorg(2);
        _mailbox.Truncate(4);
        _chain.Mine(Dispatch("r"));
        var (after, more) = await DrainAsync(state, Options(span: 2));
        events.AddRange(more);

        var replayed = events.Aggregate(Fresh(history: 4), (s, e) => s.Apply(e));

        Assert.Equal(after.NextBlock, replayed.NextBlock);
        Assert.Equal(after.Recent.AsEnumerable(), replayed.Recent.AsEnumerable());
        Assert.Equal(after.HaltReason, replayed.HaltReason);
    }
}
