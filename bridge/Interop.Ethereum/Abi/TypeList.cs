namespace Interop.Ethereum.Abi;

/// <summary>The types of a sequence: the components of a tuple or parameter list, or n copies of an array's element.</summary>
internal readonly struct TypeList
{
    private readonly AbiType[]? _types;
    private readonly AbiType? _element;
    private readonly IReadOnlyList<string>? _names;
    private readonly bool _arguments;

    private TypeList(AbiType[]? types, AbiType? element, int count, int headSize, IReadOnlyList<string>? names, bool arguments)
    {
        _types = types;
        _element = element;
        Count = count;
        HeadSize = headSize;
        _names = names;
        _arguments = arguments;
    }

    public int Count { get; }

    /// <summary>Total bytes of all heads, where the first tail starts.</summary>
    public int HeadSize { get; }

    public AbiType this[int index] => _types is null ? _element! : _types[index];

    /// <summary>Components of a tuple (named in paths by component name).</summary>
    public static TypeList Components(AbiType[] types, int headSize, IReadOnlyList<string> names) =>
        new(types, null, types.Length, headSize, names, arguments: false);

    /// <summary>Top-level parameters of a function, event or error (named in paths by parameter name).</summary>
    public static TypeList Arguments(AbiType[] types, int headSize, IReadOnlyList<string>? names) =>
        new(types, null, types.Length, headSize, names, arguments: true);

    /// <summary><paramref name="count"/> elements of an array; the caller has bounded count * head size.</summary>
    public static TypeList Elements(AbiType element, int count) =>
        new(null, element, count, checked(count * element.HeadSize), null, arguments: false);

    public string Segment(int index)
    {
        if (_types is null) return AbiPath.Element(index);
        var name = _names is not null && index < _names.Count ? _names[index] : null;
        return _arguments ? AbiPath.Argument(name, index) : AbiPath.Component(name, index);
    }

    public string CountMismatch(int actual)
    {
        if (_types is null) return $"expected {Count} elements, got {actual}";
        var types = string.Join(",", _types.Select(t => t.CanonicalName));
        if (!_arguments) return $"tuple ({types}) needs {Count} values, got {actual}";
        // The classic params pitfall: one array argument passed alone is taken as the whole argument list.
        var hint = Count == 1 && actual != 1 ? "; to pass one array or tuple as the only argument, wrap it: EncodeCall([array])" : "";
        return $"expected {Count} argument{(Count == 1 ? "" : "s")} ({types}), got {actual}{hint}";
    }
}
