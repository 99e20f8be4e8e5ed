using System.Collections.Immutable;
using System.Numerics;
using System.Text;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rlp;

/// <summary>An RLP item: either a byte string (<see cref="RlpString"/>) or a list of items (<see cref="RlpList"/>).</summary>
public abstract class RlpItem : IEquatable<RlpItem>
{
    private protected RlpItem()
    {
    }

    /// <summary>The canonical RLP encoding of this item.</summary>
    public byte[] Encode() => RlpEncoder.Encode(this);

    /// <summary>The number of bytes <see cref="Encode"/> produces.</summary>
    public abstract int EncodedLength { get; }

    /// <summary>This item as a byte string, or a <see cref="FormatException"/> naming <paramref name="what"/>.</summary>
    public RlpString AsString(string what = "item") =>
        this as RlpString ?? throw new FormatException($"RLP {what} must be a byte string, got a list");

    /// <summary>This item as a list, or a <see cref="FormatException"/> naming <paramref name="what"/>.</summary>
    public RlpList AsList(string what = "item") =>
        this as RlpList ?? throw new FormatException($"RLP {what} must be a list, got a byte string");

    public abstract bool Equals(RlpItem? other);

    public sealed override bool Equals(object? obj) => obj is RlpItem other && Equals(other);

    public abstract override int GetHashCode();

    internal abstract void WriteTo(Span<byte> destination);
}

/// <summary>An RLP byte string. Integers are byte strings holding their big-endian value without leading zeros.</summary>
public sealed class RlpString : RlpItem
{
    /// <summary>The empty byte string (0x80), which is also how RLP encodes the integer zero.</summary>
    public static readonly RlpString Empty = new(ReadOnlyMemory<byte>.Empty, copy: false);

    private readonly ReadOnlyMemory<byte> _bytes;

    /// <summary>Wraps a copy of <paramref name="bytes"/>.</summary>
    public RlpString(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    // The decoder hands out slices of its own private copy of the input, so they need no second copy.
    internal RlpString(ReadOnlyMemory<byte> bytes, bool copy) => _bytes = copy ? bytes.ToArray() : bytes;

    /// <summary>The string's bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes.Span;

    /// <summary>The string's bytes.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>Number of bytes in the string (not its encoding).</summary>
    public int Length => _bytes.Length;

    public override int EncodedLength => RlpEncoder.GetStringEncodedLength(_bytes.Span);

    /// <summary>A non-negative integer as its minimal big-endian bytes (zero is the empty string).</summary>
    public static RlpString FromBigInteger(BigInteger value) => new(HexBigInteger.ToBytes(value), copy: false);

    /// <summary>An unsigned integer as its minimal big-endian bytes (zero is the empty string).</summary>
    public static RlpString FromUInt64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        return new RlpString(RlpEncoder.MinimalBigEndian(value, buffer));
    }

    /// <summary>The 20 address bytes.</summary>
    public static RlpString FromAddress(Address address) => new(address.Bytes);

    /// <summary>The UTF-8 bytes of <paramref name="text"/>.</summary>
    public static RlpString FromUtf8(string text) => new(System.Text.Encoding.UTF8.GetBytes(text), copy: false);

    /// <summary>A copy of the string's bytes.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>
    /// Reads the string as a non-negative integer. Leading zero bytes are rejected because they make a second
    /// encoding of the same number, which would give a transaction two hashes.
    /// </summary>
    /// <exception cref="FormatException">The string has a leading zero byte.</exception>
    public BigInteger ToBigInteger(string what = "integer")
    {
        var span = _bytes.Span;
        if (span.Length > 0 && span[0] == 0)
            throw new FormatException($"RLP {what} is not canonical: leading zero byte in {Hex.Encode(span)}");
        return HexBigInteger.FromBytes(span);
    }

    /// <summary>Reads the string as an unsigned 64-bit integer (canonical, at most 8 bytes).</summary>
    /// <exception cref="FormatException">Leading zero byte, or more than 8 bytes.</exception>
    public ulong ToUInt64(string what = "integer")
    {
        var span = _bytes.Span;
        if (span.Length > 8)
            throw new FormatException($"RLP {what} does not fit in 64 bits ({span.Length} bytes)");
        if (span.Length > 0 && span[0] == 0)
            throw new FormatException($"RLP {what} is not canonical: leading zero byte in {Hex.Encode(span)}");
        ulong value = 0;
        foreach (var b in span) value = (value << 8) | b;
        return value;
    }

    /// <summary>Reads the string as a 20-byte address.</summary>
    /// <exception cref="FormatException">The string is not 20 bytes.</exception>
    public Address ToAddress(string what = "address")
    {
        if (_bytes.Length != 20)
            throw new FormatException($"RLP {what} must be 20 bytes, got {_bytes.Length}");
        return new Address(_bytes.Span);
    }

    public override bool Equals(RlpItem? other) => other is RlpString s && s._bytes.Span.SequenceEqual(_bytes.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes.Span);
        return hash.ToHashCode();
    }

    /// <summary>The bytes as 0x-hex (a debugging aid; long strings are shortened).</summary>
    public override string ToString() => Hex.Shorten(Hex.Encode(_bytes.Span));

    internal override void WriteTo(Span<byte> destination) => RlpEncoder.WriteString(_bytes.Span, destination);
}

/// <summary>An RLP list of items (strings or nested lists).</summary>
/// <remarks>
/// Deliberately not an <see cref="IEnumerable{T}"/>: if it were, <c>new RlpList(inner)</c> would copy the items of
/// <c>inner</c> instead of nesting it. <c>foreach</c> still works through <see cref="GetEnumerator"/>.
/// </remarks>
public sealed class RlpList : RlpItem
{
    /// <summary>The empty list (0xc0).</summary>
    public static readonly RlpList Empty = new(ImmutableArray<RlpItem>.Empty);

    // Encoding asks for nested payload lengths once per ancestor; caching keeps that linear in the tree size.
    // The list is immutable, so the cached value never goes stale.
    private int _payloadLength = -1;

    /// <summary>A list of the given items.</summary>
    public RlpList(params ReadOnlySpan<RlpItem> items)
        : this(ImmutableArray.Create(items))
    {
    }

    /// <summary>A list of the given items.</summary>
    public RlpList(IEnumerable<RlpItem> items)
        : this(ImmutableArray.CreateRange(items ?? throw new ArgumentNullException(nameof(items))))
    {
    }

    /// <summary>A list of the given items (no copy: the array is already immutable).</summary>
    public RlpList(ImmutableArray<RlpItem> items)
    {
        if (items.IsDefault) throw new ArgumentException("items is a default (uninitialised) ImmutableArray", nameof(items));
        for (var i = 0; i < items.Length; i++)
            if (items[i] is null) throw new ArgumentException($"list item {i} is null", nameof(items));
        Items = items;
    }

    /// <summary>The list's items in order.</summary>
    public ImmutableArray<RlpItem> Items { get; }

    public int Count => Items.Length;

    public RlpItem this[int index] => Items[index];

    /// <summary>Total length of the items' encodings (the list's payload).</summary>
    public int PayloadLength
    {
        get
        {
            if (_payloadLength < 0)
            {
                long sum = 0;
                foreach (var item in Items) sum += item.EncodedLength;
                if (sum > int.MaxValue) throw new InvalidOperationException("RLP list payload exceeds 2 GiB");
                _payloadLength = (int)sum;
            }
            return _payloadLength;
        }
    }

    public override int EncodedLength => RlpEncoder.GetHeaderLength(PayloadLength) + PayloadLength;

    /// <summary>Checks the item count, so decoders can report "expected 9 fields, got 8" instead of an index error.</summary>
    /// <exception cref="FormatException">The list has a different number of items.</exception>
    public RlpList RequireCount(int count, string what = "list")
    {
        if (Items.Length != count)
            throw new FormatException($"RLP {what} must have {count} items, got {Items.Length}");
        return this;
    }

    public ImmutableArray<RlpItem>.Enumerator GetEnumerator() => Items.GetEnumerator();

    public override bool Equals(RlpItem? other)
    {
        if (other is not RlpList list || list.Items.Length != Items.Length) return false;
        for (var i = 0; i < Items.Length; i++)
            if (!Items[i].Equals(list.Items[i])) return false;
        return true;
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Items.Length);
        foreach (var item in Items) hash.Add(item.GetHashCode());
        return hash.ToHashCode();
    }

    /// <summary>The items in brackets (a debugging aid).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < Items.Length; i++)
        {
            if (i > 0) builder.Append(", ");
            builder.Append(Items[i]);
        }
        return builder.Append(']').ToString();
    }

    internal override void WriteTo(Span<byte> destination)
    {
        var header = RlpEncoder.WriteHeader(0xc0, PayloadLength, destination);
        var offset = header;
        foreach (var item in Items)
        {
            var length = item.EncodedLength;
            item.WriteTo(destination.Slice(offset, length));
            offset += length;
        }
    }
}
