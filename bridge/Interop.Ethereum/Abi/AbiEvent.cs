using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Abi;

/// <summary>
/// A contract event: decodes logs (indexed parameters from topics, the rest from data), encodes them, and builds
/// eth_getLogs topic filters.
/// </summary>
public sealed class AbiEvent
{
    private readonly byte[] _topic0;
    private readonly AbiParameter[] _dataParameters;
    private readonly ParameterList _data;

    public AbiEvent(string name, IReadOnlyList<AbiParameter> parameters, bool anonymous = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        Parameters = [.. parameters];
        Anonymous = anonymous;
        IndexedParameters = [.. Parameters.Where(p => p.Indexed)];
        // The EVM's LOG4 is the widest: four topics, one of which is topic0 unless the event is anonymous.
        var maxIndexed = anonymous ? 4 : 3;
        if (IndexedParameters.Count > maxIndexed)
            throw new ArgumentException($"event {name} has {IndexedParameters.Count} indexed parameters; at most {maxIndexed} fit in a log", nameof(parameters));
        _dataParameters = [.. Parameters.Where(p => !p.Indexed)];
        _data = ParameterList.Of(_dataParameters);
        Signature = name + ParameterList.Of(Parameters).CanonicalTypes;
        _topic0 = Keccak256.HashUtf8(Signature);
    }

    public string Name { get; }

    /// <summary>All parameters in declaration order.</summary>
    public IReadOnlyList<AbiParameter> Parameters { get; }

    /// <summary>The indexed parameters, in the order of their topics.</summary>
    public IReadOnlyList<AbiParameter> IndexedParameters { get; }

    /// <summary>Anonymous events have no topic0, so they cannot be recognised by signature.</summary>
    public bool Anonymous { get; }

    /// <summary>The canonical signature, e.g. "Transfer(address,address,uint256)".</summary>
    public string Signature { get; }

    /// <summary>keccak256(<see cref="Signature"/>), the first topic of every non-anonymous log of this event.</summary>
    public ReadOnlySpan<byte> Topic0 => _topic0;

    /// <summary>Parses "event Transfer(address indexed from, address indexed to, uint256 value) [anonymous]".</summary>
    public static AbiEvent Parse(string signature)
    {
        var parsed = SignatureParser.ParseSignature(signature, "event");
        return new AbiEvent(parsed.Name, parsed.Inputs, parsed.Anonymous);
    }

    /// <summary>True when the topics have this event's topic0 (if not anonymous) and the right count.</summary>
    public bool Matches(IReadOnlyList<byte[]> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count != TopicCount) return false;
        return Anonymous || topics[0].AsSpan().SequenceEqual(_topic0);
    }

    /// <summary>
    /// Decodes a log into all parameters in declaration order. Indexed value types come from their topics; indexed
    /// strings, bytes, arrays and tuples are only a hash there and decode as a <see cref="HashedTopic"/>.
    /// </summary>
    /// <exception cref="AbiDecodingException">Wrong topic0 or topic count, a dirty topic, or malformed data.</exception>
    public AbiValues DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data, AbiDecodingMode mode = AbiDecodingMode.Standard)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (!Anonymous && (topics.Count == 0 || !topics[0].AsSpan().SequenceEqual(_topic0)))
            throw new AbiDecodingException(-1, topics.Count == 0
                ? $"log has no topics, expected topic0 of {Signature} ({Hex.Encode(_topic0)})"
                : $"log topic0 {Hex.Encode(topics[0])} is not {Signature} ({Hex.Encode(_topic0)})");
        if (topics.Count != TopicCount)
            throw new AbiDecodingException(-1,
                $"log has {topics.Count} topics but {Signature} with {IndexedParameters.Count} indexed parameters has {TopicCount}; is the indexed layout different (e.g. ERC-20 vs ERC-721 Transfer)?");

        var nonIndexed = _data.Decode(data, 0, mode);
        var values = new object?[Parameters.Count];
        var topic = Anonymous ? 0 : 1;
        var dataIndex = 0;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var parameter = Parameters[i];
            if (!parameter.Indexed)
            {
                values[i] = nonIndexed[dataIndex++];
                continue;
            }
            values[i] = DecodeTopic(parameter, topics[topic], topic);
            topic++;
        }
        return new AbiValues(Parameters, values);
    }

    /// <summary>Decodes a log given as the hex strings JSON-RPC returns.</summary>
    public AbiValues DecodeLog(IReadOnlyList<string> topics, string data, AbiDecodingMode mode = AbiDecodingMode.Standard) =>
        DecodeLog([.. topics.Select(t => Hex.DecodeFixed(t, 32, "topic"))], Hex.Decode(data), mode);

    /// <summary>The topics and data a contract would emit for these values (all parameters, in declaration order).</summary>
    public (IReadOnlyList<byte[]> Topics, byte[] Data) EncodeLog(params ReadOnlySpan<object?> values)
    {
        if (values.Length != Parameters.Count)
            throw new AbiEncodingException($"{Signature} has {Parameters.Count} parameters, got {values.Length} values");
        var topics = new List<byte[]>(TopicCount);
        if (!Anonymous) topics.Add([.. _topic0]);
        var dataValues = new object?[_dataParameters.Length];
        var dataIndex = 0;
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Indexed) topics.Add(EncodeTopic(Parameters[i], values[i], i));
            else dataValues[dataIndex++] = values[i];
        }
        return (topics, _data.EncodeWithPrefix(0, dataValues));
    }

    /// <summary>
    /// Topics for an eth_getLogs filter: topic0 (unless anonymous), then one entry per indexed parameter in order.
    /// Give null to match any value, a <see cref="TopicAnyOf"/> to match one of several; trailing ones may be left
    /// out. Each entry is null (any) or the alternatives; trailing wildcards are dropped, as nodes expect.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<byte[]>?> EncodeTopicFilter(params ReadOnlySpan<object?> indexedValues)
    {
        if (indexedValues.Length > IndexedParameters.Count)
            throw new AbiEncodingException($"{Signature} has {IndexedParameters.Count} indexed parameters, got {indexedValues.Length} filter values");
        var filter = new List<IReadOnlyList<byte[]>?>();
        if (!Anonymous) filter.Add([[.. _topic0]]);
        for (var i = 0; i < indexedValues.Length; i++)
        {
            var parameter = IndexedParameters[i];
            filter.Add(indexedValues[i] switch
            {
                null => null,
                TopicAnyOf anyOf => [.. anyOf.Values.Select(v => EncodeTopic(parameter, v, i))],
                var value => [EncodeTopic(parameter, value, i)],
            });
        }
        while (filter.Count > 0 && filter[^1] is null) filter.RemoveAt(filter.Count - 1);
        return filter;
    }

    /// <summary>"event Transfer(address indexed from, address indexed to, uint256 value)".</summary>
    public override string ToString() => $"event {Name}({string.Join(", ", Parameters)}){(Anonymous ? " anonymous" : "")}";

    private int TopicCount => IndexedParameters.Count + (Anonymous ? 0 : 1);

    private static object DecodeTopic(AbiParameter parameter, byte[] topic, int topicIndex)
    {
        if (topic is not { Length: 32 })
            throw new AbiDecodingException(-1, $"topic {topicIndex} ({parameter.Name}) is {topic?.Length ?? 0} bytes, not 32");
        if (!parameter.Type.IsWord) return new HashedTopic(parameter.Type, topic);
        try
        {
            return parameter.Type.DecodeWord(topic, 0);
        }
        catch (AbiDecodingException e)
        {
            throw new AbiDecodingException(-1, $"topic {topicIndex} ({parameter}): {e.Problem}");
        }
    }

    private static byte[] EncodeTopic(AbiParameter parameter, object? value, int index)
    {
        try
        {
            return parameter.Type.EncodeTopic(value);
        }
        catch (AbiEncodingException e) when (e.AddOuterSegment(AbiPath.Argument(parameter.Name, index)))
        {
            throw;
        }
    }
}
