using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Interop.Ethereum.Crypto;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256).</summary>
/// <remarks>
/// Hashing is on every hot path (tx and message ids, Merkle nodes, selectors, addresses), so this is a direct
/// Keccak-f[1600] sponge with the state on the stack: no allocation besides the returned array, where BouncyCastle's
/// KeccakDigest allocated ~0.5 KB per call. It is checked against BouncyCastle for every length across the 136-byte
/// block boundary (Interop.Ethereum.Tests, Keccak256ReferenceTests).
/// </remarks>
public static class Keccak256
{
    /// <summary>Digest size in bytes.</summary>
    public const int Size = 32;

    // Capacity 512 bits leaves a rate of 1600 - 512 = 1088 bits: 136 bytes, 17 lanes absorbed per permutation.
    private const int Rate = 136;
    private const int RateLanes = Rate / 8;
    private const int Lanes = 25;

    /// <summary>Hashes <paramref name="data"/> and returns the 32-byte digest.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var output = new byte[Size];
        Hash(data, output);
        return output;
    }

    /// <summary>Hashes <paramref name="data"/> into <paramref name="output"/> (at least 32 bytes).</summary>
    [SkipLocalsInit]
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < Size) throw new ArgumentException("output must hold 32 bytes", nameof(output));
        Span<ulong> state = stackalloc ulong[Lanes];
        state.Clear();
        while (data.Length >= Rate)
        {
            AbsorbBlock(state, data);
            data = data[Rate..];
        }
        Span<byte> block = stackalloc byte[Rate];
        data.CopyTo(block);
        Finish(state, block, data.Length, output);
    }

    /// <summary>Hashes the concatenation of several parts without copying them together first.</summary>
    [SkipLocalsInit]
    public static byte[] HashConcat(params ReadOnlySpan<byte[]> parts)
    {
        Span<ulong> state = stackalloc ulong[Lanes];
        state.Clear();
        Span<byte> block = stackalloc byte[Rate];
        var filled = 0;
        foreach (var part in parts)
        {
            ReadOnlySpan<byte> data = part;
            if (filled > 0)
            {
                var take = Math.Min(Rate - filled, data.Length);
                data[..take].CopyTo(block[filled..]);
                filled += take;
                data = data[take..];
                if (filled < Rate) continue;
                AbsorbBlock(state, block);
                filled = 0;
            }
            while (data.Length >= Rate)
            {
                AbsorbBlock(state, data);
                data = data[Rate..];
            }
            data.CopyTo(block);
            filled = data.Length;
        }
        var output = new byte[Size];
        Finish(state, block, filled, output);
        return output;
    }

    /// <summary>Hashes the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] HashUtf8(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Pads the last <paramref name="filled"/> bytes of <paramref name="block"/>, absorbs them and writes the digest.</summary>
    private static void Finish(Span<ulong> state, Span<byte> block, int filled, Span<byte> output)
    {
        // Keccak's pad10*1 with the original domain byte 0x01 (SHA3-256 would use 0x06); when only one byte is
        // left both bits land in it (0x81).
        block[filled..].Clear();
        block[filled] = 0x01;
        block[Rate - 1] |= 0x80;
        AbsorbBlock(state, block);
        for (var i = 0; i < Size / 8; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(output[(i * 8)..], state[i]);
    }

    private static void AbsorbBlock(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < RateLanes; i++)
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        Permute(state);
    }

    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    /// <summary>
    /// Keccak-f[1600]. The 25 lanes live in locals (named row b/g/k/m/s, column a/e/i/o/u as in the Keccak team's
    /// reference code, lane x + 5y) so the JIT can keep them in registers; theta, rho, pi, chi and iota are written
    /// out per lane, and each loop pass does two rounds, A -> E then E -> A, so no state copy is needed between rounds.
    /// </summary>
    private static void Permute(Span<ulong> state)
    {
        var aba = state[0]; var abe = state[1]; var abi = state[2]; var abo = state[3]; var abu = state[4];
        var aga = state[5]; var age = state[6]; var agi = state[7]; var ago = state[8]; var agu = state[9];
        var aka = state[10]; var ake = state[11]; var aki = state[12]; var ako = state[13]; var aku = state[14];
        var ama = state[15]; var ame = state[16]; var ami = state[17]; var amo = state[18]; var amu = state[19];
        var asa = state[20]; var ase = state[21]; var asi = state[22]; var aso = state[23]; var asu = state[24];

        var rc = RoundConstants;
        for (var round = 0; round < 24; round += 2)
        {
            // Round "round": A -> E.
            var ca = aba ^ aga ^ aka ^ ama ^ asa;
            var ce = abe ^ age ^ ake ^ ame ^ ase;
            var ci = abi ^ agi ^ aki ^ ami ^ asi;
            var co = abo ^ ago ^ ako ^ amo ^ aso;
            var cu = abu ^ agu ^ aku ^ amu ^ asu;
            var da = cu ^ BitOperations.RotateLeft(ce, 1);
            var de = ca ^ BitOperations.RotateLeft(ci, 1);
            var di = ce ^ BitOperations.RotateLeft(co, 1);
            var dO = ci ^ BitOperations.RotateLeft(cu, 1);
            var du = co ^ BitOperations.RotateLeft(ca, 1);

            var ba = aba ^ da;
            var be = BitOperations.RotateLeft(age ^ de, 44);
            var bi = BitOperations.RotateLeft(aki ^ di, 43);
            var bo = BitOperations.RotateLeft(amo ^ dO, 21);
            var bu = BitOperations.RotateLeft(asu ^ du, 14);
            var eba = ba ^ (~be & bi) ^ rc[round];
            var ebe = be ^ (~bi & bo);
            var ebi = bi ^ (~bo & bu);
            var ebo = bo ^ (~bu & ba);
            var ebu = bu ^ (~ba & be);

            ba = BitOperations.RotateLeft(abo ^ dO, 28);
            be = BitOperations.RotateLeft(agu ^ du, 20);
            bi = BitOperations.RotateLeft(aka ^ da, 3);
            bo = BitOperations.RotateLeft(ame ^ de, 45);
            bu = BitOperations.RotateLeft(asi ^ di, 61);
            var ega = ba ^ (~be & bi);
            var ege = be ^ (~bi & bo);
            var egi = bi ^ (~bo & bu);
            var ego = bo ^ (~bu & ba);
            var egu = bu ^ (~ba & be);

            ba = BitOperations.RotateLeft(abe ^ de, 1);
            be = BitOperations.RotateLeft(agi ^ di, 6);
            bi = BitOperations.RotateLeft(ako ^ dO, 25);
            bo = BitOperations.RotateLeft(amu ^ du, 8);
            bu = BitOperations.RotateLeft(asa ^ da, 18);
            var eka = ba ^ (~be & bi);
            var eke = be ^ (~bi & bo);
            var eki = bi ^ (~bo & bu);
            var eko = bo ^ (~bu & ba);
            var eku = bu ^ (~ba & be);

            ba = BitOperations.RotateLeft(abu ^ du, 27);
            be = BitOperations.RotateLeft(aga ^ da, 36);
            bi = BitOperations.RotateLeft(ake ^ de, 10);
            bo = BitOperations.RotateLeft(ami ^ di, 15);
            bu = BitOperations.RotateLeft(aso ^ dO, 56);
            var ema = ba ^ (~be & bi);
            var eme = be ^ (~bi & bo);
            var emi = bi ^ (~bo & bu);
            var emo = bo ^ (~bu & ba);
            var emu = bu ^ (~ba & be);

            ba = BitOperations.RotateLeft(abi ^ di, 62);
            be = BitOperations.RotateLeft(ago ^ dO, 55);
            bi = BitOperations.RotateLeft(aku ^ du, 39);
            bo = BitOperations.RotateLeft(ama ^ da, 41);
            bu = BitOperations.RotateLeft(ase ^ de, 2);
            var esa = ba ^ (~be & bi);
            var ese = be ^ (~bi & bo);
            var esi = bi ^ (~bo & bu);
            var eso = bo ^ (~bu & ba);
            var esu = bu ^ (~ba & be);

            // Round "round + 1": E -> A.
            ca = eba ^ ega ^ eka ^ ema ^ esa;
            ce = ebe ^ ege ^ eke ^ eme ^ ese;
            ci = ebi ^ egi ^ eki ^ emi ^ esi;
            co = ebo ^ ego ^ eko ^ emo ^ eso;
            cu = ebu ^ egu ^ eku ^ emu ^ esu;
            da = cu ^ BitOperations.RotateLeft(ce, 1);
            de = ca ^ BitOperations.RotateLeft(ci, 1);
            di = ce ^ BitOperations.RotateLeft(co, 1);
            dO = ci ^ BitOperations.RotateLeft(cu, 1);
            du = co ^ BitOperations.RotateLeft(ca, 1);

            ba = eba ^ da;
            be = BitOperations.RotateLeft(ege ^ de, 44);
            bi = BitOperations.RotateLeft(eki ^ di, 43);
            bo = BitOperations.RotateLeft(emo ^ dO, 21);
            bu = BitOperations.RotateLeft(esu ^ du, 14);
            aba = ba ^ (~be & bi) ^ rc[round + 1];
            abe = be ^ (~bi & bo);
            abi = bi ^ (~bo & bu);
            abo = bo ^ (~bu & ba);
            abu = bu ^ (~ba & be);

            ba = BitOperations.RotateLeft(ebo ^ dO, 28);
            be = BitOperations.RotateLeft(egu ^ du, 20);
            bi = BitOperations.RotateLeft(eka ^ da, 3);
            bo = BitOperations.RotateLeft(eme ^ de, 45);
            bu = BitOperations.RotateLeft(esi ^ di, 61);
            aga = ba ^ (~be & bi);
            age = be ^ (~bi & bo);
            agi = bi ^ (~bo & bu);
            ago = bo ^ (~bu & ba);
            agu = bu ^ (~ba & be);

            ba = BitOperations.RotateLeft(ebe ^ de, 1);
            be = BitOperations.RotateLeft(egi ^ di, 6);
            bi = BitOperations.RotateLeft(eko ^ dO, 25);
            bo = BitOperations.RotateLeft(emu ^ du, 8);
            bu = BitOperations.RotateLeft(esa ^ da, 18);
            aka = ba ^ (~be & bi);
            ake = be ^ (~bi & bo);
            aki = bi ^ (~bo & bu);
            ako = bo ^ (~bu & ba);
            aku = bu ^ (~ba & be);

            ba = BitOperations.RotateLeft(ebu ^ du, 27);
            be = BitOperations.RotateLeft(ega ^ da, 36);
            bi = BitOperations.RotateLeft(eke ^ de, 10);
            bo = BitOperations.RotateLeft(emi ^ di, 15);
            bu = BitOperations.RotateLeft(eso ^ dO, 56);
            ama = ba ^ (~be & bi);
            ame = be ^ (~bi & bo);
            ami = bi ^ (~bo & bu);
            amo = bo ^ (~bu & ba);
            amu = bu ^ (~ba & be);

            ba = BitOperations.RotateLeft(ebi ^ di, 62);
            be = BitOperations.RotateLeft(ego ^ dO, 55);
            bi = BitOperations.RotateLeft(eku ^ du, 39);
            bo = BitOperations.RotateLeft(ema ^ da, 41);
            bu = BitOperations.RotateLeft(ese ^ de, 2);
            asa = ba ^ (~be & bi);
            ase = be ^ (~bi & bo);
            asi = bi ^ (~bo & bu);
            aso = bo ^ (~bu & ba);
            asu = bu ^ (~ba & be);
        }

        state[0] = aba; state[1] = abe; state[2] = abi; state[3] = abo; state[4] = abu;
        state[5] = aga; state[6] = age; state[7] = agi; state[8] = ago; state[9] = agu;
        state[10] = aka; state[11] = ake; state[12] = aki; state[13] = ako; state[14] = aku;
        state[15] = ama; state[16] = ame; state[17] = ami; state[18] = amo; state[19] = amu;
        state[20] = asa; state[21] = ase; state[22] = asi; state[23] = aso; state[24] = asu;
    }
}
