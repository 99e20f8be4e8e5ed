namespace Interop.Ethereum.Abi;

/// <summary>abi.decode of parameter lists, bounds-checked so hostile data fails with an <see cref="AbiDecodingException"/>.</summary>
public static class AbiDecoder
{
    /// <summary>
    /// Decodes <paramref name="data"/> as values of <paramref name="types"/>: BigInteger, Address, bool, byte[],
    /// string, and object?[] for arrays and tuples.
    /// </summary>
    /// <exception cref="AbiDecodingException">The data is malformed; the message names the byte position and problem.</exception>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, AbiDecodingMode mode = AbiDecodingMode.Standard) =>
        new ParameterList(types).Decode(data, 0, mode);

    /// <summary>Like <see cref="Decode(IReadOnlyList{AbiType}, ReadOnlySpan{byte}, AbiDecodingMode)"/> with types given as "address,uint256[]".</summary>
    public static object?[] Decode(string types, ReadOnlySpan<byte> data, AbiDecodingMode mode = AbiDecodingMode.Standard) =>
        Decode(AbiType.ParseList(types), data, mode);
}
