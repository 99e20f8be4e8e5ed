using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Abi;

/// <summary>
/// The value of an indexed event parameter of a non-value type (string, bytes, array, tuple): a log keeps only the
/// Keccak-256 of it, so the value itself cannot be recovered, only compared.
/// </summary>
public sealed class HashedTopic : IEquatable<HashedTopic>
{
    private readonly byte[] _hash;

    internal HashedTopic(AbiType type, ReadOnlySpan<byte> hash)
    {
        Type = type;
        _hash = hash.ToArray();
    }

    /// <summary>The declared type of the parameter.</summary>
    public AbiType Type { get; }

    /// <summary>The 32-byte topic.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>True when <paramref name="value"/> hashes to this topic (e.g. to tell which known string was logged).</summary>
    public bool Matches(object? value) => Type.EncodeTopic(value).AsSpan().SequenceEqual(_hash);

    public override string ToString() => $"keccak256({Type}) {Hex.Encode(_hash)}";

    public bool Equals(HashedTopic? other) => other is not null && Type == other.Type && _hash.AsSpan().SequenceEqual(other._hash);
    public override bool Equals(object? obj) => Equals(obj as HashedTopic);
    public override int GetHashCode() => BitConverter.ToInt32(_hash, 0);
}
