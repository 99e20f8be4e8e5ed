namespace Interop.Ethereum.Abi;

/// <summary>
/// ABI-encoded data is malformed: truncated, an offset or length points outside the data, a value has dirty high
/// bits, or (in strict mode) padding or layout is not canonical. Names the byte position and the problem.
/// </summary>
public sealed class AbiDecodingException : Exception
{
    private readonly List<string> _segments = [];

    public AbiDecodingException(int position, string problem) : base(problem)
    {
        Position = position;
        Problem = problem;
    }

    /// <summary>
    /// Byte position in the decoded buffer (for calldata, counted from the selector's first byte); -1 when the problem
    /// is not in a buffer (an event's topics).
    /// </summary>
    public int Position { get; }

    /// <summary>What is wrong, without its location.</summary>
    public string Problem { get; }

    /// <summary>Which value was being decoded, e.g. <c>orders[2].amount</c>; empty at the top level.</summary>
    public string Path => AbiPath.Join(_segments);

    public override string Message => (Position >= 0, _segments.Count > 0) switch
    {
        (true, true) => $"{Problem} (at byte {Position}, decoding {Path})",
        (true, false) => $"{Problem} (at byte {Position})",
        (false, true) => $"{Problem} (decoding {Path})",
        _ => Problem,
    };

    /// <summary>Records an enclosing location; returns false so it can run inside an exception filter.</summary>
    internal bool AddOuterSegment(string segment)
    {
        _segments.Add(segment);
        return false;
    }
}
