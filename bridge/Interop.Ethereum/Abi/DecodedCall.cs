namespace Interop.Ethereum.Abi;

/// <summary>Calldata recognised by a <see cref="ContractAbi"/>: which function, and its arguments.</summary>
public sealed record DecodedCall(AbiFunction Function, AbiValues Arguments)
{
    /// <summary>"transfer(to: 0x…, amount: 5)".</summary>
    public override string ToString() => $"{Function.Name}({Arguments})";
}
