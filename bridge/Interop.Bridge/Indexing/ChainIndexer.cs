using Interop.Ethereum.Rpc;

namespace Interop.Bridge.Indexing;

/// <summary>
/// The result of one poll: the cursor after it, the events to persist and publish (in order), whether the confirmed head
/// was reached, and why a range was not indexed when the chain moved mid-read. Not caught up and no inconsistency: poll
/// again at once (catching up range by range); an inconsistency: poll again after the usual interval.
/// </summary>
public sealed record IndexPoll(ChainIndexState State, IReadOnlyList<IChainIndexEvent> Events, bool CaughtUp, string? Inconsistency = null);

/// <summary>
/// One poll of a chain (the I/O around <see cref="ChainIndexState"/>'s pure decisions): check that the last indexed block
/// is still canonical (else find the common ancestor and rewind, or halt when the reorg is deeper than the history), then
/// index the next confirmed range of at most <see cref="ChainIndexerOptions.MaxBlockSpan"/> blocks.
/// </summary>
public static class ChainIndexer
{
    /// <summary>Polls over JSON-RPC.</summary>
    public static Task<IndexPoll> PollAsync(RpcClient rpc, ChainIndexState state, ChainIndexerOptions options, CancellationToken cancellationToken = default) =>
        PollAsync(new RpcBlockSource(rpc), state, options, cancellationToken);

    /// <summary>Polls any block source.</summary>
    public static async Task<IndexPoll> PollAsync(IBlockSource source, ChainIndexState state, ChainIndexerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (state.IsHalted) return new IndexPoll(state, [], CaughtUp: true);

        var events = new List<IChainIndexEvent>();
        var head = await source.GetHeadAsync(cancellationToken).ConfigureAwait(false);

        if (state.LastIndexed is { } last)
        {
            var atCursor = (await source.GetBlocksAsync([last.Number], cancellationToken).ConfigureAwait(false))[0];
            if (!state.IsStillCanonical(atCursor))
            {
                var history = await source.GetBlocksAsync(state.Recent.Select(b => b.Number).ToList(), cancellationToken).ConfigureAwait(false);
                var resolution = state.ResolveReorg(history);
                events.Add(resolution);
                state = state.Apply(resolution);
                if (state.IsHalted) return new IndexPoll(state, events, CaughtUp: true);
            }
        }

        if (state.NextRange(head, options) is not { } range) return new IndexPoll(state, events, CaughtUp: true);

        // The tip is read before and after the logs: unchanged, the logs belong to the chain the headers describe.
        var tipBefore = (await source.GetBlocksAsync([range.To], cancellationToken).ConfigureAwait(false))[0];
        var logs = await source.GetLogsAsync(range, state.Contracts, MailboxLog.Topics, cancellationToken).ConfigureAwait(false);
        var headers = await source.GetBlocksAsync(state.HeadersNeeded(range, logs), cancellationToken).ConfigureAwait(false);
        switch (state.Index(range, tipBefore, headers, logs))
        {
            case RangeOutcome.Indexed indexed:
                events.Add(indexed.Event);
                state = state.Apply(indexed.Event);
                return new IndexPoll(state, events, CaughtUp: range.To + options.ConfirmationDepth >= head);
            case RangeOutcome.Inconsistent inconsistent:
                return new IndexPoll(state, events, CaughtUp: false, inconsistent.Reason);
            default:
                throw new InvalidOperationException("unreachable");
        }
    }
}
