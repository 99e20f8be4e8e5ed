using System.Security.Cryptography;

namespace Interop.Ethereum.HdWallet;

/// <summary>Bitcoin's Base58Check: base 58 without 0/O/I/l, with a 4-byte double-SHA-256 checksum appended.</summary>
internal static class Base58Check
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const int ChecksumLength = 4;

    public static string Encode(ReadOnlySpan<byte> payload)
    {
        var data = new byte[payload.Length + ChecksumLength];
        payload.CopyTo(data);
        Checksum(payload).CopyTo(data.AsSpan(payload.Length));
        return EncodePlain(data);
    }

    /// <exception cref="FormatException">A character outside the alphabet, too short, or a checksum mismatch.</exception>
    public static byte[] Decode(string text)
    {
        var data = DecodePlain(text);
        if (data.Length < ChecksumLength) throw new FormatException("Base58Check string is too short to hold a checksum");
        var payload = data[..^ChecksumLength];
        if (!Checksum(payload).AsSpan().SequenceEqual(data.AsSpan(data.Length - ChecksumLength)))
            throw new FormatException("Base58Check checksum mismatch: the string is mistyped or truncated");
        return payload;
    }

    private static byte[] Checksum(ReadOnlySpan<byte> payload) => SHA256.HashData(SHA256.HashData(payload))[..ChecksumLength];

    private static string EncodePlain(ReadOnlySpan<byte> data)
    {
        var leadingZeros = data.IndexOfAnyExcept((byte)0);
        if (leadingZeros < 0) leadingZeros = data.Length;
        // Base-256 to base-58 by repeated long division; inputs here are under 100 bytes, so O(n²) is fine.
        var digits = new List<byte>(data.Length * 138 / 100 + 1);
        foreach (var b in data[leadingZeros..])
        {
            var carry = (int)b;
            for (var i = 0; i < digits.Count; i++)
            {
                carry += digits[i] << 8;
                digits[i] = (byte)(carry % 58);
                carry /= 58;
            }
            while (carry > 0)
            {
                digits.Add((byte)(carry % 58));
                carry /= 58;
            }
        }
        var chars = new char[leadingZeros + digits.Count];
        chars.AsSpan(0, leadingZeros).Fill('1');
        for (var i = 0; i < digits.Count; i++) chars[leadingZeros + i] = Alphabet[digits[digits.Count - 1 - i]];
        return new string(chars);
    }

    private static byte[] DecodePlain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var leadingOnes = 0;
        while (leadingOnes < text.Length && text[leadingOnes] == '1') leadingOnes++;
        var bytes = new List<byte>(text.Length * 733 / 1000 + 1);
        for (var position = leadingOnes; position < text.Length; position++)
        {
            var carry = Alphabet.IndexOf(text[position]);
            if (carry < 0) throw new FormatException($"'{text[position]}' at position {position + 1} is not a Base58 character");
            for (var i = 0; i < bytes.Count; i++)
            {
                carry += bytes[i] * 58;
                bytes[i] = (byte)carry;
                carry >>= 8;
            }
            while (carry > 0)
            {
                bytes.Add((byte)carry);
                carry >>= 8;
            }
        }
        var result = new byte[leadingOnes + bytes.Count];
        for (var i = 0; i < bytes.Count; i++) result[leadingOnes + i] = bytes[bytes.Count - 1 - i];
        return result;
    }
}
