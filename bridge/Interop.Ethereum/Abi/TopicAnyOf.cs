namespace Interop.Ethereum.Abi;

/// <summary>In a topic filter, matches a log whose indexed parameter equals any of <see cref="Values"/> (an OR).</summary>
public sealed class TopicAnyOf
{
    public TopicAnyOf(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0) throw new ArgumentException("give at least one value; pass null to match any value", nameof(values));
        Values = [.. values];
    }

    public IReadOnlyList<object?> Values { get; }
}
