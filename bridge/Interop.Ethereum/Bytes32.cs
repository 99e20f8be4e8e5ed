using Interop.Ethereum.Encoding;

namespace Interop.Ethereum;

/// <summary>An immutable 32-byte value (hash, id, root, or an address left-padded to 32 bytes).</summary>
public readonly struct Bytes32 : IEquatable<Bytes32>, IComparable<Bytes32>
{
    private readonly byte[]? _bytes;

    public static readonly Bytes32 Zero = new(new byte[32]);

    public Bytes32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32) throw new ArgumentException($"expected 32 bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    public ReadOnlySpan<byte> Span => _bytes ?? Zero._bytes!;

    public byte[] ToArray() => Span.ToArray();

    public static Bytes32 Parse(string hex) => new(Hex.DecodeFixed(hex, 32, "32-byte value"));

    /// <summary>The address right-aligned in 32 bytes.</summary>
    public static Bytes32 FromAddress(Address address) => new(address.ToBytes32());

    /// <summary>The address in the low 20 bytes; throws when the high 12 bytes are not zero.</summary>
    public Address ToAddress() => Address.FromBytes32(Span);

    public bool Equals(Bytes32 other) => Span.SequenceEqual(other.Span);
    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);
    public override int GetHashCode() => BitConverter.ToInt32(Span);
    public int CompareTo(Bytes32 other) => Span.SequenceCompareTo(other.Span);
    public static bool operator ==(Bytes32 left, Bytes32 right) => left.Equals(right);
    public static bool operator !=(Bytes32 left, Bytes32 right) => !left.Equals(right);
    public static bool operator <(Bytes32 left, Bytes32 right) => left.CompareTo(right) < 0;
    public static bool operator >(Bytes32 left, Bytes32 right) => left.CompareTo(right) > 0;
    public static bool operator <=(Bytes32 left, Bytes32 right) => left.CompareTo(right) <= 0;
    public static bool operator >=(Bytes32 left, Bytes32 right) => left.CompareTo(right) >= 0;

    public override string ToString() => Hex.Encode(Span);
}
