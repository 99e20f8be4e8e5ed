using System.Collections.Immutable;
using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Indexing;

/// <summary>
/// The resumable cursor of one chain's indexer over a set of contracts: the next block to index and the hashes of the
/// last <see cref="HistoryLength"/> indexed blocks (the block-hash chain reorgs are detected against).
/// Immutable; the decisions are pure functions of the state and what the chain returned, <see cref="Apply"/> folds events.
/// </summary>
public sealed record ChainIndexState
{
    /// <summary>Blocks of hash history kept when none is given: deeper reorgs are fatal.</summary>
    public const int DefaultHistoryLength = 128;

    public required ulong ChainId { get; init; }

    /// <summary>The contracts whose logs are indexed (a cursor is only valid for the set it was built with).</summary>
    public required ImmutableArray<Address> Contracts { get; init; }

    /// <summary>The first block ever indexed (e.g. the Mailbox deployment block).</summary>
    public required ulong StartBlock { get; init; }

    /// <summary>How many of the most recent indexed blocks are remembered; a reorg deeper than this is fatal.</summary>
    public required int HistoryLength { get; init; }

    /// <summary>The first block not indexed yet.</summary>
    public required ulong NextBlock { get; init; }

    /// <summary>The last indexed blocks, ascending and contiguous, ending at <c>NextBlock - 1</c>.</summary>
    public ImmutableArray<BlockRef> Recent { get; init; } = [];

    /// <summary>Why indexing stopped for good (a reorg beyond the retained history), or null while running.</summary>
    public string? HaltReason { get; init; }

    public bool IsHalted => HaltReason is not null;

    /// <summary>The newest indexed block, or null before the first range.</summary>
    public BlockRef? LastIndexed => Recent.IsEmpty ? null : Recent[^1];

    /// <summary>A cursor that has indexed nothing yet.</summary>
    public static ChainIndexState Start(ulong chainId, IEnumerable<Address> contracts, ulong startBlock = 0, int historyLength = DefaultHistoryLength)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, 1);
        var set = contracts.Distinct().ToImmutableArray();
        if (set.IsEmpty) throw new ArgumentException("an indexer needs at least one contract address", nameof(contracts));
        return new ChainIndexState { ChainId = chainId, Contracts = set, StartBlock = startBlock, HistoryLength = historyLength, NextBlock = startBlock };
    }

    /// <summary>
    /// This cursor also indexing <paramref name="contracts"/> from its next block on (e.g. TokenBridges added to a watcher by a
    /// configuration change on restart): blocks already indexed are not read again for them. Contracts are only added.
    /// </summary>
    public ChainIndexState WithContracts(IEnumerable<Address> contracts)
    {
        ArgumentNullException.ThrowIfNull(contracts);
        var added = contracts.Where(c => !Contracts.Contains(c)).Distinct().ToList();
        return added.Count == 0 ? this : this with { Contracts = Contracts.AddRange(added) };
    }

    /// <summary>
    /// This cursor with another history length (e.g. a configuration change on restart): a shorter history drops the oldest
    /// retained hashes at once, so no reorg deeper than the new length is ever reported as a rewind.
    /// </summary>
    public ChainIndexState WithHistoryLength(int historyLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, 1);
        return historyLength == HistoryLength ? this
            : this with { HistoryLength = historyLength, Recent = Recent.Length > historyLength ? Recent[^historyLength..] : Recent };
    }

    /// <summary>The next range to index given the chain head, or null when no new block is confirmed (or indexing halted).</summary>
    public BlockRange? NextRange(ulong head, ChainIndexerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (IsHalted || head < options.ConfirmationDepth) return null;
        var confirmed = head - options.ConfirmationDepth;
        if (confirmed < NextBlock) return null;
        var span = Math.Min(options.MaxBlockSpan - 1, confirmed - NextBlock);
        return new BlockRange(NextBlock, NextBlock + span);
    }

    /// <summary>
    /// Whether <paramref name="observed"/>, the chain's block now at the number of <see cref="LastIndexed"/> (null when the
    /// chain no longer has that block), is still the block that was indexed. True before anything was indexed.
    /// </summary>
    public bool IsStillCanonical(BlockRef? observed) =>
        LastIndexed is not { } last || (observed is not null && observed.Number == last.Number && observed.Hash == last.Hash);

    /// <summary>
    /// After <see cref="IsStillCanonical"/> said no: given the chain's current block at each number of <see cref="Recent"/>
    /// (same order, null where the chain has none), the newest block both agree on is the common ancestor and the cursor
    /// rewinds to it. When none agrees the reorg is deeper than the history, which is fatal, unless the history reaches
    /// back to <see cref="StartBlock"/>: then nothing derived predates the reorg and indexing restarts from the start.
    /// </summary>
    public IChainIndexEvent ResolveReorg(IReadOnlyList<BlockRef?> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        if (LastIndexed is not { } last) throw new InvalidOperationException($"chain {ChainId}: nothing was indexed, so there is no reorg to resolve");
        if (observed.Count != Recent.Length)
            throw new ArgumentException($"expected the chain's block for each of the {Recent.Length} retained blocks, got {observed.Count}", nameof(observed));
        for (var i = Recent.Length - 1; i >= 0; i--)
        {
            if (observed[i] is { } block && block.Number == Recent[i].Number && block.Hash == Recent[i].Hash)
                return i == Recent.Length - 1
                    ? throw new InvalidOperationException($"chain {ChainId}: {last} is still canonical, there is no reorg to resolve")
                    : new Rewound(ChainId, Recent[i].Number, last.Number);
        }
        var oldest = Recent[0];
        if (oldest.Number == StartBlock && StartBlock > 0)
            return new Rewound(ChainId, StartBlock - 1, last.Number);
        return new ReorgBeyondHistory(ChainId, oldest.Number, last.Number,
            $"none of the {Recent.Length} retained blocks {oldest.Number}..{last.Number} is on the chain any more; the reorg is deeper than the history of {HistoryLength} blocks");
    }

    /// <summary>
    /// The block numbers whose headers <see cref="Index"/> needs for <paramref name="range"/>: its first block (to link it to the
    /// cursor), the tail that extends the retained history, and every block holding one of <paramref name="logs"/>.
    /// </summary>
    public IReadOnlyList<ulong> HeadersNeeded(BlockRange range, IReadOnlyList<Log> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var numbers = new SortedSet<ulong> { range.From, range.To };
        for (var n = TailStart(range); n <= range.To; n++) numbers.Add(n);
        foreach (var log in logs)
            if (range.Contains(log.BlockNumber)) numbers.Add(log.BlockNumber);
        return [.. numbers];
    }

    /// <summary>
    /// Turns what the chain returned for <paramref name="range"/> into a <see cref="BlocksIndexed"/> event, or reports an
    /// inconsistent view (the chain reorganised while it was read) so the poll is simply repeated.
    /// <paramref name="tipBeforeLogs"/> is the block at <c>range.To</c> read before the logs; <paramref name="headers"/> were read
    /// after them (at least <see cref="HeadersNeeded"/>). Equal tips mean the logs came from the chain the headers describe.
    /// </summary>
    /// <exception cref="InvalidDataException">The node answered outside the question (a log from another range or contract).</exception>
    public RangeOutcome Index(BlockRange range, BlockRef? tipBeforeLogs, IReadOnlyList<BlockRef?> headers, IReadOnlyList<Log> logs)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(logs);
        if (IsHalted) throw new InvalidOperationException($"chain {ChainId}: indexing halted ({HaltReason})");
        if (range.From != NextBlock) throw new ArgumentException($"chain {ChainId}: the next block to index is {NextBlock}, not {range.From}", nameof(range));

        var byNumber = new Dictionary<ulong, BlockRef>();
        foreach (var header in headers)
            if (header is not null) byNumber[header.Number] = header;
        foreach (var number in HeadersNeeded(range, logs))
            if (!byNumber.ContainsKey(number))
                return new RangeOutcome.Inconsistent($"chain {ChainId}: block {number} is missing (the chain got shorter while it was read)");

        var first = byNumber[range.From];
        if (LastIndexed is { } last && first.ParentHash != last.Hash)
            return new RangeOutcome.Inconsistent($"chain {ChainId}: block {range.From} has parent {first.ParentHash}, not the indexed {last}; the chain reorganised at the cursor");
        var tip = byNumber[range.To];
        if (tipBeforeLogs is null || tipBeforeLogs.Hash != tip.Hash)
            return new RangeOutcome.Inconsistent($"chain {ChainId}: block {range.To} changed while its logs were read");

        var tailStart = TailStart(range);
        var tail = ImmutableArray.CreateBuilder<BlockRef>((int)(range.To - tailStart + 1));
        for (var n = tailStart; n <= range.To; n++)
        {
            var block = byNumber[n];
            if (n > tailStart && block.ParentHash != byNumber[n - 1].Hash)
                return new RangeOutcome.Inconsistent($"chain {ChainId}: block {n} does not extend block {n - 1} (the chain reorganised while it was read)");
            tail.Add(block);
        }

        var decoded = new List<MailboxLog>(logs.Count);
        foreach (var log in logs.OrderBy(l => l.BlockNumber).ThenBy(l => l.LogIndex))
        {
            if (!range.Contains(log.BlockNumber))
                throw new InvalidDataException($"chain {ChainId}: the node returned a log of block {log.BlockNumber} for {range}");
            if (!Contracts.Contains(log.Address))
                throw new InvalidDataException($"chain {ChainId}: the node returned a log of {log.Address}, which is not an indexed contract");
            if (log.Removed || new Bytes32(log.BlockHash) != byNumber[log.BlockNumber].Hash)
                return new RangeOutcome.Inconsistent($"chain {ChainId}: a log of block {log.BlockNumber} belongs to another fork (the chain reorganised while it was read)");
            if (MailboxLog.Decode(log) is { } mailboxLog) decoded.Add(mailboxLog);
        }
        return new RangeOutcome.Indexed(new BlocksIndexed(ChainId, range.From, range.To, tail.MoveToImmutable(), decoded));
    }

    /// <summary>The state after <paramref name="indexEvent"/>; events must be applied in the order they were decided.</summary>
    public ChainIndexState Apply(IChainIndexEvent indexEvent)
    {
        ArgumentNullException.ThrowIfNull(indexEvent);
        if (indexEvent.ChainId != ChainId)
            throw new ArgumentException($"an event of chain {indexEvent.ChainId} cannot be applied to the cursor of chain {ChainId}", nameof(indexEvent));
        switch (indexEvent)
        {
            case BlocksIndexed indexed:
                if (indexed.From != NextBlock)
                    throw new InvalidOperationException($"chain {ChainId}: {indexed} does not start at the next block {NextBlock} (events applied out of order)");
                if (indexed.Blocks.Count == 0 || indexed.Blocks[^1].Number != indexed.To)
                    throw new InvalidOperationException($"chain {ChainId}: {indexed} does not end with the header of block {indexed.To}");
                var recent = Recent.AddRange(indexed.Blocks);
                return this with { NextBlock = indexed.To + 1, Recent = recent.Length > HistoryLength ? recent[^HistoryLength..] : recent };
            case Rewound rewound:
                if (rewound.ToBlock + 1 > NextBlock)
                    throw new InvalidOperationException($"chain {ChainId}: cannot rewind to block {rewound.ToBlock}, only blocks before {NextBlock} were indexed");
                return this with { NextBlock = rewound.ToBlock + 1, Recent = Recent.Where(b => b.Number <= rewound.ToBlock).ToImmutableArray() };
            case ReorgBeyondHistory fatal:
                return this with { HaltReason = fatal.Reason };
            default:
                throw new ArgumentException($"unknown indexer event {indexEvent.GetType().Name}", nameof(indexEvent));
        }
    }

    private ulong TailStart(BlockRange range) =>
        range.Length > (ulong)HistoryLength ? range.To - (ulong)HistoryLength + 1 : range.From;
}

/// <summary>What indexing one range produced: the event, or an inconsistent view of a chain that moved underneath.</summary>
public abstract record RangeOutcome
{
    private RangeOutcome()
    {
    }

    /// <summary>The range was read consistently.</summary>
    public sealed record Indexed(BlocksIndexed Event) : RangeOutcome;

    /// <summary>The chain changed while it was read; nothing is emitted and the next poll starts over.</summary>
    public sealed record Inconsistent(string Reason) : RangeOutcome;
}
