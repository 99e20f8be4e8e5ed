using System.Numerics;
using System.Text;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rpc.Errors;

/// <summary>
/// Minimal decoding of revert data for error messages: Error(string), Panic(uint256), otherwise the selector.
/// Deliberately self-contained (no ABI codec yet); the ABI layer will replace it, so keep it in this one file.
/// </summary>
internal static class RevertData
{
    /// <summary>Selector of Error(string): keccak256("Error(string)")[0..4].</summary>
    public static ReadOnlySpan<byte> ErrorSelector => [0x08, 0xc3, 0x79, 0xa0];

    /// <summary>Selector of Panic(uint256): keccak256("Panic(uint256)")[0..4].</summary>
    public static ReadOnlySpan<byte> PanicSelector => [0x4e, 0x48, 0x7b, 0x71];

    private const int Word = 32;

    /// <summary>A one-line reason for the revert data; never throws, whatever the node sent.</summary>
    public static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return "no revert data";
        if (data.Length < 4) return $"malformed revert data {Hex.Encode(data)}";
        var selector = data[..4];
        if (selector.SequenceEqual(ErrorSelector))
            return TryDecodeErrorString(data[4..], out var message) ? message : $"malformed Error(string) revert data ({data.Length} bytes)";
        if (selector.SequenceEqual(PanicSelector) && data.Length == 4 + Word)
        {
            var code = HexBigInteger.FromBytes(data[4..]);
            var codeText = code <= 0xff ? $"0x{(int)code:x2}" : HexBigInteger.ToQuantity(code);
            return $"panic {codeText} ({PanicMeaning(code)})";
        }
        return $"custom error {Hex.Encode(selector)}";
    }

    /// <summary>Reads the ABI encoding of one string argument: offset word, length word, UTF-8 bytes.</summary>
    public static bool TryDecodeErrorString(ReadOnlySpan<byte> args, out string message)
    {
        message = string.Empty;
        if (args.Length < 2 * Word) return false;
        if (!TryReadSmallWord(args[..Word], out var offset) || offset > args.Length - Word) return false;
        if (!TryReadSmallWord(args.Slice(offset, Word), out var length) || length > args.Length - offset - Word) return false;
        try
        {
            message = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                .GetString(args.Slice(offset + Word, length));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    // Offsets and lengths are uint256 words; anything beyond int range cannot point inside the data we hold.
    private static bool TryReadSmallWord(ReadOnlySpan<byte> word, out int value)
    {
        value = 0;
        if (word[..(Word - 4)].IndexOfAnyExcept((byte)0) >= 0) return false;
        var v = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(word[(Word - 4)..]);
        if (v > int.MaxValue) return false;
        value = (int)v;
        return true;
    }

    /// <summary>Solidity's documented panic codes.</summary>
    public static string PanicMeaning(BigInteger code) => (code > 0xff ? -1 : (int)code) switch
    {
        0x00 => "generic compiler panic",
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "invalid storage byte array encoding",
        0x31 => "pop on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to a zero-initialized function pointer",
        _ => "unknown panic code",
    };
}
