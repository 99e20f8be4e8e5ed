namespace Interop.Ethereum.Abi;

/// <summary>A function's stateMutability from the ABI.</summary>
public enum StateMutability
{
    NonPayable,
    Payable,
    View,
    Pure,
}
