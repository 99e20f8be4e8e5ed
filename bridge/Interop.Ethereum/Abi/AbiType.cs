using System.Text;
using Interop.Ethereum.Crypto;

namespace Interop.Ethereum.Abi;

/// <summary>
/// A Solidity ABI type, parsed from its canonical string ("uint256", "bytes32[]", "(address,string)[2]").
/// </summary>
/// <remarks>
/// Values are plain C# values. Encoding accepts: any integer type or <see cref="System.Numerics.BigInteger"/> for
/// intN/uintN; <see cref="Ethereum.Address"/>; bool; byte[] or ReadOnlyMemory&lt;byte&gt; for bytes and bytesN; string;
/// any array, list or tuple for arrays and tuples. Decoding returns BigInteger, Address, bool, byte[], string, and
/// object?[] for arrays and tuples. Types compare equal when their canonical strings do (component names are ignored).
/// </remarks>
public abstract class AbiType : IEquatable<AbiType>
{
    /// <summary>Deepest nesting of arrays and tuples accepted, so a hostile type string cannot exhaust the stack.</summary>
    public const int MaxDepth = 32;

    private protected AbiType(string canonicalName, bool isDynamic, int staticSize, int depth)
    {
        CanonicalName = canonicalName;
        IsDynamic = isDynamic;
        StaticSize = staticSize;
        Depth = depth;
    }

    /// <summary>The canonical type string used in signatures, e.g. "uint256" for "uint".</summary>
    public string CanonicalName { get; }

    /// <summary>True for bytes, string, T[] and anything containing them: encoded in the tail behind an offset.</summary>
    public bool IsDynamic { get; }

    /// <summary>Bytes taken in the head of an enclosing tuple: the whole encoding if static, a 32-byte offset if dynamic.</summary>
    public int HeadSize => IsDynamic ? AbiWords.Size : StaticSize;

    /// <summary>Encoded size of a static type; meaningless for dynamic types.</summary>
    internal int StaticSize { get; }

    /// <summary>Nesting level: 0 for elementary types.</summary>
    internal int Depth { get; }

    /// <summary>
    /// True for Solidity's value types (integers, address, bool, bytesN): one word, stored directly when indexed in
    /// an event; everything else is hashed.
    /// </summary>
    internal virtual bool IsWord => false;

    /// <summary>Parses a type string; whitespace between tokens is ignored, "uint"/"int" mean 256 bits.</summary>
    /// <exception cref="FormatException">Names the position and what is malformed.</exception>
    public static AbiType Parse(string text) => SignatureParser.ParseType(text);

    /// <summary>Parses a comma-separated list of types ("address,uint256"); empty text is the empty list.</summary>
    public static IReadOnlyList<AbiType> ParseList(string text) => SignatureParser.ParseTypeList(text);

    /// <summary>The 32-byte event topic for <paramref name="value"/> as an indexed parameter of this type.</summary>
    /// <remarks>
    /// Value types are stored as their ABI word; a string or bytes as the Keccak-256 of its content; arrays and tuples as
    /// the Keccak-256 of their in-place encoding (elements padded to 32 bytes, no lengths or offsets).
    /// </remarks>
    public byte[] EncodeTopic(object? value)
    {
        if (IsWord)
        {
            var word = new byte[AbiWords.Size];
            Encode(value, word);
            return word;
        }
        // A string or bytes is hashed as its raw content; inside arrays and tuples the same values are padded to
        // whole words (what solc does, checked against its logs).
        var topLevelBytes = this is AbiBytesType or AbiStringType;
        var buffer = new byte[topLevelBytes ? GetPackedSize(value) : GetInPlaceSize(value)];
        if (topLevelBytes) EncodePacked(value, buffer);
        else EncodeInPlace(value, buffer);
        return Keccak256.Hash(buffer);
    }

    /// <summary>Renders a value of this type the way cast prints it: decimals, checksummed addresses, 0x-hex, [..], (..).</summary>
    public string FormatValue(object? value)
    {
        var builder = new StringBuilder();
        Format(value, builder);
        return builder.ToString();
    }

    public override string ToString() => CanonicalName;

    public bool Equals(AbiType? other) => other is not null && string.Equals(CanonicalName, other.CanonicalName, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as AbiType);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalName);

    public static bool operator ==(AbiType? left, AbiType? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(AbiType? left, AbiType? right) => !(left == right);

    /// <summary>Size of the standard encoding of <paramref name="value"/>; for static types, <see cref="StaticSize"/>.</summary>
    internal abstract int GetEncodedSize(object? value);

    /// <summary>Writes the standard encoding at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    internal abstract int Encode(object? value, Span<byte> destination);

    /// <summary>Decodes the value whose encoding starts at <paramref name="position"/>.</summary>
    /// <param name="end">Where this value's encoding ends (for static types, position + size).</param>
    internal virtual object Decode(ref AbiReader reader, int position, out int end)
    {
        var value = DecodeWord(reader.Word(position), position);
        reader.Charge(AbiWords.Size, position);
        end = position + AbiWords.Size;
        return value;
    }

    /// <summary>Decodes and validates one word of a value type.</summary>
    internal virtual object DecodeWord(ReadOnlySpan<byte> word, int position) =>
        throw new InvalidOperationException($"{this} is not a one-word value type");

    /// <summary>Size in abi.encodePacked: value types at their natural width, bytes/string unpadded.</summary>
    internal virtual int GetPackedSize(object? value) =>
        throw new AbiEncodingException($"abi.encodePacked does not support {this}");

    internal virtual int EncodePacked(object? value, Span<byte> destination) =>
        throw new AbiEncodingException($"abi.encodePacked does not support {this}");

    /// <summary>Size of the in-place encoding hashed for indexed event parameters: every value padded, no lengths or offsets.</summary>
    internal virtual int GetInPlaceSize(object? value) => IsWord
        ? AbiWords.Size
        : throw new InvalidOperationException($"{this} must define its in-place encoding");

    internal virtual int EncodeInPlace(object? value, Span<byte> destination) => IsWord
        ? Encode(value, destination)
        : throw new InvalidOperationException($"{this} must define its in-place encoding");

    internal abstract void Format(object? value, StringBuilder builder);
}
