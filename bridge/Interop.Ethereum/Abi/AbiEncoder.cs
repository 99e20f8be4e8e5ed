namespace Interop.Ethereum.Abi;

/// <summary>abi.encode and abi.encodePacked of parameter lists (no selector; see <see cref="AbiFunction.EncodeCall"/>).</summary>
public static class AbiEncoder
{
    /// <summary>Standard (strict, canonical) head/tail encoding of <paramref name="values"/>, like Solidity's abi.encode.</summary>
    /// <exception cref="AbiEncodingException">A value does not fit its type; the message names which one.</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, params ReadOnlySpan<object?> values) =>
        new ParameterList(types).EncodeWithPrefix(0, values);

    /// <summary>Like <see cref="Encode(IReadOnlyList{AbiType}, ReadOnlySpan{object?})"/> with types given as "address,uint256[]".</summary>
    public static byte[] Encode(string types, params ReadOnlySpan<object?> values) => Encode(AbiType.ParseList(types), values);

    /// <summary>Bytes that <see cref="EncodeTo"/> will write.</summary>
    public static int GetEncodedSize(IReadOnlyList<AbiType> types, ReadOnlySpan<object?> values) =>
        new ParameterList(types).GetEncodedSize(values);

    /// <summary>Encodes into <paramref name="destination"/> (at least <see cref="GetEncodedSize"/> bytes); returns bytes written.</summary>
    public static int EncodeTo(IReadOnlyList<AbiType> types, ReadOnlySpan<object?> values, Span<byte> destination)
    {
        var list = new ParameterList(types);
        var size = list.GetEncodedSize(values);
        if (destination.Length < size)
            throw new ArgumentException($"destination holds {destination.Length} bytes, the encoding needs {size}", nameof(destination));
        return list.Encode(values, destination);
    }

    /// <summary>
    /// Non-standard packed encoding (abi.encodePacked): value types at their natural width, bytes and strings
    /// without length or padding, arrays of value types with each element padded to 32 bytes. Tuples, nested arrays
    /// and arrays of dynamic types are not supported (as in Solidity). Packed output is ambiguous and cannot be decoded.
    /// </summary>
    public static byte[] EncodePacked(IReadOnlyList<AbiType> types, params ReadOnlySpan<object?> values) =>
        new ParameterList(types).EncodePacked(values);

    /// <summary>Like <see cref="EncodePacked(IReadOnlyList{AbiType}, ReadOnlySpan{object?})"/> with types given as text.</summary>
    public static byte[] EncodePacked(string types, params ReadOnlySpan<object?> values) => EncodePacked(AbiType.ParseList(types), values);
}
