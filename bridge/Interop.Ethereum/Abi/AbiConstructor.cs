namespace Interop.Ethereum.Abi;

/// <summary>A contract constructor: deployment data is the creation bytecode followed by the encoded arguments.</summary>
public sealed class AbiConstructor
{
    private readonly ParameterList _inputs;

    public AbiConstructor(IReadOnlyList<AbiParameter> inputs, StateMutability stateMutability = StateMutability.NonPayable)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Inputs = [.. inputs];
        StateMutability = stateMutability;
        _inputs = ParameterList.Of(Inputs);
    }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public StateMutability StateMutability { get; }

    /// <summary>Creation bytecode + encoded constructor arguments, in one allocation.</summary>
    public byte[] EncodeDeployment(ReadOnlySpan<byte> bytecode, params ReadOnlySpan<object?> arguments)
    {
        var data = _inputs.EncodeWithPrefix(bytecode.Length, arguments);
        bytecode.CopyTo(data);
        return data;
    }

    /// <summary>Decodes the constructor arguments at the end of deployment data, given the bytecode length.</summary>
    public AbiValues DecodeArguments(ReadOnlySpan<byte> deploymentData, int bytecodeLength, AbiDecodingMode mode = AbiDecodingMode.Standard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytecodeLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytecodeLength, deploymentData.Length);
        return new AbiValues(Inputs, _inputs.Decode(deploymentData[bytecodeLength..], 0, mode));
    }

    public override string ToString() => $"constructor({string.Join(", ", Inputs)})";
}
