using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum;

/// <summary>A 20-byte Ethereum address; prints with its EIP-55 checksum.</summary>
public readonly struct Address : IEquatable<Address>, IComparable<Address>
{
    // One reference, like a bare byte[], but with room for the checksum text: EIP-55 costs a Keccak-256 per call, and
    // quotes and logs print the same few addresses over and over. The cached string is computed at most a few times
    // (a benign race: every thread computes the same value).
    private readonly Data? _data;

    private sealed class Data(byte[] bytes)
    {
        public readonly byte[] Bytes = bytes;
        public string? Checksum;
    }

    /// <summary>The zero address.</summary>
    public static readonly Address Zero = new(new byte[20]);

    /// <summary>Wraps 20 bytes (copied).</summary>
    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20) throw new ArgumentException($"an address is 20 bytes, got {bytes.Length}", nameof(bytes));
        _data = new Data(bytes.ToArray());
    }

    /// <summary>The 20 address bytes.</summary>
    public ReadOnlySpan<byte> Bytes => (_data ?? Zero._data!).Bytes;

    public bool IsZero => Bytes.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>
    /// Parses "0x" + 40 hex digits. All-lower or all-upper case is accepted as is; mixed case must carry a valid
    /// EIP-55 checksum, so a typo in a checksummed address is caught.
    /// </summary>
    /// <exception cref="FormatException">Names what is wrong: prefix, length, digits or checksum.</exception>
    public static Address Parse(string text)
    {
        if (!TryParse(text, out var address, out var error)) throw new FormatException(error);
        return address;
    }

    /// <summary>Like <see cref="Parse"/> but returns false with the reason instead of throwing.</summary>
    public static bool TryParse(string? text, out Address address, out string error)
    {
        address = default;
        if (string.IsNullOrEmpty(text)) { error = "address is empty"; return false; }
        if (!text.StartsWith("0x", StringComparison.Ordinal) && !text.StartsWith("0X", StringComparison.Ordinal))
        { error = $"address '{Hex.Shorten(text)}' must start with 0x"; return false; }
        if (text.Length != 42)
        { error = $"address '{Hex.Shorten(text)}' must be 0x followed by 40 hex digits, got {text.Length - 2}"; return false; }
        if (!Hex.IsHex(text))
        { error = $"address '{text}' contains a character that is not a hex digit"; return false; }
        var digits = text.AsSpan(2);
        var hasLower = digits.ContainsAnyInRange('a', 'f');
        var hasUpper = digits.ContainsAnyInRange('A', 'F');
        var candidate = new Address(Hex.Decode(text));
        if (hasLower && hasUpper && !string.Equals(candidate.ToChecksumString(), "0x" + digits.ToString(), StringComparison.Ordinal))
        { error = $"address '{text}' has an invalid EIP-55 checksum (expected {candidate.ToChecksumString()})"; return false; }
        address = candidate;
        error = string.Empty;
        return true;
    }

    /// <summary>The address of a 64-byte uncompressed public key: the last 20 bytes of its Keccak-256.</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length != 64) throw new ArgumentException("public key must be 64 bytes (x ‖ y)", nameof(publicKey64));
        return new Address(Keccak256.Hash(publicKey64).AsSpan(12));
    }

    /// <summary>The address right-aligned in 32 bytes, as ABI words and message recipients carry it.</summary>
    public byte[] ToBytes32()
    {
        var result = new byte[32];
        Bytes.CopyTo(result.AsSpan(12));
        return result;
    }

    /// <summary>The address in the low 20 bytes of a 32-byte word; the high 12 bytes must be zero.</summary>
    public static Address FromBytes32(ReadOnlySpan<byte> word)
    {
        if (word.Length != 32) throw new ArgumentException("expected 32 bytes", nameof(word));
        if (word[..12].IndexOfAnyExcept((byte)0) >= 0) throw new FormatException("the high 12 bytes of an address word must be zero");
        return new Address(word[12..]);
    }

    /// <summary>EIP-55 mixed-case checksum encoding.</summary>
    public string ToChecksumString()
    {
        var data = _data ?? Zero._data!;
        return data.Checksum ??= ComputeChecksum(data.Bytes);
    }

    private static string ComputeChecksum(byte[] bytes)
    {
        var lower = System.Convert.ToHexStringLower(bytes);
        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(lower));
        var chars = new char[42];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var c = lower[i];
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            chars[i + 2] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
        return new string(chars);
    }

    public override string ToString() => ToChecksumString();

    public bool Equals(Address other) => Bytes.SequenceEqual(other.Bytes);
    public override bool Equals(object? obj) => obj is Address other && Equals(other);
    public override int GetHashCode() => BitConverter.ToInt32(Bytes[16..]);
    public int CompareTo(Address other) => Bytes.SequenceCompareTo(other.Bytes);
    public static bool operator ==(Address left, Address right) => left.Equals(right);
    public static bool operator !=(Address left, Address right) => !left.Equals(right);
    public static bool operator <(Address left, Address right) => left.CompareTo(right) < 0;
    public static bool operator >(Address left, Address right) => left.CompareTo(right) > 0;
    public static bool operator <=(Address left, Address right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Address left, Address right) => left.CompareTo(right) >= 0;
}
