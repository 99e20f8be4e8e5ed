namespace Interop.Bridge.Indexing;

/// <summary>How one chain is polled: confirmation depth and how many blocks one log query may span.</summary>
public sealed record ChainIndexerOptions
{
    /// <summary>Only blocks at or below <c>head - ConfirmationDepth</c> are indexed (0 indexes the head itself).</summary>
    public ulong ConfirmationDepth { get; init; }

    /// <summary>At most this many blocks per eth_getLogs (providers cap ranges; a catching-up node polls again).</summary>
    public ulong MaxBlockSpan { get; init; } = 1000;

    /// <summary>Throws when a value would make polling impossible.</summary>
    public void Validate()
    {
        if (MaxBlockSpan == 0) throw new ArgumentOutOfRangeException(nameof(MaxBlockSpan), MaxBlockSpan, "MaxBlockSpan must be at least 1 block");
    }
}
