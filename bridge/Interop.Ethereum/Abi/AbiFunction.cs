namespace Interop.Ethereum.Abi;

/// <summary>A contract function: encodes calls (selector + arguments) and decodes calldata and return data.</summary>
public sealed class AbiFunction
{
    private readonly ParameterList _inputs;
    private readonly ParameterList _outputs;

    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter>? outputs = null,
        StateMutability stateMutability = StateMutability.NonPayable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = [.. inputs];
        Outputs = outputs is null ? [] : [.. outputs];
        StateMutability = stateMutability;
        _inputs = ParameterList.Of(Inputs);
        _outputs = ParameterList.Of(Outputs);
        Signature = name + _inputs.CanonicalTypes;
        Selector = Selector.FromSignature(Signature);
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public IReadOnlyList<AbiParameter> Outputs { get; }

    public StateMutability StateMutability { get; }

    /// <summary>The canonical signature hashed into the selector, e.g. "transfer(address,uint256)".</summary>
    public string Signature { get; }

    /// <summary>First 4 bytes of keccak256(<see cref="Signature"/>).</summary>
    public Selector Selector { get; }

    /// <summary>
    /// Parses "transfer(address,uint256)", "function balanceOf(address owner) view returns (uint256)" or cast's
    /// "balanceOf(address)(uint256)".
    /// </summary>
    /// <exception cref="FormatException">Names the position and what is malformed.</exception>
    public static AbiFunction Parse(string signature)
    {
        var parsed = SignatureParser.ParseSignature(signature, "function");
        return new AbiFunction(parsed.Name, parsed.Inputs, parsed.Outputs, parsed.StateMutability);
    }

    /// <summary>Calldata: the selector followed by the encoded arguments, in one allocation.</summary>
    /// <remarks>As with any params method, one array passed alone is the argument list: write EncodeCall([items]).</remarks>
    /// <exception cref="AbiEncodingException">An argument does not fit its type; the message names which one.</exception>
    public byte[] EncodeCall(params ReadOnlySpan<object?> arguments)
    {
        var calldata = _inputs.EncodeWithPrefix(Selector.Size, arguments);
        Selector.WriteTo(calldata);
        return calldata;
    }

    /// <summary>Decodes calldata after checking that it starts with this function's selector.</summary>
    /// <exception cref="AbiDecodingException">Another selector, or malformed arguments (positions count the selector).</exception>
    public AbiValues DecodeInput(ReadOnlySpan<byte> calldata, AbiDecodingMode mode = AbiDecodingMode.Standard)
    {
        if (calldata.Length < Selector.Size)
            throw new AbiDecodingException(0, $"calldata of {calldata.Length} bytes is too short for a selector");
        var selector = Selector.FromBytes(calldata);
        if (selector != Selector)
            throw new AbiDecodingException(0, $"calldata selector {selector} is not {Signature} ({Selector})");
        return new AbiValues(Inputs, _inputs.Decode(calldata, Selector.Size, mode));
    }

    /// <summary>Decodes return data.</summary>
    /// <exception cref="AbiDecodingException">Malformed data; empty data is reported as such (typically: no code at the address).</exception>
    public AbiValues DecodeOutput(ReadOnlySpan<byte> data, AbiDecodingMode mode = AbiDecodingMode.Standard)
    {
        if (data.IsEmpty && Outputs.Count > 0)
            throw new AbiDecodingException(0, $"{Signature} returned no data, expected {_outputs.CanonicalTypes}: is there a contract at the address?");
        return new AbiValues(Outputs, _outputs.Decode(data, 0, mode));
    }

    /// <summary>Encodes return values (what the contract would return), e.g. for mocks and tests.</summary>
    public byte[] EncodeOutput(params ReadOnlySpan<object?> values) => _outputs.EncodeWithPrefix(0, values);

    /// <summary>"function transfer(address to, uint256 amount) returns (bool)".</summary>
    public override string ToString()
    {
        var text = $"function {Name}({string.Join(", ", Inputs)})";
        if (StateMutability != StateMutability.NonPayable) text += " " + StateMutability.ToString().ToLowerInvariant();
        return Outputs.Count == 0 ? text : $"{text} returns ({string.Join(", ", Outputs)})";
    }
}
