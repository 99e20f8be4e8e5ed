namespace Interop.Ethereum.Abi;

/// <summary>A Solidity error (revert reason type): Error(string), Panic(uint256) or a custom error.</summary>
public sealed class AbiError
{
    private readonly ParameterList _inputs;

    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = [.. inputs];
        _inputs = ParameterList.Of(Inputs);
        Signature = name + _inputs.CanonicalTypes;
        Selector = Selector.FromSignature(Signature);
    }

    /// <summary>Error(string), what require(cond, "message") and revert("message") throw; selector 0x08c379a0.</summary>
    public static AbiError ErrorString { get; } = new("Error", [new AbiParameter("message", AbiStringType.Instance)]);

    /// <summary>Panic(uint256), what failed asserts and arithmetic checks throw; selector 0x4e487b71.</summary>
    public static AbiError Panic { get; } = new("Panic", [new AbiParameter("code", AbiIntegerType.UInt256)]);

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The canonical signature, e.g. "InsufficientBalance(uint256,uint256)".</summary>
    public string Signature { get; }

    public Selector Selector { get; }

    /// <summary>Parses "error InsufficientBalance(uint256 available, uint256 required)" (the keyword is optional).</summary>
    public static AbiError Parse(string signature)
    {
        var parsed = SignatureParser.ParseSignature(signature, "error");
        return new AbiError(parsed.Name, parsed.Inputs);
    }

    /// <summary>Revert data for this error: selector + encoded arguments.</summary>
    public byte[] Encode(params ReadOnlySpan<object?> arguments)
    {
        var data = _inputs.EncodeWithPrefix(Selector.Size, arguments);
        Selector.WriteTo(data);
        return data;
    }

    /// <summary>Decodes revert data after checking its selector.</summary>
    /// <exception cref="AbiDecodingException">Another selector or malformed arguments.</exception>
    public AbiValues Decode(ReadOnlySpan<byte> revertData, AbiDecodingMode mode = AbiDecodingMode.Standard)
    {
        if (revertData.Length < Selector.Size)
            throw new AbiDecodingException(0, $"revert data of {revertData.Length} bytes is too short for a selector");
        var selector = Selector.FromBytes(revertData);
        if (selector != Selector)
            throw new AbiDecodingException(0, $"revert data selector {selector} is not {Signature} ({Selector})");
        return new AbiValues(Inputs, _inputs.Decode(revertData, Selector.Size, mode));
    }

    /// <summary>"error InsufficientBalance(uint256 available, uint256 required)".</summary>
    public override string ToString() => $"error {Name}({string.Join(", ", Inputs)})";
}
