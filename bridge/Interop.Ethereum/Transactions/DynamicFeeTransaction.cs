using System.Numerics;
using System.Text;
using Interop.Ethereum.Rlp;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Transactions;

/// <summary>An EIP-1559 (type 2) transaction: a max fee and a max priority fee per gas, an access list; v is the y parity.</summary>
public sealed record DynamicFeeTransaction : Transaction
{
    public required ulong ChainId { get; init; }

    /// <summary>The most wei per gas paid to the block producer on top of the base fee.</summary>
    public required BigInteger MaxPriorityFeePerGas
    {
        get;
        init => field = CheckUInt256(value, nameof(MaxPriorityFeePerGas));
    }

    /// <summary>The most wei per gas paid in total (base fee plus priority fee).</summary>
    public required BigInteger MaxFeePerGas
    {
        get;
        init => field = CheckUInt256(value, nameof(MaxFeePerGas));
    }

    /// <summary>Addresses and storage keys to pre-warm.</summary>
    public AccessList AccessList
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(AccessList));
    } = AccessList.Empty;

    public override TransactionType Type => TransactionType.DynamicFee;

    protected override bool PrintMembers(StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", ChainId = ").Append(ChainId)
            .Append(", MaxPriorityFeePerGas = ").Append(MaxPriorityFeePerGas)
            .Append(", MaxFeePerGas = ").Append(MaxFeePerGas)
            .Append(", AccessList = ").Append(AccessList);
        return true;
    }

    private protected override RlpItem[] SigningFields() =>
    [
        RlpString.FromUInt64(ChainId), RlpString.FromUInt64(Nonce),
        RlpString.FromBigInteger(MaxPriorityFeePerGas), RlpString.FromBigInteger(MaxFeePerGas), RlpString.FromUInt64(GasLimit),
        .. CommonTail(), AccessList.ToRlp(),
    ];

    private protected override RlpItem[] SignedFields(EcdsaSignature signature) =>
        [.. SigningFields(), RlpString.FromUInt64(signature.RecoveryId), .. SignatureScalars(signature)];

    internal override BigInteger GetV(byte recoveryId) => recoveryId;

    /// <summary>Reads [chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList, yParity, r, s].</summary>
    internal static SignedTransaction DecodeSigned(RlpList fields)
    {
        fields.RequireCount(12, "EIP-1559 transaction");
        var transaction = new DynamicFeeTransaction
        {
            ChainId = fields[0].AsString("chainId").ToUInt64("chainId"),
            Nonce = fields[1].AsString("nonce").ToUInt64("nonce"),
            MaxPriorityFeePerGas = TransactionDecoding.ReadUInt256(fields[2], "maxPriorityFeePerGas"),
            MaxFeePerGas = TransactionDecoding.ReadUInt256(fields[3], "maxFeePerGas"),
            GasLimit = fields[4].AsString("gasLimit").ToUInt64("gasLimit"),
            To = TransactionDecoding.ReadTo(fields[5]),
            Value = TransactionDecoding.ReadUInt256(fields[6], "value"),
            Data = fields[7].AsString("data").ToArray(),
            AccessList = AccessList.FromRlp(fields[8]),
        };
        return new SignedTransaction(transaction, TransactionDecoding.ReadSignature(TransactionDecoding.ReadYParity(fields[9]), fields[10], fields[11]));
    }
}
