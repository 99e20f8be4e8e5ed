namespace Interop.Ethereum.Transactions;

/// <summary>The EIP-2718 transaction type; legacy transactions have no type byte on the wire.</summary>
public enum TransactionType : byte
{
    /// <summary>Pre-EIP-2718 transaction, optionally EIP-155 replay protected.</summary>
    Legacy = 0x00,

    /// <summary>EIP-2930: a chain id and an access list, with a legacy gas price.</summary>
    AccessList = 0x01,

    /// <summary>EIP-1559: a max fee and a max priority fee instead of a gas price.</summary>
    DynamicFee = 0x02,
}
