using TextEncoding = System.Text.Encoding;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rpc.Tests.Support;

/// <summary>Hand-assembled EVM contracts for the tests (no compiler involved).</summary>
public static class Bytecode
{
    /// <summary>Init code that returns <paramref name="runtime"/> as the contract's code.</summary>
    public static byte[] Creation(byte[] runtime)
    {
        // PUSH2 len  DUP1  PUSH1 12  PUSH1 0  CODECOPY  PUSH1 0  RETURN   -- 12 bytes, then the runtime code
        byte[] prefix = [0x61, (byte)(runtime.Length >> 8), (byte)runtime.Length, 0x80, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3];
        return [.. prefix, .. runtime];
    }

    /// <summary>Runtime code that reverts every call with <paramref name="revertData"/>.</summary>
    public static byte[] RevertingWith(byte[] revertData)
    {
        var n = revertData.Length;
        // PUSH2 n  PUSH1 14  PUSH1 0  CODECOPY  PUSH2 n  PUSH1 0  REVERT   -- 14 bytes, then the revert data
        byte[] code = [0x61, (byte)(n >> 8), (byte)n, 0x60, 0x0e, 0x60, 0x00, 0x39, 0x61, (byte)(n >> 8), (byte)n, 0x60, 0x00, 0xfd];
        return [.. code, .. revertData];
    }

    /// <summary>
    /// Runtime code that emits LOG2 with topic0 = calldata[0:32], topic1 = calldata[32:64] and data = calldata[64:96].
    /// </summary>
    public static byte[] Emitter { get; } = Hex.Decode(
        "602060406000" + "37" +   // CALLDATACOPY(mem 0, calldata 64, 32)
        "602035" +                // CALLDATALOAD(32) -> topic1
        "600035" +                // CALLDATALOAD(0)  -> topic0
        "60206000" + "a2" +       // LOG2(mem 0, 32, topic0, topic1)
        "00");                    // STOP

    /// <summary>The ABI encoding of Error(string), written out by hand.</summary>
    public static byte[] ErrorString(string message)
    {
        var text = TextEncoding.UTF8.GetBytes(message);
        var padded = (text.Length + 31) / 32 * 32;
        var data = new byte[4 + 32 + 32 + padded];
        Hex.Decode("08c379a0").CopyTo(data, 0);
        data[4 + 31] = 0x20;
        HexBigInteger.ToBytes(text.Length, 32).CopyTo(data, 4 + 32);
        text.CopyTo(data, 4 + 64);
        return data;
    }

    /// <summary>The ABI encoding of Panic(uint256).</summary>
    public static byte[] Panic(byte code) => [.. Hex.Decode("4e487b71"), .. new byte[31], code];

    /// <summary>A 32-byte word with <paramref name="value"/> in its last byte.</summary>
    public static byte[] Word(byte value) => [.. new byte[31], value];
}
