using Interop.Ethereum.Encoding;

namespace Interop.Relayers.Tests.Support;

/// <summary>Hand-assembled EVM code for the tests (no compiler involved).</summary>
public static class Bytecode
{
    /// <summary>Runtime code that reverts every call with <paramref name="revertData"/>.</summary>
    public static byte[] RevertingWith(byte[] revertData)
    {
        var n = revertData.Length;
        // PUSH2 n  PUSH1 14  PUSH1 0  CODECOPY  PUSH2 n  PUSH1 0  REVERT   -- 14 bytes, then the revert data
        byte[] code = [0x61, (byte)(n >> 8), (byte)n, 0x60, 0x0e, 0x60, 0x00, 0x39, 0x61, (byte)(n >> 8), (byte)n, 0x60, 0x00, 0xfd];
        return [.. code, .. revertData];
    }

    /// <summary>The ABI encoding of Error(string).</summary>
    public static byte[] ErrorString(string message)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(message);
        var padded = (text.Length + 31) / 32 * 32;
        var data = new byte[4 + 32 + 32 + padded];
        Hex.Decode("08c379a0").CopyTo(data, 0);
        data[4 + 31] = 0x20;
        HexBigInteger.ToBytes(text.Length, 32).CopyTo(data, 4 + 32);
        text.CopyTo(data, 4 + 64);
        return data;
    }
}
