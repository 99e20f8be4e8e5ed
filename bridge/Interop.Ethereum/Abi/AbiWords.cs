using System.Buffers.Binary;
using System.Numerics;

namespace Interop.Ethereum.Abi;

/// <summary>Writes 32-byte ABI words in place.</summary>
internal static class AbiWords
{
    public const int Size = 32;

    public static void WriteUInt32(Span<byte> word, uint value)
    {
        word[..28].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(word[28..32], value);
    }

    /// <summary>Writes a value already range-checked for the field: big-endian, two's complement sign-extended.</summary>
    public static void WriteInteger(Span<byte> field, BigInteger value)
    {
        var unsigned = value.Sign >= 0;
        var length = value.GetByteCount(isUnsigned: unsigned);
        field[..^length].Fill(unsigned ? (byte)0 : (byte)0xFF);
        value.TryWriteBytes(field[^length..], out _, isUnsigned: unsigned, isBigEndian: true);
    }

    /// <summary><paramref name="length"/> rounded up to a whole number of 32-byte words.</summary>
    public static long PaddedLength(long length) => (length + 31) / 32 * 32;
}
