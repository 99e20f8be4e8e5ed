using System.Numerics;
using System.Text;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rlp;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Transactions;

/// <summary>
/// An unsigned Ethereum transaction: the fields every type shares. Build one of <see cref="LegacyTransaction"/>,
/// <see cref="AccessListTransaction"/> or <see cref="DynamicFeeTransaction"/>, then <see cref="Sign"/> it.
/// </summary>
public abstract record Transaction
{
    private static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    private protected Transaction()
    {
    }

    /// <summary>The EIP-2718 type.</summary>
    public abstract TransactionType Type { get; }

    public required ulong Nonce { get; init; }

    public required ulong GasLimit { get; init; }

    /// <summary>
    /// The recipient, or null to create a contract. Required so that a forgotten recipient cannot silently turn a
    /// transfer into a contract creation.
    /// </summary>
    public required Address? To { get; init; }

    /// <summary>Wei to transfer (0 to 2^256-1).</summary>
    public BigInteger Value
    {
        get;
        init => field = CheckUInt256(value, nameof(Value));
    }

    /// <summary>Call data or init code. Stored as a copy of what was assigned; do not modify the returned array.</summary>
    public byte[] Data
    {
        get;
        init => field = (value ?? throw new ArgumentNullException(nameof(Data))).ToArray();
    } = [];

    /// <summary>True when <see cref="To"/> is null: the data is init code for a new contract.</summary>
    public bool IsContractCreation => To is null;

    /// <summary>The bytes whose Keccak-256 is signed: RLP for legacy, type byte ‖ RLP for typed transactions.</summary>
    public byte[] GetSigningPayload() => Envelope(new RlpList(SigningFields()));

    /// <summary>The 32-byte hash the sender signs.</summary>
    public byte[] GetSigningHash() => Keccak256.Hash(GetSigningPayload());

    /// <summary>Signs with <paramref name="key"/> (RFC 6979, low s).</summary>
    public SignedTransaction Sign(EthKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new SignedTransaction(this, key.SignHash(GetSigningHash()));
    }

    /// <summary>Attaches a signature made elsewhere (a remote signer or HSM) over <see cref="GetSigningHash"/>.</summary>
    public SignedTransaction WithSignature(EcdsaSignature signature) => new(this, signature);

    public virtual bool Equals(Transaction? other) =>
        other is not null
        && EqualityContract == other.EqualityContract
        && Nonce == other.Nonce
        && GasLimit == other.GasLimit
        && To == other.To
        && Value == other.Value
        && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(EqualityContract, Nonce, GasLimit, To, Value, Data.Length);

    protected virtual bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Type = ").Append(Type)
            .Append(", Nonce = ").Append(Nonce)
            .Append(", GasLimit = ").Append(GasLimit)
            .Append(", To = ").Append(To?.ToString() ?? "(contract creation)")
            .Append(", Value = ").Append(Value)
            .Append(", Data = ").Append(Hex.Shorten(Hex.Encode(Data)));
        return true;
    }

    /// <summary>The fields that are signed (for legacy EIP-155 this includes chainId, 0, 0).</summary>
    private protected abstract RlpItem[] SigningFields();

    /// <summary>The fields of the signed encoding, signature included.</summary>
    private protected abstract RlpItem[] SignedFields(EcdsaSignature signature);

    /// <summary>The v value carried on the wire for a signature with this recovery id.</summary>
    internal abstract BigInteger GetV(byte recoveryId);

    /// <summary>Wraps an RLP list in this type's EIP-2718 envelope (none for legacy).</summary>
    internal byte[] Envelope(RlpList fields)
    {
        if (Type == TransactionType.Legacy) return fields.Encode();
        var result = new byte[1 + fields.EncodedLength];
        result[0] = (byte)Type;
        fields.WriteTo(result.AsSpan(1));
        return result;
    }

    internal byte[] EncodeSigned(EcdsaSignature signature) => Envelope(new RlpList(SignedFields(signature)));

    /// <summary>The fields every type has, in the order they follow the fee fields.</summary>
    private protected RlpItem[] CommonTail() =>
    [
        To is { } to ? RlpString.FromAddress(to) : RlpString.Empty,
        RlpString.FromBigInteger(Value),
        new RlpString(Data),
    ];

    /// <summary>r and s as RLP scalars: big-endian without leading zeros.</summary>
    private protected static RlpItem[] SignatureScalars(EcdsaSignature signature) =>
    [
        new RlpString(signature.R.AsSpan().TrimStart((byte)0)),
        new RlpString(signature.S.AsSpan().TrimStart((byte)0)),
    ];

    private protected static BigInteger CheckUInt256(BigInteger value, string name) =>
        value.Sign < 0 || value > MaxUInt256
            ? throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 2^256-1")
            : value;
}
