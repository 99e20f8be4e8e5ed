using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>A tuple (T1,T2,...), the ABI form of a struct; values are any array, list or ValueTuple, decoded as object?[].</summary>
public sealed class AbiTupleType : AbiType
{
    private readonly AbiType[] _components;
    private readonly string[] _names;
    private readonly int _headSize;

    /// <summary>A tuple of <paramref name="components"/>, optionally with their names (used in paths and formatted output).</summary>
    /// <exception cref="ArgumentException">No components, names of another count, or nesting too deep.</exception>
    public AbiTupleType(IReadOnlyList<AbiType> components, IReadOnlyList<string>? names = null)
        : base(Name(components), components.Any(c => c.IsDynamic), StaticSizeOf(components), Nest(components))
    {
        if (names is not null && names.Count != components.Count)
            throw new ArgumentException($"{names.Count} names for {components.Count} components", nameof(names));
        _components = [.. components];
        _names = names is null ? Enumerable.Repeat("", _components.Length).ToArray() : [.. names];
        // Wrapped so a caller cannot cast the lists back to arrays and change a shared type.
        Components = Array.AsReadOnly(_components);
        ComponentNames = Array.AsReadOnly(_names);
        var headSize = _components.Sum(c => (long)c.HeadSize);
        _headSize = headSize <= Array.MaxLength / 2
            ? (int)headSize
            : throw new ArgumentException($"tuple head would take {headSize} bytes, too large", nameof(components));
    }

    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>Component names from a JSON ABI or signature; empty strings where unnamed.</summary>
    public IReadOnlyList<string> ComponentNames { get; }

    internal override int GetEncodedSize(object? value) =>
        IsDynamic ? AbiSequence.GetEncodedSize(Types, ValueList.Of(value, this)) : StaticSize;

    internal override int Encode(object? value, Span<byte> destination) =>
        AbiSequence.Encode(Types, ValueList.Of(value, this), destination);

    internal override object Decode(ref AbiReader reader, int position, out int end) =>
        AbiSequence.Decode(ref reader, Types, position, out end);

    internal override int GetInPlaceSize(object? value)
    {
        var values = Values(value);
        long size = 0;
        for (var i = 0; i < _components.Length; i++) size += _components[i].GetInPlaceSize(values[i]);
        return AbiSequence.CheckSize(size);
    }

    internal override int EncodeInPlace(object? value, Span<byte> destination)
    {
        var values = Values(value);
        var written = 0;
        for (var i = 0; i < _components.Length; i++) written += _components[i].EncodeInPlace(values[i], destination[written..]);
        return written;
    }

    internal override void Format(object? value, StringBuilder builder)
    {
        var values = Values(value);
        builder.Append('(');
        for (var i = 0; i < _components.Length; i++)
        {
            if (i > 0) builder.Append(", ");
            _components[i].Format(values[i], builder);
        }
        builder.Append(')');
    }

    private TypeList Types => TypeList.Components(_components, _headSize, _names);

    private ValueList Values(object? value)
    {
        var values = ValueList.Of(value, this);
        if (values.Count != _components.Length)
            throw new AbiEncodingException(Types.CountMismatch(values.Count));
        return values;
    }

    private static string Name(IReadOnlyList<AbiType> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        // An empty tuple encodes to nothing, so an array of them could claim any length for free.
        if (components.Count == 0) throw new ArgumentException("a tuple needs at least one component", nameof(components));
        return "(" + string.Join(",", components.Select(c => c.CanonicalName)) + ")";
    }

    private static int StaticSizeOf(IReadOnlyList<AbiType> components)
    {
        if (components.Any(c => c.IsDynamic)) return 0;
        var size = components.Sum(c => (long)c.StaticSize);
        return size <= Array.MaxLength / 2 ? (int)size : 0; // too large: the constructor body reports it via the head size

    }

    private static int Nest(IReadOnlyList<AbiType> components)
    {
        var depth = components.Max(c => c.Depth) + 1;
        return depth <= MaxDepth ? depth : throw new ArgumentException($"type nests deeper than {MaxDepth} levels", nameof(components));
    }
}
