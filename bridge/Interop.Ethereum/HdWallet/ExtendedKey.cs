using System.Buffers.Binary;
using System.Security.Cryptography;
using Interop.Ethereum.Signing;
using Org.BouncyCastle.Crypto.Digests;

namespace Interop.Ethereum.HdWallet;

/// <summary>What BIP-32 private and public extended keys share: position in the tree, chain code, public key.</summary>
public abstract class ExtendedKey
{
    /// <summary>Mainnet version bytes: serialisations start with "xprv" / "xpub".</summary>
    internal const uint XprvVersion = 0x0488ADE4, XpubVersion = 0x0488B21E;

    internal const int SerializedLength = 78;

    private protected ExtendedKey(byte depth, uint parentFingerprint, uint childNumber, byte[] chainCode, byte[] publicKey)
    {
        Depth = depth;
        ParentFingerprint = parentFingerprint;
        ChildNumber = childNumber;
        ChainCode = chainCode;
        PublicKey = publicKey;
    }

    /// <summary>0 for the master key, +1 per derivation step.</summary>
    public byte Depth { get; }

    /// <summary>The first 4 bytes of the parent's key identifier; 0 for the master key.</summary>
    public uint ParentFingerprint { get; }

    /// <summary>The index this key was derived with (hardened ones include <see cref="KeyPath.HardenedOffset"/>); 0 for the master.</summary>
    public uint ChildNumber { get; }

    /// <summary>True when this key was derived with a hardened index.</summary>
    public bool IsHardened => ChildNumber >= KeyPath.HardenedOffset;

    /// <summary>
    /// The 32-byte chain code. Not a key by itself, but with the public key it derives every non-hardened child,
    /// and with any non-hardened child private key it yields the parent private key: treat it as sensitive.
    /// </summary>
    internal byte[] ChainCode { get; }

    /// <summary>The 33-byte compressed public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The first 4 bytes of HASH160(public key): identifies this key as a parent in its children's serialisation.</summary>
    public uint Fingerprint => BinaryPrimitives.ReadUInt32BigEndian(Identifier());

    /// <summary>HASH160 (RIPEMD-160 of SHA-256) of the compressed public key.</summary>
    public byte[] Identifier()
    {
        var sha = SHA256.HashData(PublicKey);
        var ripemd = new RipeMD160Digest();
        ripemd.BlockUpdate(sha);
        var result = new byte[ripemd.GetDigestSize()];
        ripemd.DoFinal(result);
        return result;
    }

    /// <summary>The Ethereum address of this node's key.</summary>
    public Address Address => Address.FromPublicKey(Secp256k1.DecompressPublicKey(PublicKey));

    private protected string Describe(string kind) =>
        $"{kind}(depth {Depth}, child {KeyPath.FormatIndex(ChildNumber)}, fingerprint {Fingerprint:x8}, parent {ParentFingerprint:x8})";

    /// <summary>version ‖ depth ‖ parent fingerprint ‖ child number ‖ chain code ‖ key data, Base58Check-encoded.</summary>
    private protected string Serialize(uint version, ReadOnlySpan<byte> keyData)
    {
        Span<byte> data = stackalloc byte[SerializedLength];
        BinaryPrimitives.WriteUInt32BigEndian(data, version);
        data[4] = Depth;
        BinaryPrimitives.WriteUInt32BigEndian(data[5..], ParentFingerprint);
        BinaryPrimitives.WriteUInt32BigEndian(data[9..], ChildNumber);
        ChainCode.CopyTo(data[13..]);
        keyData.CopyTo(data[45..]);
        var text = Base58Check.Encode(data);
        CryptographicOperations.ZeroMemory(data);
        return text;
    }

    /// <summary>The fields of a decoded xprv/xpub, validated as far as they do not depend on the key type.</summary>
    internal readonly record struct Decoded(uint Version, byte Depth, uint ParentFingerprint, uint ChildNumber, byte[] ChainCode, byte[] KeyData);

    internal static Decoded Deserialize(string text, string expectedPrefix)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] data;
        try
        {
            data = Base58Check.Decode(text.Trim());
        }
        catch (FormatException e)
        {
            throw new FormatException($"not a valid {expectedPrefix}: {e.Message}", e);
        }
        if (data.Length != SerializedLength)
            throw new FormatException($"not a valid {expectedPrefix}: an extended key is {SerializedLength} bytes, this one decodes to {data.Length}");

        var decoded = new Decoded(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(5)),
            BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(9)),
            data[13..45],
            data[45..]);
        CryptographicOperations.ZeroMemory(data);
        if (decoded.Depth == 0 && decoded.ParentFingerprint != 0)
            throw new FormatException($"not a valid {expectedPrefix}: a depth-0 (master) key must have parent fingerprint 0");
        if (decoded.Depth == 0 && decoded.ChildNumber != 0)
            throw new FormatException($"not a valid {expectedPrefix}: a depth-0 (master) key must have child number 0");
        return decoded;
    }

    /// <summary>HMAC-SHA512(chain code, data) split into the 32-byte tweak IL and the child chain code IR.</summary>
    private protected static (byte[] Tweak, byte[] ChainCode) Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        Span<byte> i = stackalloc byte[64];
        HMACSHA512.HashData(key, data, i);
        var result = (i[..32].ToArray(), i[32..].ToArray());
        CryptographicOperations.ZeroMemory(i);
        return result;
    }
}
