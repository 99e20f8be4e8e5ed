namespace Interop.Ethereum.Abi;

/// <summary>The parts of a parsed human-readable signature.</summary>
internal sealed record ParsedSignature(
    string Name,
    IReadOnlyList<AbiParameter> Inputs,
    IReadOnlyList<AbiParameter> Outputs,
    StateMutability StateMutability,
    bool Anonymous);
