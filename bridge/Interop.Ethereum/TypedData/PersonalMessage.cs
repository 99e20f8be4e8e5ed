using System.Globalization;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.TypedData;

/// <summary>
/// EIP-191 version 0x45 ("personal_sign"): Keccak-256 of "\x19Ethereum Signed Message:\n" + byte length + message.
/// The prefix makes a signed message unusable as a signed transaction.
/// </summary>
public static class PersonalMessage
{
    // Written with \u0019: in C# "\x19E..." would read the hex escape greedily as the single character U+19E.
    private const string Prefix = "\u0019Ethereum Signed Message:\n";

    /// <summary>The EIP-191 hash of raw message bytes.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        var header = System.Text.Encoding.ASCII.GetBytes(Prefix + message.Length.ToString(CultureInfo.InvariantCulture));
        return Keccak256.Hash([.. header, .. message]);
    }

    /// <summary>The EIP-191 hash of a text message, signed as its UTF-8 bytes (the length counts bytes, not characters).</summary>
    public static byte[] Hash(string message) => Hash(System.Text.Encoding.UTF8.GetBytes(message ?? throw new ArgumentNullException(nameof(message))));

    /// <summary>Signs raw message bytes as personal_sign does; <see cref="EcdsaSignature.ToBytes65"/> gives the usual r ‖ s ‖ v (27/28).</summary>
    public static EcdsaSignature Sign(EthKey key, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.SignHash(Hash(message));
    }

    /// <summary>Signs a text message (UTF-8) as personal_sign does.</summary>
    public static EcdsaSignature Sign(EthKey key, string message)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.SignHash(Hash(message));
    }

    /// <summary>The address that signed raw message bytes.</summary>
    /// <exception cref="InvalidSignatureException">No key can be recovered from the signature.</exception>
    public static Address RecoverSigner(ReadOnlySpan<byte> message, EcdsaSignature signature) =>
        EthKey.RecoverAddress(Hash(message), signature ?? throw new ArgumentNullException(nameof(signature)));

    /// <summary>The address that signed a text message (UTF-8).</summary>
    /// <exception cref="InvalidSignatureException">No key can be recovered from the signature.</exception>
    public static Address RecoverSigner(string message, EcdsaSignature signature) =>
        EthKey.RecoverAddress(Hash(message), signature ?? throw new ArgumentNullException(nameof(signature)));
}
