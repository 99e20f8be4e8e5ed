using System.Numerics;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rlp;
using Interop.Ethereum.Signing;

namespace Interop.Ethereum.Transactions;

/// <summary>Field readers shared by the transaction decoders; every failure is a <see cref="FormatException"/> naming the field.</summary>
internal static class TransactionDecoding
{
    public static BigInteger ReadUInt256(RlpItem item, string name)
    {
        var value = item.AsString(name);
        if (value.Length > 32) throw new FormatException($"transaction {name} does not fit in 256 bits ({value.Length} bytes)");
        return value.ToBigInteger(name);
    }

    /// <summary>The recipient: 20 bytes, or the empty string for a contract creation.</summary>
    public static Address? ReadTo(RlpItem item)
    {
        var to = item.AsString("to");
        return to.Length == 0 ? null : to.ToAddress("to");
    }

    public static byte ReadYParity(RlpItem item)
    {
        var parity = item.AsString("yParity").ToUInt64("yParity");
        return parity <= 1 ? (byte)parity : throw new FormatException($"transaction yParity must be 0 or 1, got {parity}");
    }

    public static EcdsaSignature ReadSignature(byte recoveryId, RlpItem r, RlpItem s) =>
        new(HexBigInteger.ToBytes(ReadUInt256(r, "r"), 32), HexBigInteger.ToBytes(ReadUInt256(s, "s"), 32), recoveryId);
}
