namespace Interop.Ethereum.Abi;

/// <summary>A value does not fit the ABI type it is encoded as; <see cref="Path"/> names the offending value.</summary>
public sealed class AbiEncodingException : Exception
{
    // Filled innermost-first by exception filters while the stack is searched (see AddOuterSegment), so the hot
    // path pays nothing for path tracking and no frame has to catch and rethrow.
    private readonly List<string> _segments = [];

    public AbiEncodingException(string problem) : base(problem) => Problem = problem;

    /// <summary>What is wrong with the value, without its location.</summary>
    public string Problem { get; }

    /// <summary>Where the value sits in the arguments, e.g. <c>orders[2].amount</c>; empty at the top level.</summary>
    public string Path => AbiPath.Join(_segments);

    public override string Message => _segments.Count == 0 ? Problem : $"{Path}: {Problem}";

    /// <summary>Records an enclosing location; returns false so it can run inside an exception filter.</summary>
    internal bool AddOuterSegment(string segment)
    {
        _segments.Add(segment);
        return false;
    }
}
