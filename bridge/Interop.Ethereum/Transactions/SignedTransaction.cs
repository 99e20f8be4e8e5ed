using System.Numerics;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rlp;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Transactions;

/// <summary>A transaction with its signature: what eth_sendRawTransaction takes and what a block contains.</summary>
public sealed record SignedTransaction
{
    public SignedTransaction(Transaction transaction, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.RecoveryId > 1)
            throw new ArgumentException($"recovery id must be 0 or 1, got {signature.RecoveryId}", nameof(signature));
        Transaction = transaction;
        Signature = signature;
    }

    public Transaction Transaction { get; }

    public EcdsaSignature Signature { get; }

    public TransactionType Type => Transaction.Type;

    /// <summary>The v on the wire: 27/28 (pre-EIP-155), 35 + 2·chainId + recovery id (EIP-155), or the y parity 0/1 (typed).</summary>
    public BigInteger V => Transaction.GetV(Signature.RecoveryId);

    /// <summary>The raw bytes for eth_sendRawTransaction: RLP for legacy, type byte ‖ RLP for typed transactions.</summary>
    public byte[] Encode() => Transaction.EncodeSigned(Signature);

    /// <summary>The transaction hash: Keccak-256 of <see cref="Encode"/>.</summary>
    public byte[] ComputeHash() => Keccak256.Hash(Encode());

    /// <summary>
    /// The sender, recovered from the signature over the signing hash. Signatures with s in the upper half are
    /// rejected as every node has since Homestead (EIP-2), since they are a malleated copy of a valid signature.
    /// </summary>
    /// <exception cref="InvalidSignatureException">r or s out of range, high s, or no key recoverable.</exception>
    public Address RecoverSender()
    {
        if (!Secp256k1.IsLowS(Signature.S))
            throw new InvalidSignatureException("transaction signature s is in the upper half of the curve order (EIP-2 forbids it)");
        return EthKey.RecoverAddress(Transaction.GetSigningHash(), Signature);
    }

    /// <summary>
    /// Decodes raw transaction bytes (legacy RLP list, or an EIP-2718 envelope of type 1 or 2). Decoding checks
    /// the format only; call <see cref="RecoverSender"/> to learn and authenticate the sender.
    /// </summary>
    /// <exception cref="FormatException">Names the problem: unknown type, wrong field count, non-canonical field, bad v, trailing bytes.</exception>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty) throw new FormatException("raw transaction is empty");
        var first = raw[0];
        if (first >= 0xc0) return LegacyTransaction.DecodeSigned(RlpDecoder.DecodeList(raw, "legacy transaction"));
        return first switch
        {
            (byte)TransactionType.AccessList => AccessListTransaction.DecodeSigned(RlpDecoder.DecodeList(raw[1..], "EIP-2930 transaction payload")),
            (byte)TransactionType.DynamicFee => DynamicFeeTransaction.DecodeSigned(RlpDecoder.DecodeList(raw[1..], "EIP-1559 transaction payload")),
            0x03 => throw new FormatException("transaction type 0x03 (EIP-4844 blob) is not supported"),
            0x04 => throw new FormatException("transaction type 0x04 (EIP-7702 set-code) is not supported"),
            < 0x80 => throw new FormatException($"unknown transaction type 0x{first:x2}"),
            _ => throw new FormatException($"raw transaction must start with a type byte (0x00-0x7f) or an RLP list (0xc0-0xff), got 0x{first:x2}"),
        };
    }

    /// <summary>Decodes a 0x-prefixed hex raw transaction.</summary>
    public static SignedTransaction Decode(string rawHex) => Decode(Hex.Decode(rawHex ?? throw new ArgumentNullException(nameof(rawHex))));

    public override string ToString() => $"SignedTransaction {{ Hash = {Hex.Encode(ComputeHash())}, {Transaction}, V = {V}, R = {Hex.Encode(Signature.R)}, S = {Hex.Encode(Signature.S)} }}";
}
