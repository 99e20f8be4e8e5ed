namespace Interop.Bridge.Indexing;

/// <summary>An event of a chain's indexer: what the ChainWatcher persists and publishes, in order.</summary>
public interface IChainIndexEvent
{
    /// <summary>The chain the event is about.</summary>
    ulong ChainId { get; }
}

/// <summary>
/// Confirmed blocks <c>From..To</c> were indexed: <see cref="Logs"/> are every tracked Mailbox log in them in chain
/// order, <see cref="Blocks"/> the tail of the range (up to the retained history) that extends the block-hash chain.
/// </summary>
public sealed record BlocksIndexed(ulong ChainId, ulong From, ulong To, IReadOnlyList<BlockRef> Blocks, IReadOnlyList<MailboxLog> Logs)
    : IChainIndexEvent
{
    public BlockRange Range => new(From, To);

    public override string ToString() => $"chain {ChainId}: indexed {Range} with {Logs.Count} log(s)";
}

/// <summary>
/// A reorg replaced blocks after <see cref="ToBlock"/>: consumers drop everything they derived from later blocks
/// (truncate trees, forget deliveries) before the replacement blocks are indexed and emitted again.
/// </summary>
public sealed record Rewound(ulong ChainId, ulong ToBlock, ulong ReplacedFrom) : IChainIndexEvent
{
    /// <summary>How many indexed blocks the reorg replaced.</summary>
    public ulong Depth => ReplacedFrom - ToBlock;

    public override string ToString() => $"chain {ChainId}: reorg replaced blocks {ToBlock + 1}..{ReplacedFrom}, rewound to block {ToBlock}";
}

/// <summary>
/// Fatal: the chain no longer contains any block of the retained history, so what was indexed cannot be reconciled.
/// The indexer stops; validators must halt and an operator must look.
/// </summary>
public sealed record ReorgBeyondHistory(ulong ChainId, ulong OldestRetained, ulong LastIndexed, string Reason) : IChainIndexEvent
{
    public override string ToString() => $"chain {ChainId}: reorg beyond the retained history ({Reason})";
}
