using System.Numerics;
using System.Text;
using Interop.Ethereum.Rlp;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Transactions;

/// <summary>
/// A legacy (type 0) transaction. With a <see cref="ChainId"/> it is EIP-155 replay protected (v = 35 + 2·chainId +
/// recovery id); with a null chain id it is a pre-EIP-155 transaction (v = 27/28) valid on every chain.
/// </summary>
public sealed record LegacyTransaction : Transaction
{
    /// <summary>
    /// The EIP-155 chain id, or null for an unprotected pre-EIP-155 transaction. Required so that dropping replay
    /// protection is always a visible choice.
    /// </summary>
    public required ulong? ChainId { get; init; }

    /// <summary>Wei per unit of gas.</summary>
    public required BigInteger GasPrice
    {
        get;
        init => field = CheckUInt256(value, nameof(GasPrice));
    }

    public override TransactionType Type => TransactionType.Legacy;

    protected override bool PrintMembers(StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", ChainId = ").Append(ChainId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (pre-EIP-155)")
            .Append(", GasPrice = ").Append(GasPrice);
        return true;
    }

    private protected override RlpItem[] SigningFields() =>
        ChainId is { } chainId
            ? [.. Head(), .. CommonTail(), RlpString.FromUInt64(chainId), RlpString.Empty, RlpString.Empty]
            : [.. Head(), .. CommonTail()];

    private protected override RlpItem[] SignedFields(EcdsaSignature signature) =>
        [.. Head(), .. CommonTail(), RlpString.FromBigInteger(GetV(signature.RecoveryId)), .. SignatureScalars(signature)];

    internal override BigInteger GetV(byte recoveryId) =>
        ChainId is { } chainId ? 35 + 2 * new BigInteger(chainId) + recoveryId : 27 + recoveryId;

    private RlpItem[] Head() => [RlpString.FromUInt64(Nonce), RlpString.FromBigInteger(GasPrice), RlpString.FromUInt64(GasLimit)];

    /// <summary>Reads [nonce, gasPrice, gasLimit, to, value, data, v, r, s].</summary>
    internal static SignedTransaction DecodeSigned(RlpList fields)
    {
        fields.RequireCount(9, "legacy transaction");
        var v = TransactionDecoding.ReadUInt256(fields[6], "v");
        ulong? chainId;
        byte recoveryId;
        if (v == 27 || v == 28)
        {
            chainId = null;
            recoveryId = (byte)(v - 27);
        }
        else if (v >= 35 && (v - 35) / 2 <= ulong.MaxValue)
        {
            chainId = (ulong)((v - 35) / 2);
            recoveryId = (byte)((v - 35) % 2);
        }
        else
        {
            throw new FormatException($"legacy transaction v = {v} is neither 27/28 (pre-EIP-155) nor 35 + 2·chainId + 0/1 (EIP-155)");
        }

        var transaction = new LegacyTransaction
        {
            Nonce = fields[0].AsString("nonce").ToUInt64("nonce"),
            GasPrice = TransactionDecoding.ReadUInt256(fields[1], "gasPrice"),
            GasLimit = fields[2].AsString("gasLimit").ToUInt64("gasLimit"),
            To = TransactionDecoding.ReadTo(fields[3]),
            Value = TransactionDecoding.ReadUInt256(fields[4], "value"),
            Data = fields[5].AsString("data").ToArray(),
            ChainId = chainId,
        };
        return new SignedTransaction(transaction, TransactionDecoding.ReadSignature(recoveryId, fields[7], fields[8]));
    }
}
