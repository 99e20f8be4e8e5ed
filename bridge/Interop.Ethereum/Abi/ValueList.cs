using System.Collections;
using System.Runtime.CompilerServices;

namespace Interop.Ethereum.Abi;

/// <summary>
/// Uniform indexed access to the values of an array or tuple, whatever collection the caller used (an object?[],
/// any T[] or List&lt;T&gt;, an IReadOnlyList&lt;object?&gt;, a ValueTuple, or the argument span itself), without copying.
/// </summary>
internal readonly ref struct ValueList
{
    private readonly ReadOnlySpan<object?> _span;
    private readonly IList? _list;
    private readonly IReadOnlyList<object?>? _readOnly;
    private readonly ITuple? _tuple;
    private readonly int _kind;

    private ValueList(ReadOnlySpan<object?> span, IList? list, IReadOnlyList<object?>? readOnly, ITuple? tuple, int kind, int count)
    {
        _span = span;
        _list = list;
        _readOnly = readOnly;
        _tuple = tuple;
        _kind = kind;
        Count = count;
    }

    public int Count { get; }

    public object? this[int index] => _kind switch
    {
        0 => _span[index],
        1 => _list![index],
        2 => _readOnly![index],
        _ => _tuple![index],
    };

    public static ValueList Of(ReadOnlySpan<object?> values) => new(values, null, null, null, 0, values.Length);

    /// <summary>Wraps <paramref name="value"/> or throws naming what was expected.</summary>
    public static ValueList Of(object? value, AbiType type)
    {
        switch (value)
        {
            case object?[] array: return new ValueList(array, null, null, null, 0, array.Length);
            case IList list: return new ValueList(default, list, null, null, 1, list.Count);
            case IReadOnlyList<object?> readOnly: return new ValueList(default, null, readOnly, null, 2, readOnly.Count);
            case ITuple tuple: return new ValueList(default, null, null, tuple, 3, tuple.Length);
            default:
                throw new AbiEncodingException(
                    $"{type} needs an array, list or tuple of values, got {AbiValueConversion.Describe(value)}");
        }
    }
}
