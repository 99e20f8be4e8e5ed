using Interop.Bridge.Tests.Indexing;
using Interop.Bridge.Validation;
using Interop.Ethereum.Rpc.Errors;

namespace Interop.Bridge.Tests.Validation;

/// <summary>Reading the origin Mailbox's tree at a block the origin node no longer keeps state for (pruned / resumed nodes).</summary>
public sealed class OnChainTreeReaderTests
{
    [Fact]
    public async Task A_pruned_block_is_read_from_the_latest_state_only_while_no_message_was_dispatched_since()
    {
        // Anvil keeping only the newest state: older blocks cannot be read, as on a non-archive node.
        await using var chain = await AnvilMailbox.StartAsync(901, ["--prune-history", "1"]);

        var first = await chain.DispatchAsync("one");
        var expected = await OnChainTreeReader.ReadAsync(chain.Rpc, chain.Mailbox, first);
        Assert.Equal(1, expected.Count);
        // Later blocks push the dispatch block's state out of the pruned history.
        await chain.MineAsync(3);
        await Assert.ThrowsAnyAsync<JsonRpcException>(() => OnChainTreeReader.ReadAsync(chain.Rpc, chain.Mailbox, first));

        // Unchanged since (count still 1): the latest root is the root at that block.
        Assert.Equal(expected, await OnChainTreeReader.ReadAtOrUnchangedSinceAsync(chain.Rpc, chain.Mailbox, first, expectedCount: 1));

        // A newer dispatch: the old block's tree can no longer be known; the caller waits for the newer leaf.
        await chain.DispatchAsync("two");
        await chain.MineAsync(3);
        var wait = await Assert.ThrowsAsync<InvalidOperationException>(() => OnChainTreeReader.ReadAtOrUnchangedSinceAsync(chain.Rpc, chain.Mailbox, first, expectedCount: 1));
        Assert.Contains("has 2 messages", wait.Message, StringComparison.Ordinal);
    }
}
