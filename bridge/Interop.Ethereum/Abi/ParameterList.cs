namespace Interop.Ethereum.Abi;

/// <summary>
/// A top-level parameter list with its head size worked out once, so encoding a call does no per-call set-up
/// beyond sizing and writing the values.
/// </summary>
internal sealed class ParameterList
{
    private readonly AbiType[] _types;
    private readonly string[] _names;
    private readonly int _headSize;

    public ParameterList(IEnumerable<AbiType> types, IEnumerable<string>? names = null)
    {
        _types = [.. types];
        _names = names is null ? [.. _types.Select(_ => "")] : [.. names];
        _headSize = AbiSequence.CheckSize(_types.Sum(t => (long)t.HeadSize));
    }

    public static ParameterList Of(IReadOnlyList<AbiParameter> parameters) =>
        new(parameters.Select(p => p.Type), parameters.Select(p => p.Name));

    public IReadOnlyList<AbiType> Types => _types;

    public int Count => _types.Length;

    /// <summary>"(address,uint256)" as used in signatures.</summary>
    public string CanonicalTypes => "(" + string.Join(",", _types.Select(t => t.CanonicalName)) + ")";

    private TypeList List => TypeList.Arguments(_types, _headSize, _names);

    public int GetEncodedSize(ReadOnlySpan<object?> values) => AbiSequence.GetEncodedSize(List, ValueList.Of(values));

    public int Encode(ReadOnlySpan<object?> values, Span<byte> destination) =>
        AbiSequence.Encode(List, ValueList.Of(values), destination);

    /// <summary>Encodes with <paramref name="prefixLength"/> bytes reserved in front (for a selector or bytecode).</summary>
    public byte[] EncodeWithPrefix(int prefixLength, ReadOnlySpan<object?> values)
    {
        var size = GetEncodedSize(values);
        var result = new byte[AbiSequence.CheckSize((long)prefixLength + size)];
        var written = Encode(values, result.AsSpan(prefixLength));
        System.Diagnostics.Debug.Assert(written == size, "the size pass and the write pass must agree");
        return result;
    }

    /// <summary>Decodes the list whose head starts at <paramref name="basePosition"/> in <paramref name="data"/>.</summary>
    public object?[] Decode(ReadOnlySpan<byte> data, int basePosition, AbiDecodingMode mode)
    {
        var reader = new AbiReader(data, mode);
        var values = AbiSequence.Decode(ref reader, List, basePosition, out var end);
        if (reader.Strict && end != data.Length)
            throw new AbiDecodingException(end, $"{data.Length - end} bytes of trailing data after the encoded values (strict mode)");
        return values;
    }

    public byte[] EncodePacked(ReadOnlySpan<object?> values)
    {
        if (values.Length != _types.Length)
            throw new AbiEncodingException(List.CountMismatch(values.Length));
        long size = 0;
        for (var i = 0; i < _types.Length; i++)
        {
            try
            {
                size += _types[i].GetPackedSize(values[i]);
            }
            catch (AbiEncodingException e) when (e.AddOuterSegment(List.Segment(i)))
            {
                throw;
            }
        }
        var result = new byte[AbiSequence.CheckSize(size)];
        var written = 0;
        for (var i = 0; i < _types.Length; i++)
        {
            try
            {
                written += _types[i].EncodePacked(values[i], result.AsSpan(written));
            }
            catch (AbiEncodingException e) when (e.AddOuterSegment(List.Segment(i)))
            {
                throw;
            }
        }
        return result;
    }
}
