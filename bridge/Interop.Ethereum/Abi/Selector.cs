using System.Buffers.Binary;
using System.Globalization;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Abi;

/// <summary>A 4-byte function or error selector: the first 4 bytes of the Keccak-256 of the canonical signature.</summary>
public readonly struct Selector : IEquatable<Selector>
{
    public const int Size = 4;

    public Selector(uint value) => Value = value;

    /// <summary>The selector as a big-endian number (0xa9059cbb for transfer(address,uint256)).</summary>
    public uint Value { get; }

    /// <summary>Hashes a canonical signature such as "transfer(address,uint256)".</summary>
    public static Selector FromSignature(string canonicalSignature)
    {
        Span<byte> hash = stackalloc byte[Keccak256.Size];
        Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(canonicalSignature), hash);
        return FromBytes(hash);
    }

    /// <summary>The first 4 bytes of <paramref name="data"/> (calldata or revert data).</summary>
    /// <exception cref="ArgumentException">Fewer than 4 bytes.</exception>
    public static Selector FromBytes(ReadOnlySpan<byte> data) => data.Length >= Size
        ? new Selector(BinaryPrimitives.ReadUInt32BigEndian(data))
        : throw new ArgumentException($"a selector needs 4 bytes, got {data.Length}", nameof(data));

    /// <summary>Parses "0xa9059cbb".</summary>
    public static Selector Parse(string hex) => FromBytes(Hex.DecodeFixed(hex, Size, "selector"));

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>"0xa9059cbb".</summary>
    public override string ToString() => "0x" + Value.ToString("x8", CultureInfo.InvariantCulture);

    public bool Equals(Selector other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is Selector other && Equals(other);
    public override int GetHashCode() => (int)Value;
    public static bool operator ==(Selector left, Selector right) => left.Equals(right);
    public static bool operator !=(Selector left, Selector right) => !left.Equals(right);
}
