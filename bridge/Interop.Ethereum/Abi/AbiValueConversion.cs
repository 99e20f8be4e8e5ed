using System.Numerics;

namespace Interop.Ethereum.Abi;

/// <summary>Turns the C# values callers pass into the primitives the encoders write, with errors naming the type.</summary>
internal static class AbiValueConversion
{
    /// <summary>Any built-in integer as a <see cref="BigInteger"/> (a struct: no allocation).</summary>
    public static BigInteger ToInteger(object? value, AbiType type) => value switch
    {
        BigInteger b => b,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        short s => s,
        ushort us => us,
        byte by => by,
        sbyte sb => sb,
        Int128 i128 => i128,
        UInt128 u128 => u128,
        _ => throw new AbiEncodingException($"{type} needs an integer (BigInteger, long, int, ...), got {Describe(value)}"),
    };

    /// <summary>The bytes of a byte[], ReadOnlyMemory&lt;byte&gt;, Memory&lt;byte&gt; or ArraySegment&lt;byte&gt;.</summary>
    public static ReadOnlySpan<byte> ToBytes(object? value, AbiType type) => value switch
    {
        byte[] array => array,
        ReadOnlyMemory<byte> memory => memory.Span,
        Memory<byte> memory => memory.Span,
        ArraySegment<byte> segment => segment,
        _ => throw new AbiEncodingException($"{type} needs bytes (byte[] or ReadOnlyMemory<byte>), got {Describe(value)}"),
    };

    public static string Describe(object? value) => value is null ? "null" : value.GetType().Name;
}
