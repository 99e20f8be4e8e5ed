using System.Globalization;
using System.Numerics;
using System.Text;
using Interop.Ethereum.Abi;

namespace Interop.Ethereum.Tests.Abi;

/// <summary>
/// Seeded generator of random ABI types (nested up to a depth) and matching values in the form the decoder returns
/// (BigInteger, Address, bool, byte[], string, object?[]), plus structural equality and cast argument syntax.
/// </summary>
internal sealed class AbiRandom(int seed, bool castSafeStrings = false)
{
    private const string CastSafeAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 é€";
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public AbiType Type(int maxDepth)
    {
        var roll = _random.Next(maxDepth > 0 ? 10 : 7);
        return roll switch
        {
            0 => AbiIntegerType.Get(8 * _random.Next(1, 33), isSigned: false),
            1 => AbiIntegerType.Get(8 * _random.Next(1, 33), isSigned: true),
            2 => AbiAddressType.Instance,
            3 => AbiBoolType.Instance,
            4 => AbiFixedBytesType.Get(_random.Next(1, 33)),
            5 => AbiBytesType.Instance,
            6 => AbiStringType.Instance,
            7 => new AbiArrayType(Type(maxDepth - 1), _random.Next(1, 4)),
            8 => new AbiArrayType(Type(maxDepth - 1)),
            _ => new AbiTupleType(Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Type(maxDepth - 1)).ToArray()),
        };
    }

    public List<AbiType> Types(int count, int maxDepth) => Enumerable.Range(0, count).Select(_ => Type(maxDepth)).ToList();

    public object Value(AbiType type) => type switch
    {
        AbiIntegerType integer => Integer(integer),
        AbiAddressType => new Address(Bytes(20)),
        AbiBoolType => _random.Next(2) == 1,
        AbiFixedBytesType fixedBytes => Bytes(fixedBytes.Size),
        AbiBytesType => Bytes(_random.Next(4) == 0 ? 0 : _random.Next(0, 80)),
        AbiStringType => Text(),
        AbiArrayType array => Enumerable.Range(0, array.Length ?? _random.Next(0, 4)).Select(_ => Value(array.ElementType)).ToArray<object?>(),
        AbiTupleType tuple => tuple.Components.Select(Value).ToArray<object?>(),
        _ => throw new NotSupportedException(type.ToString()),
    };

    public object?[] Values(IEnumerable<AbiType> types) => types.Select(Value).ToArray<object?>();

    private BigInteger Integer(AbiIntegerType type)
    {
        // Edges are where encoders go wrong: zero, the extremes, and values that need the top bit.
        switch (_random.Next(6))
        {
            case 0: return type.MinValue;
            case 1: return type.MaxValue;
            case 2: return BigInteger.Zero;
        }
        var bytes = Bytes(type.Bits / 8);
        return type.IsSigned
            ? new BigInteger(bytes, isUnsigned: false, isBigEndian: true)
            : new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Text()
    {
        var length = _random.Next(0, 40);
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            if (castSafeStrings) builder.Append(CastSafeAlphabet[_random.Next(CastSafeAlphabet.Length)]);
            else builder.Append(_random.Next(5) == 0 ? (char)_random.Next(0x80, 0xD7FF) : (char)_random.Next(0x20, 0x7F));
        }
        // cast trims whitespace around top-level arguments, so oracle strings never start or end with a space.
        return castSafeStrings ? builder.ToString().Trim() : builder.ToString();
    }

    /// <summary>Structural equality of decoded values (byte[] by content, arrays element-wise).</summary>
    public static bool DeepEquals(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
        (object?[] a, object?[] b) => a.Length == b.Length && a.Zip(b).All(p => DeepEquals(p.First, p.Second)),
        _ => Equals(expected, actual),
    };

    /// <summary>A value in cast's argument syntax; strings are quoted only inside arrays and tuples.</summary>
    public static string CastArgument(AbiType type, object? value, bool topLevel = true) => (type, value) switch
    {
        (AbiIntegerType, BigInteger integer) => integer.ToString(CultureInfo.InvariantCulture),
        (AbiAddressType, Address address) => address.ToString(),
        (AbiBoolType, bool b) => b ? "true" : "false",
        (AbiFixedBytesType or AbiBytesType, byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes),
        (AbiStringType, string text) => topLevel ? text : $"\"{text}\"",
        (AbiArrayType array, object?[] items) => "[" + string.Join(",", items.Select(i => CastArgument(array.ElementType, i, false))) + "]",
        (AbiTupleType tuple, object?[] items) => "(" + string.Join(",", tuple.Components.Zip(items).Select(p => CastArgument(p.First, p.Second, false))) + ")",
        _ => throw new NotSupportedException($"{type} {value}"),
    };
}
