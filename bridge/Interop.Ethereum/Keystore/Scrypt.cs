using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Interop.Ethereum.Keystore;

/// <summary>
/// scrypt (RFC 7914). Our own rather than BouncyCastle's for two reasons: BouncyCastle refuses r = 1 with n ≥ 2^16
/// (RFC 7914's "n &lt; 2^(128·r/8)"), which rejects the Web3 Secret Storage spec's own scrypt vector and keystores
/// geth reads without complaint; and it is several times slower, which a user waits through on every unlock.
/// </summary>
internal static class Scrypt
{
    /// <summary>Derives <paramref name="length"/> bytes. Parameters must already be validated (n a power of two ≥ 2).</summary>
    public static byte[] DeriveKey(byte[] password, byte[] salt, int n, int r, int p, int length)
    {
        var blockBytes = 128 * r;
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1, HashAlgorithmName.SHA256, checked(p * blockBytes));
        var v = new uint[checked(32 * r * n)];
        var xy = new uint[64 * r];
        try
        {
            for (var i = 0; i < p; i++)
                SMix(b.AsSpan(i * blockBytes, blockBytes), r, n, v, xy);
            return Rfc2898DeriveBytes.Pbkdf2(password, b, 1, HashAlgorithmName.SHA256, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(b);
            Array.Clear(v);
            Array.Clear(xy);
        }
    }

    /// <summary>ROMix: fill V with successive BlockMix outputs, then walk it in a data-dependent order.</summary>
    private static void SMix(Span<byte> block, int r, int n, uint[] v, uint[] xy)
    {
        var words = 32 * r;
        var x = xy.AsSpan(0, words);
        var y = xy.AsSpan(words, words);
        Span<uint> tmp = stackalloc uint[16];
        for (var i = 0; i < words; i++) x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);

        // Two steps per iteration, swapping x and y, saves a copy per BlockMix (n is a power of two, so even).
        for (var i = 0; i < n; i += 2)
        {
            x.CopyTo(v.AsSpan(i * words, words));
            BlockMix(tmp, x, y, r);
            y.CopyTo(v.AsSpan((i + 1) * words, words));
            BlockMix(tmp, y, x, r);
        }
        var mask = (uint)(n - 1);
        for (var i = 0; i < n; i += 2)
        {
            Xor(x, v.AsSpan((int)(Integerify(x, r) & mask) * words, words));
            BlockMix(tmp, x, y, r);
            Xor(y, v.AsSpan((int)(Integerify(y, r) & mask) * words, words));
            BlockMix(tmp, y, x, r);
        }

        for (var i = 0; i < words; i++) BinaryPrimitives.WriteUInt32LittleEndian(block[(i * 4)..], x[i]);
        tmp.Clear();
    }

    /// <summary>The low 32 bits of the last 64-byte sub-block: enough, since n ≤ 2^31.</summary>
    private static uint Integerify(ReadOnlySpan<uint> b, int r) => b[(2 * r - 1) * 16];

    private static void Xor(Span<uint> destination, ReadOnlySpan<uint> source)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<uint>.Count;
            for (; i <= destination.Length - width; i += width)
                (new Vector<uint>(destination[i..]) ^ new Vector<uint>(source[i..])).CopyTo(destination[i..]);
        }
        for (; i < destination.Length; i++) destination[i] ^= source[i];
    }

    /// <summary>BlockMix with Salsa20/8; even sub-blocks go to the first half of the output, odd ones to the second.</summary>
    private static void BlockMix(Span<uint> tmp, ReadOnlySpan<uint> input, Span<uint> output, int r)
    {
        input.Slice((2 * r - 1) * 16, 16).CopyTo(tmp);
        for (var i = 0; i < 2 * r; i += 2)
        {
            SalsaXor(tmp, input.Slice(i * 16, 16), output.Slice(i * 8, 16));
            SalsaXor(tmp, input.Slice(i * 16 + 16, 16), output.Slice(i * 8 + r * 16, 16));
        }
    }

    /// <summary>tmp = Salsa20/8(tmp ⊕ input); the result is also written to output.</summary>
    private static void SalsaXor(Span<uint> tmp, ReadOnlySpan<uint> input, Span<uint> output)
    {
        uint w0 = tmp[0] ^ input[0], w1 = tmp[1] ^ input[1], w2 = tmp[2] ^ input[2], w3 = tmp[3] ^ input[3];
        uint w4 = tmp[4] ^ input[4], w5 = tmp[5] ^ input[5], w6 = tmp[6] ^ input[6], w7 = tmp[7] ^ input[7];
        uint w8 = tmp[8] ^ input[8], w9 = tmp[9] ^ input[9], w10 = tmp[10] ^ input[10], w11 = tmp[11] ^ input[11];
        uint w12 = tmp[12] ^ input[12], w13 = tmp[13] ^ input[13], w14 = tmp[14] ^ input[14], w15 = tmp[15] ^ input[15];

        uint x0 = w0, x1 = w1, x2 = w2, x3 = w3, x4 = w4, x5 = w5, x6 = w6, x7 = w7;
        uint x8 = w8, x9 = w9, x10 = w10, x11 = w11, x12 = w12, x13 = w13, x14 = w14, x15 = w15;

        for (var round = 0; round < 8; round += 2)
        {
            // Column round.
            x4 ^= BitOperations.RotateLeft(x0 + x12, 7);
            x8 ^= BitOperations.RotateLeft(x4 + x0, 9);
            x12 ^= BitOperations.RotateLeft(x8 + x4, 13);
            x0 ^= BitOperations.RotateLeft(x12 + x8, 18);

            x9 ^= BitOperations.RotateLeft(x5 + x1, 7);
            x13 ^= BitOperations.RotateLeft(x9 + x5, 9);
            x1 ^= BitOperations.RotateLeft(x13 + x9, 13);
            x5 ^= BitOperations.RotateLeft(x1 + x13, 18);

            x14 ^= BitOperations.RotateLeft(x10 + x6, 7);
            x2 ^= BitOperations.RotateLeft(x14 + x10, 9);
            x6 ^= BitOperations.RotateLeft(x2 + x14, 13);
            x10 ^= BitOperations.RotateLeft(x6 + x2, 18);

            x3 ^= BitOperations.RotateLeft(x15 + x11, 7);
            x7 ^= BitOperations.RotateLeft(x3 + x15, 9);
            x11 ^= BitOperations.RotateLeft(x7 + x3, 13);
            x15 ^= BitOperations.RotateLeft(x11 + x7, 18);

            // Row round.
            x1 ^= BitOperations.RotateLeft(x0 + x3, 7);
            x2 ^= BitOperations.RotateLeft(x1 + x0, 9);
            x3 ^= BitOperations.RotateLeft(x2 + x1, 13);
            x0 ^= BitOperations.RotateLeft(x3 + x2, 18);

            x6 ^= BitOperations.RotateLeft(x5 + x4, 7);
            x7 ^= BitOperations.RotateLeft(x6 + x5, 9);
            x4 ^= BitOperations.RotateLeft(x7 + x6, 13);
            x5 ^= BitOperations.RotateLeft(x4 + x7, 18);

            x11 ^= BitOperations.RotateLeft(x10 + x9, 7);
            x8 ^= BitOperations.RotateLeft(x11 + x10, 9);
            x9 ^= BitOperations.RotateLeft(x8 + x11, 13);
            x10 ^= BitOperations.RotateLeft(x9 + x8, 18);

            x12 ^= BitOperations.RotateLeft(x15 + x14, 7);
            x13 ^= BitOperations.RotateLeft(x12 + x15, 9);
            x14 ^= BitOperations.RotateLeft(x13 + x12, 13);
            x15 ^= BitOperations.RotateLeft(x14 + x13, 18);
        }

        output[0] = tmp[0] = x0 + w0;
        output[1] = tmp[1] = x1 + w1;
        output[2] = tmp[2] = x2 + w2;
        output[3] = tmp[3] = x3 + w3;
        output[4] = tmp[4] = x4 + w4;
        output[5] = tmp[5] = x5 + w5;
        output[6] = tmp[6] = x6 + w6;
        output[7] = tmp[7] = x7 + w7;
        output[8] = tmp[8] = x8 + w8;
        output[9] = tmp[9] = x9 + w9;
        output[10] = tmp[10] = x10 + w10;
        output[11] = tmp[11] = x11 + w11;
        output[12] = tmp[12] = x12 + w12;
        output[13] = tmp[13] = x13 + w13;
        output[14] = tmp[14] = x14 + w14;
        output[15] = tmp[15] = x15 + w15;
    }
}
