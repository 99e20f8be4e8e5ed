using System.Collections;
using System.Numerics;
using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>Decoded values in declaration order, readable by position or parameter name.</summary>
public sealed class AbiValues : IReadOnlyList<object?>
{
    private readonly object?[] _values;

    internal AbiValues(IReadOnlyList<AbiParameter> parameters, object?[] values)
    {
        System.Diagnostics.Debug.Assert(parameters.Count == values.Length, "one value per parameter");
        Parameters = parameters;
        _values = values;
    }

    public IReadOnlyList<AbiParameter> Parameters { get; }

    public int Count => _values.Length;

    public object? this[int index] => _values[index];

    /// <summary>The value of the parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter; the message lists the names there are.</exception>
    public object? this[string name] => _values[IndexOf(name)];

    /// <summary>The value at <paramref name="index"/> as <typeparamref name="T"/>, see <see cref="Get{T}(string)"/>.</summary>
    public T Get<T>(int index) => (T)Convert(_values[index], typeof(T), Parameters[index].Name is { Length: > 0 } n ? n : $"value {index}")!;

    /// <summary>
    /// The value as <typeparamref name="T"/>: the decoded type itself, any integer type for a BigInteger that fits,
    /// or a typed array (BigInteger[], byte[][], Address[], ...) for an array.
    /// </summary>
    /// <exception cref="InvalidCastException">The value is of another type or does not fit.</exception>
    public T Get<T>(string name) => (T)Convert(this[name], typeof(T), name)!;

    public bool TryGetValue(string name, out object? value)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (!string.Equals(Parameters[i].Name, name, StringComparison.Ordinal)) continue;
            value = _values[i];
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>A copy of the values.</summary>
    public object?[] ToArray() => (object?[])_values.Clone();

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"to: 0xAb…, amount: 5" with values formatted as cast prints them.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _values.Length; i++)
        {
            if (i > 0) builder.Append(", ");
            if (Parameters[i].Name.Length > 0) builder.Append(Parameters[i].Name).Append(": ");
            builder.Append(_values[i] is HashedTopic hashed ? hashed.ToString() : Parameters[i].Type.FormatValue(_values[i]));
        }
        return builder.ToString();
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Parameters.Count; i++)
            if (string.Equals(Parameters[i].Name, name, StringComparison.Ordinal)) return i;
        throw new KeyNotFoundException(
            $"no parameter named '{name}'; the parameters are: {string.Join(", ", Parameters.Select((p, i) => p.Name.Length > 0 ? p.Name : $"#{i}"))}");
    }

    private static object? Convert(object? value, Type target, string what)
    {
        if (value is null || target.IsInstanceOfType(value)) return value;
        if (value is BigInteger integer)
        {
            try
            {
                return target switch
                {
                    _ when target == typeof(long) => (long)integer,
                    _ when target == typeof(ulong) => (ulong)integer,
                    _ when target == typeof(int) => (int)integer,
                    _ when target == typeof(uint) => (uint)integer,
                    _ when target == typeof(short) => (short)integer,
                    _ when target == typeof(ushort) => (ushort)integer,
                    _ when target == typeof(byte) => (byte)integer,
                    _ when target == typeof(sbyte) => (sbyte)integer,
                    _ when target == typeof(Int128) => (Int128)integer,
                    _ when target == typeof(UInt128) => (UInt128)integer,
                    _ => throw new InvalidCastException($"{what} is a BigInteger, not {target.Name}"),
                };
            }
            catch (OverflowException)
            {
                throw new InvalidCastException($"{what} = {integer} does not fit in {target.Name}");
            }
        }
        if (value is object?[] items && target.IsArray && target.GetElementType() is { } elementType)
        {
            var array = Array.CreateInstance(elementType, items.Length);
            for (var i = 0; i < items.Length; i++) array.SetValue(Convert(items[i], elementType, $"{what}[{i}]"), i);
            return array;
        }
        throw new InvalidCastException($"{what} is a {value.GetType().Name}, not {target.Name}");
    }
}
