using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Signing;

/// <summary>A secp256k1 signature: 32-byte r and s and a recovery id (0 or 1, Ethereum's yParity).</summary>
public sealed record EcdsaSignature
{
    public EcdsaSignature(byte[] r, byte[] s, byte recoveryId)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(s);
        if (r.Length != 32) throw new ArgumentException("r must be 32 bytes", nameof(r));
        if (s.Length != 32) throw new ArgumentException("s must be 32 bytes", nameof(s));
        R = r;
        S = s;
        RecoveryId = recoveryId;
    }

    public byte[] R { get; }
    public byte[] S { get; }

    /// <summary>0 or 1: the parity of the y coordinate of the nonce point.</summary>
    public byte RecoveryId { get; }

    /// <summary>The legacy v value: 27 + recovery id.</summary>
    public byte V => (byte)(27 + RecoveryId);

    /// <summary>The 65-byte r ‖ s ‖ v form used by ecrecover-based contracts and personal_sign (v = 27/28).</summary>
    public byte[] ToBytes65()
    {
        var result = new byte[65];
        R.CopyTo(result, 0);
        S.CopyTo(result, 32);
        result[64] = V;
        return result;
    }

    /// <summary>Parses r ‖ s ‖ v where v is 0/1 or 27/28.</summary>
    /// <exception cref="InvalidSignatureException">Wrong length or v out of range.</exception>
    public static EcdsaSignature FromBytes65(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 65) throw new InvalidSignatureException($"a signature must be 65 bytes (r ‖ s ‖ v), got {bytes.Length}");
        var v = bytes[64];
        var recoveryId = v switch
        {
            0 or 1 => v,
            27 or 28 => (byte)(v - 27),
            _ => throw new InvalidSignatureException($"v must be 0, 1, 27 or 28, got {v}"),
        };
        return new EcdsaSignature(bytes[..32].ToArray(), bytes[32..64].ToArray(), recoveryId);
    }

    public bool Equals(EcdsaSignature? other) =>
        other is not null && R.AsSpan().SequenceEqual(other.R) && S.AsSpan().SequenceEqual(other.S) && RecoveryId == other.RecoveryId;

    public override int GetHashCode() => HashCode.Combine(BitConverter.ToInt32(R, 0), BitConverter.ToInt32(S, 0), RecoveryId);

    public override string ToString() => Hex.Encode(ToBytes65());
}

/// <summary>A signature that is malformed or from which no public key can be recovered.</summary>
public sealed class InvalidSignatureException(string message) : Exception(message);
