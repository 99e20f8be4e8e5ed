using System.Buffers.Binary;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Signing;
using Interop.Ethereum.TypedData;

namespace Interop.Bridge.Protocol;

/// <summary>
/// The claim validators sign: the origin mailbox's tree with <c>Index + 1</c> leaves has <c>Root</c>.
/// Signed as EIP-191 over <c>keccak(domainHash ‖ root ‖ index)</c> with <c>domainHash = keccak(origin ‖ mailbox ‖ "INTEROP")</c>.
/// </summary>
public sealed record Checkpoint(uint Origin, Bytes32 OriginMailbox, Bytes32 Root, uint Index)
{
    /// <summary>keccak(origin u32 ‖ originMailbox ‖ "INTEROP").</summary>
    public Bytes32 DomainHash
    {
        get
        {
            Span<byte> buffer = stackalloc byte[4 + 32 + 7];
            BinaryPrimitives.WriteUInt32BigEndian(buffer, Origin);
            OriginMailbox.Span.CopyTo(buffer[4..]);
            "INTEROP"u8.CopyTo(buffer[36..]);
            return new Bytes32(Keccak256.Hash(buffer));
        }
    }

    /// <summary>keccak(domainHash ‖ root ‖ index u32).</summary>
    public Bytes32 Digest
    {
        get
        {
            Span<byte> buffer = stackalloc byte[32 + 32 + 4];
            DomainHash.Span.CopyTo(buffer);
            Root.Span.CopyTo(buffer[32..]);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[64..], Index);
            return new Bytes32(Keccak256.Hash(buffer));
        }
    }

    /// <summary>The EIP-191 hash a validator key signs.</summary>
    public Bytes32 SigningHash => new(PersonalMessage.Hash(Digest.Span));

    /// <summary>Signs as a validator (65 bytes, v = 27/28, low s).</summary>
    public EcdsaSignature Sign(EthKey validator) => validator.SignHash(SigningHash.Span);

    /// <summary>The validator address that produced <paramref name="signature"/>.</summary>
    public Address RecoverSigner(EcdsaSignature signature) => EthKey.RecoverAddress(SigningHash.Span, signature);

    /// <summary>The argument shape of Mailbox.processBatch and MultisigIsm.verifyCheckpoint.</summary>
    public CheckpointArgument ToArgument() => new(Origin, OriginMailbox, Root, Index);

    /// <summary>
    /// The signature bytes the MultisigIsm accepts: 65-byte signatures concatenated in strictly ascending signer order.
    /// </summary>
    public byte[] EncodeSignatures(IEnumerable<EcdsaSignature> signatures)
    {
        var bySigner = signatures.Select(s => (Signer: RecoverSigner(s), Signature: s)).OrderBy(x => x.Signer).ToList();
        for (var i = 1; i < bySigner.Count; i++)
            if (bySigner[i].Signer == bySigner[i - 1].Signer)
                throw new ArgumentException($"two signatures from {bySigner[i].Signer}", nameof(signatures));
        return bySigner.SelectMany(x => x.Signature.ToBytes65()).ToArray();
    }
}
