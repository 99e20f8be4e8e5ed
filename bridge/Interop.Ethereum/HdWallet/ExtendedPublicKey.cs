using System.Buffers.Binary;
using System.Security.Cryptography;
using Interop.Ethereum.Signing;
using Org.BouncyCastle.Math.EC.Multiplier;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Interop.Ethereum.HdWallet;

/// <summary>
/// A BIP-32 extended public key: derives the public keys (and addresses) of non-hardened children without any
/// private key, e.g. for a watch-only deposit-address generator.
/// </summary>
public sealed class ExtendedPublicKey : ExtendedKey
{
    internal ExtendedPublicKey(byte depth, uint parentFingerprint, uint childNumber, byte[] chainCode, byte[] publicKey)
        : base(depth, parentFingerprint, childNumber, chainCode, publicKey)
    {
    }

    /// <summary>CKDpub: the public child at a non-hardened <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The index is hardened: that needs the private key.</exception>
    public ExtendedPublicKey Derive(uint index)
    {
        if (index >= KeyPath.HardenedOffset)
            throw new InvalidOperationException($"cannot derive hardened child {KeyPath.FormatIndex(index)} from a public key; derive it from the extended private key");
        if (Depth == byte.MaxValue) throw new InvalidOperationException("BIP-32 keys cannot be deeper than 255 levels");

        Span<byte> data = stackalloc byte[37];
        PublicKey.CopyTo(data);
        BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
        var (tweak, childChainCode) = Hmac(ChainCode, data);

        var il = new BcBigInteger(1, tweak);
        if (il.CompareTo(Secp256k1.N) >= 0)
            throw new CryptographicException($"child {index} is an invalid key (probability below 2^-127); use the next index");
        var parent = Secp256k1.Domain.Curve.DecodePoint(PublicKey);
        var child = new FixedPointCombMultiplier().Multiply(Secp256k1.Domain.G, il).Add(parent).Normalize();
        if (child.IsInfinity)
            throw new CryptographicException($"child {index} is the point at infinity (probability below 2^-127); use the next index");
        return new ExtendedPublicKey((byte)(Depth + 1), Fingerprint, index, childChainCode, child.GetEncoded(true));
    }

    /// <summary>Applies every (non-hardened) step of <paramref name="path"/> below this key.</summary>
    public ExtendedPublicKey Derive(KeyPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = this;
        foreach (var index in path.Indices) key = key.Derive(index);
        return key;
    }

    /// <summary>The Base58Check "xpub..." serialisation. Not secret, but it reveals every non-hardened child address.</summary>
    public string ToXpub() => Serialize(XpubVersion, PublicKey);

    /// <summary>Parses an "xpub..." string.</summary>
    /// <exception cref="FormatException">Bad Base58Check, wrong length or version, or a key not on the curve.</exception>
    public static ExtendedPublicKey Parse(string xpub)
    {
        var decoded = Deserialize(xpub, "xpub");
        if (decoded.Version == XprvVersion)
            throw new FormatException("not a valid xpub: this is an extended private key (xprv); parse it with ExtendedPrivateKey.Parse");
        if (decoded.Version != XpubVersion)
            throw new FormatException($"not a valid xpub: unknown version bytes 0x{decoded.Version:x8} (expected 0x{XpubVersion:x8}, mainnet xpub)");
        if (decoded.KeyData[0] is not (0x02 or 0x03))
            throw new FormatException("not a valid xpub: public key data must be a compressed point (starting 0x02 or 0x03)");
        try
        {
            Secp256k1.DecompressPublicKey(decoded.KeyData);
        }
        catch (FormatException e)
        {
            throw new FormatException("not a valid xpub: the public key is not a point on secp256k1", e);
        }
        return new ExtendedPublicKey(decoded.Depth, decoded.ParentFingerprint, decoded.ChildNumber, decoded.ChainCode, decoded.KeyData);
    }

    public override string ToString() => Describe(nameof(ExtendedPublicKey));
}
