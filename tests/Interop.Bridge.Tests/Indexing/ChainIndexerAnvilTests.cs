using Interop.Bridge.Indexing;
using Interop.Bridge.Validation;

namespace Interop.Bridge.Tests.Indexing;

public sealed class ChainIndexerAnvilTests
{
    private static async Task<(ChainIndexState State, List<IChainIndexEvent> Events)> DrainAsync(AnvilMailbox chain, ChainIndexState state, ChainIndexerOptions options)
    {
        var events = new List<IChainIndexEvent>();
        for (var i = 0; i < 50; i++)
        {
            var poll = await ChainIndexer.PollAsync(chain.Rpc, state, options);
            state = poll.State;
            events.AddRange(poll.Events);
            if (poll.CaughtUp && poll.Inconsistency is null) return (state, events);
        }
        throw new InvalidOperationException("the indexer never caught up");
    }

    private static List<DispatchedLog> Dispatched(IEnumerable<IChainIndexEvent> events) =>
        events.OfType<BlocksIndexed>().SelectMany(e => e.Logs).OfType<DispatchedLog>().ToList();

    [Fact]
    public async Task Indexer_on_anvil_rewinds_and_re_emits_after_anvil_reorg_while_a_deeper_confirmation_depth_never_sees_the_orphan()
    {
        await using var chain = await AnvilMailbox.StartAsync();
        var fast = ChainIndexState.Start(chain.Domain, [chain.Mailbox]);
        var safe = fast;
        var fastOptions = new ChainIndexerOptions { ConfirmationDepth = 0, MaxBlockSpan = 3 };
        var safeOptions = new ChainIndexerOptions { ConfirmationDepth = 2 };
        var fastEvents = new List<IChainIndexEvent>();
        var safeEvents = new List<IChainIndexEvent>();
        async Task PollBoth()
        {
            (fast, var f) = await DrainAsync(chain, fast, fastOptions);
            (safe, var s) = await DrainAsync(chain, safe, safeOptions);
            fastEvents.AddRange(f);
            safeEvents.AddRange(s);
        }

        await chain.DispatchAsync("first");
        await chain.MineAsync(2);
        await PollBoth();
        var orphanBlock = await chain.DispatchAsync("orphan");
        await PollBoth();
        var orphan = Assert.Single(Dispatched(fastEvents), d => d.Event.Index == 1);
        Assert.DoesNotContain(Dispatched(safeEvents), d => d.Event.Index == 1);

        await chain.ReorgAsync(1);
        await chain.DispatchAsync("replacement");
        await chain.MineAsync(2);
        var fastBefore = fastEvents.Count;
        await PollBoth();

        var rewound = Assert.IsType<Rewound>(fastEvents[fastBefore]);
        Assert.Equal(orphanBlock - 1, rewound.ToBlock);
        var replacement = Assert.Single(Dispatched(fastEvents.Skip(fastBefore)));
        Assert.Equal(1U, replacement.Event.Index);
        Assert.NotEqual(orphan.Event.Id, replacement.Event.Id);
        Assert.Equal(orphanBlock + 1, replacement.Position.BlockNumber);

        Assert.DoesNotContain(safeEvents, e => e is Rewound);
        Assert.Equal([0U, 1U], Dispatched(safeEvents).Select(d => d.Event.Index));
        Assert.Equal(replacement.Event.Id, Dispatched(safeEvents)[1].Event.Id);

        // Both event streams rebuild the tree the chain has now.
        var chainRoot = await chain.RootAsync();
        Assert.Equal(chainRoot, Rebuild(chain, fastEvents).Root);
        Assert.Equal(chainRoot, Rebuild(chain, safeEvents).Root);
    }

    private static ValidatorState Rebuild(AnvilMailbox chain, IEnumerable<IChainIndexEvent> events)
    {
        var state = new ValidatorState(chain.Domain, chain.Mailbox, chain.Key.Address);
        foreach (var e in events)
            foreach (var v in state.Process(e))
                state.Apply(v);
        Assert.False(state.IsHalted, state.HaltReason);
        return state;
    }
}
