using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Abi;

/// <summary>Bounds-checked access to ABI-encoded data, shared by every type's decoder during one decode.</summary>
internal ref struct AbiReader
{
    // Offsets may legally point at the same tail twice, so a few hundred bytes of nested arrays could otherwise
    // decode into gigabytes. Without aliasing, the leaves charged below never add up to more than the input, so a
    // small multiple of the input stops such bombs without rejecting anything an encoder would produce.
    private const int BudgetFactor = 4;
    private const int BudgetSlack = 4096;

    private long _budget;

    public AbiReader(ReadOnlySpan<byte> data, AbiDecodingMode mode)
    {
        Data = data;
        Strict = mode == AbiDecodingMode.Strict;
        _budget = data.Length * (long)BudgetFactor + BudgetSlack;
    }

    public ReadOnlySpan<byte> Data { get; }

    public bool Strict { get; }

    /// <summary>The 32-byte word at <paramref name="position"/>, or a truncation error.</summary>
    public readonly ReadOnlySpan<byte> Word(int position)
    {
        Require(position, 32, "a 32-byte word");
        return Data.Slice(position, 32);
    }

    /// <summary>Fails unless <paramref name="count"/> bytes are available at <paramref name="position"/>.</summary>
    public readonly void Require(int position, long count, string what)
    {
        if (position < 0 || position > Data.Length || count > Data.Length - position)
            throw new AbiDecodingException(position,
                $"data is too short: {what} needs {count} bytes here but the data ends at byte {Data.Length}");
    }

    /// <summary>
    /// Reads the offset word at <paramref name="headPosition"/> and returns the absolute position it points to,
    /// counted from <paramref name="basePosition"/> (the start of the enclosing tuple or array).
    /// </summary>
    public readonly int ReadOffset(int headPosition, int basePosition)
    {
        var value = ReadSmallInteger(headPosition, "offset");
        var target = basePosition + value;
        if (target >= Data.Length)
            throw new AbiDecodingException(headPosition,
                $"offset {value} points to byte {target}, past the end of the data ({Data.Length} bytes)");
        return (int)target;
    }

    /// <summary>
    /// Reads the length word at <paramref name="position"/> and checks that <paramref name="bytesPerItem"/> bytes per
    /// item fit after it, before anything is allocated for the items.
    /// </summary>
    public readonly int ReadLength(int position, int bytesPerItem, string what)
    {
        var length = ReadSmallInteger(position, $"{what} length");
        var available = Data.Length - (position + 32L);
        if (length * bytesPerItem > available)
            throw new AbiDecodingException(position,
                $"{what} length {length} needs {length * bytesPerItem} bytes but only {available} remain");
        return (int)length;
    }

    /// <summary>Counts decoded weight against the budget; see <see cref="BudgetFactor"/>.</summary>
    public void Charge(long weight, int position)
    {
        _budget -= weight;
        if (_budget < 0)
            throw new AbiDecodingException(position,
                $"decoded values would exceed {BudgetFactor}x the {Data.Length}-byte input: offsets reuse the same data over and over");
    }

    private readonly long ReadSmallInteger(int position, string what)
    {
        var word = Word(position);
        // Anything that does not fit in 32 bits cannot be a valid offset or length for data held in memory.
        if (word[..28].IndexOfAnyExcept((byte)0) >= 0 || (word[28] & 0x80) != 0)
            throw new AbiDecodingException(position,
                $"{what} {Hex.Encode(word.TrimStart((byte)0))} is larger than the data ({Data.Length} bytes)");
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(word[28..]);
    }
}
