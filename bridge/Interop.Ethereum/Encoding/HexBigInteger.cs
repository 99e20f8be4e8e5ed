using System.Globalization;
using System.Numerics;

namespace Interop.Ethereum.Encoding;

/// <summary>Unsigned big-endian conversions between <see cref="BigInteger"/>, bytes and JSON-RPC quantities ("0x1a").</summary>
public static class HexBigInteger
{
    /// <summary>Encodes a non-negative integer as a JSON-RPC quantity: "0x" and no leading zeros ("0x0" for zero).</summary>
    public static string ToQuantity(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "a quantity cannot be negative");
        if (value.IsZero) return "0x0";
        return "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
    }

    /// <summary>Encodes an unsigned 64-bit number as a JSON-RPC quantity.</summary>
    public static string ToQuantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Parses a JSON-RPC quantity ("0x..." hex); a bare decimal string is also accepted.</summary>
    public static BigInteger ParseQuantity(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (quantity.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var digits = quantity.AsSpan(2);
            if (digits.IsEmpty) return BigInteger.Zero;
            foreach (var c in digits)
                if (!char.IsAsciiHexDigit(c)) throw new FormatException($"'{Hex.Shorten(quantity)}' is not a hex quantity");
            return BigInteger.Parse(string.Concat("0", digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        if (BigInteger.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var dec))
            return dec;
        throw new FormatException($"'{Hex.Shorten(quantity)}' is not a quantity (expected 0x-prefixed hex or a decimal integer)");
    }

    /// <summary>Unsigned big-endian bytes without leading zeros (empty for zero), as RLP wants.</summary>
    public static byte[] ToBytes(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "value cannot be negative");
        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Unsigned big-endian bytes left-padded to <paramref name="length"/>.</summary>
    public static byte[] ToBytes(BigInteger value, int length)
    {
        var raw = ToBytes(value);
        if (raw.Length > length) throw new OverflowException($"{value} does not fit in {length} bytes");
        var result = new byte[length];
        raw.CopyTo(result, length - raw.Length);
        return result;
    }

    /// <summary>Reads unsigned big-endian bytes.</summary>
    public static BigInteger FromBytes(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);
}
