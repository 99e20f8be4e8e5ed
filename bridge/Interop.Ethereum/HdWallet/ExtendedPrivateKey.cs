using System.Buffers.Binary;
using System.Security.Cryptography;
using Interop.Ethereum.Signing;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Interop.Ethereum.HdWallet;

/// <summary>
/// A BIP-32 extended private key: a secp256k1 private key plus chain code, able to derive hardened and normal
/// children. <see cref="ToString"/> shows only the tree position and fingerprints, never key material.
/// </summary>
public sealed class ExtendedPrivateKey : ExtendedKey
{
    private static readonly byte[] MasterHmacKey = "Bitcoin seed"u8.ToArray();

    private readonly byte[] _privateKey;

    private ExtendedPrivateKey(byte depth, uint parentFingerprint, uint childNumber, byte[] chainCode, byte[] privateKey)
        : base(depth, parentFingerprint, childNumber, chainCode, Secp256k1.GetCompressedPublicKey(privateKey))
    {
        _privateKey = privateKey;
    }

    /// <summary>The master key of a seed (16 to 64 bytes; a BIP-39 seed is 64): HMAC-SHA512 keyed with "Bitcoin seed".</summary>
    /// <exception cref="ArgumentException">The seed length is outside 16..64 bytes.</exception>
    public static ExtendedPrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length is < 16 or > 64)
            throw new ArgumentException($"a BIP-32 seed is 16 to 64 bytes, got {seed.Length}", nameof(seed));
        var (key, chainCode) = Hmac(MasterHmacKey, seed);
        if (!Secp256k1.IsValidPrivateKey(key))
            throw new CryptographicException("this seed gives an invalid master key (probability below 2^-127); use another seed");
        return new ExtendedPrivateKey(0, 0, 0, chainCode, key);
    }

    /// <summary>CKDpriv: the child at <paramref name="index"/> (hardened when at or above <see cref="KeyPath.HardenedOffset"/>).</summary>
    public ExtendedPrivateKey Derive(uint index)
    {
        if (Depth == byte.MaxValue) throw new InvalidOperationException("BIP-32 keys cannot be deeper than 255 levels");

        // Hardened children hash the private key, so a leaked child plus the xpub cannot reveal this key.
        Span<byte> data = stackalloc byte[37];
        if (index >= KeyPath.HardenedOffset)
        {
            data[0] = 0;
            _privateKey.CopyTo(data[1..]);
        }
        else
        {
            PublicKey.CopyTo(data);
        }
        BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
        var (tweak, childChainCode) = Hmac(ChainCode, data);
        CryptographicOperations.ZeroMemory(data);

        var il = new BcBigInteger(1, tweak);
        CryptographicOperations.ZeroMemory(tweak);
        var child = il.Add(new BcBigInteger(1, _privateKey)).Mod(Secp256k1.N);
        if (il.CompareTo(Secp256k1.N) >= 0 || child.SignValue == 0)
            throw new CryptographicException($"child {KeyPath.FormatIndex(index)} is an invalid key (probability below 2^-127); use the next index");
        return new ExtendedPrivateKey((byte)(Depth + 1), Fingerprint, index, childChainCode, Secp256k1.ToBytes32(child));
    }

    /// <summary>Applies every step of <paramref name="path"/> below this key (call it on the master key for the usual m/... paths).</summary>
    public ExtendedPrivateKey Derive(KeyPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = this;
        foreach (var index in path.Indices) key = key.Derive(index);
        return key;
    }

    /// <summary>The matching extended public key (BIP-32 "neuter"): same position and chain code, no private key.</summary>
    public ExtendedPublicKey Neuter() => new(Depth, ParentFingerprint, ChildNumber, ChainCode, PublicKey);

    /// <summary>This node's private key as an Ethereum signing key.</summary>
    public EthKey ToEthKey() => new(_privateKey);

    /// <summary>The Base58Check "xprv..." serialisation. Secret: it controls this key and every descendant.</summary>
    public string ToXprv()
    {
        Span<byte> keyData = stackalloc byte[33];
        keyData[0] = 0;
        _privateKey.CopyTo(keyData[1..]);
        var text = Serialize(XprvVersion, keyData);
        CryptographicOperations.ZeroMemory(keyData);
        return text;
    }

    /// <summary>Parses an "xprv..." string.</summary>
    /// <exception cref="FormatException">Bad Base58Check, wrong length or version, or an invalid key.</exception>
    public static ExtendedPrivateKey Parse(string xprv)
    {
        var decoded = Deserialize(xprv, "xprv");
        if (decoded.Version == XpubVersion)
            throw new FormatException("not a valid xprv: this is an extended public key (xpub); parse it with ExtendedPublicKey.Parse");
        if (decoded.Version != XprvVersion)
            throw new FormatException($"not a valid xprv: unknown version bytes 0x{decoded.Version:x8} (expected 0x{XprvVersion:x8}, mainnet xprv)");
        if (decoded.KeyData[0] != 0)
            throw new FormatException("not a valid xprv: private key data must start with a 0x00 byte");
        var key = decoded.KeyData[1..];
        CryptographicOperations.ZeroMemory(decoded.KeyData);
        if (!Secp256k1.IsValidPrivateKey(key))
            throw new FormatException("not a valid xprv: the private key is 0 or not below the curve order");
        return new ExtendedPrivateKey(decoded.Depth, decoded.ParentFingerprint, decoded.ChildNumber, decoded.ChainCode, key);
    }

    /// <summary>Position and fingerprints only; no key material.</summary>
    public override string ToString() => Describe(nameof(ExtendedPrivateKey));
}
