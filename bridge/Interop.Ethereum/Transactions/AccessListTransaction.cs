using System.Numerics;
using System.Text;
using Interop.Ethereum.Rlp;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Transactions;

/// <summary>An EIP-2930 (type 1) transaction: a legacy gas price plus a chain id and an access list; v is the y parity.</summary>
public sealed record AccessListTransaction : Transaction
{
    public required ulong ChainId { get; init; }

    /// <summary>Wei per unit of gas.</summary>
    public required BigInteger GasPrice
    {
        get;
        init => field = CheckUInt256(value, nameof(GasPrice));
    }

    /// <summary>Addresses and storage keys to pre-warm.</summary>
    public AccessList AccessList
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(AccessList));
    } = AccessList.Empty;

    public override TransactionType Type => TransactionType.AccessList;

    protected override bool PrintMembers(StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", ChainId = ").Append(ChainId)
            .Append(", GasPrice = ").Append(GasPrice)
            .Append(", AccessList = ").Append(AccessList);
        return true;
    }

    private protected override RlpItem[] SigningFields() =>
    [
        RlpString.FromUInt64(ChainId), RlpString.FromUInt64(Nonce), RlpString.FromBigInteger(GasPrice), RlpString.FromUInt64(GasLimit),
        .. CommonTail(), AccessList.ToRlp(),
    ];

    private protected override RlpItem[] SignedFields(EcdsaSignature signature) =>
        [.. SigningFields(), RlpString.FromUInt64(signature.RecoveryId), .. SignatureScalars(signature)];

    internal override BigInteger GetV(byte recoveryId) => recoveryId;

    /// <summary>Reads [chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, yParity, r, s].</summary>
    internal static SignedTransaction DecodeSigned(RlpList fields)
    {
        fields.RequireCount(11, "EIP-2930 transaction");
        var transaction = new AccessListTransaction
        {
            ChainId = fields[0].AsString("chainId").ToUInt64("chainId"),
            Nonce = fields[1].AsString("nonce").ToUInt64("nonce"),
            GasPrice = TransactionDecoding.ReadUInt256(fields[2], "gasPrice"),
            GasLimit = fields[3].AsString("gasLimit").ToUInt64("gasLimit"),
            To = TransactionDecoding.ReadTo(fields[4]),
            Value = TransactionDecoding.ReadUInt256(fields[5], "value"),
            Data = fields[6].AsString("data").ToArray(),
            AccessList = AccessList.FromRlp(fields[7]),
        };
        return new SignedTransaction(transaction, TransactionDecoding.ReadSignature(TransactionDecoding.ReadYParity(fields[8]), fields[9], fields[10]));
    }
}
