using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Signing;

/// <summary>
/// A secp256k1 private key with its public key and address. <see cref="ToString"/> shows only the address so a
/// key that ends up in a log line or exception message does not leak.
/// </summary>
public sealed class EthKey
{
    private readonly byte[] _privateKey;

    public EthKey(ReadOnlySpan<byte> privateKey)
    {
        if (!Secp256k1.IsValidPrivateKey(privateKey))
            throw new ArgumentException("a private key must be 32 bytes in [1, n-1]", nameof(privateKey));
        _privateKey = privateKey.ToArray();
        PublicKey = Secp256k1.GetPublicKey(_privateKey);
        Address = Address.FromPublicKey(PublicKey);
    }

    /// <summary>Parses a 0x-prefixed (or bare) 64-digit hex private key.</summary>
    public static EthKey FromHex(string privateKeyHex) => new(Hex.DecodeFixed(privateKeyHex, 32, "private key"));

    /// <summary>A fresh key from the operating system's CSPRNG.</summary>
    public static EthKey Generate()
    {
        Span<byte> buffer = stackalloc byte[32];
        do System.Security.Cryptography.RandomNumberGenerator.Fill(buffer);
        while (!Secp256k1.IsValidPrivateKey(buffer));
        return new EthKey(buffer);
    }

    /// <summary>64-byte uncompressed public key (x ‖ y).</summary>
    public byte[] PublicKey { get; }

    public Address Address { get; }

    /// <summary>A copy of the private key bytes. Handle with care: never log or persist unencrypted.</summary>
    public byte[] ExportPrivateKey() => (byte[])_privateKey.Clone();

    /// <summary>Signs a 32-byte digest (RFC 6979, low s).</summary>
    public EcdsaSignature SignHash(ReadOnlySpan<byte> hash32) => Secp256k1.Sign(hash32, _privateKey);

    public override string ToString() => $"EthKey({Address})";

    /// <summary>Recovers the signer address of a 32-byte digest.</summary>
    public static Address RecoverAddress(ReadOnlySpan<byte> hash32, EcdsaSignature signature) =>
        Address.FromPublicKey(Secp256k1.Recover(hash32, signature));

    /// <summary>Keccak-256 of data then sign (what most callers mean by "sign these bytes").</summary>
    public EcdsaSignature SignData(ReadOnlySpan<byte> data) => SignHash(Keccak256.Hash(data));
}
