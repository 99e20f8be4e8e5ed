using System.Numerics;

namespace Interop.Ethereum.TypedData;

/// <summary>
/// The standard EIP-712 domain fields; unset fields are left out of the domain type, as ethers and viem do.
/// Convert it with <see cref="ToValues"/> for <see cref="Eip712TypedData.Create"/>.
/// </summary>
public sealed record Eip712Domain
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public BigInteger? ChainId { get; init; }

    public Address? VerifyingContract { get; init; }

    /// <summary>A 32-byte salt. Stored as a copy; do not modify the returned array.</summary>
    public byte[]? Salt
    {
        get;
        init => field = value is null ? null
            : value.Length == 32 ? value.ToArray()
            : throw new ArgumentException($"the domain salt must be 32 bytes, got {value.Length}", nameof(Salt));
    }

    /// <summary>The set fields as a value dictionary keyed by their EIP-712 names.</summary>
    public IReadOnlyDictionary<string, object?> ToValues()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Name is not null) values["name"] = Name;
        if (Version is not null) values["version"] = Version;
        if (ChainId is { } chainId) values["chainId"] = chainId;
        if (VerifyingContract is { } contract) values["verifyingContract"] = contract;
        if (Salt is not null) values["salt"] = Salt.ToArray();
        return values;
    }

    public bool Equals(Eip712Domain? other) =>
        other is not null && Name == other.Name && Version == other.Version && ChainId == other.ChainId
        && VerifyingContract == other.VerifyingContract
        && (Salt is null ? other.Salt is null : other.Salt is not null && Salt.AsSpan().SequenceEqual(other.Salt));

    public override int GetHashCode() => HashCode.Combine(Name, Version, ChainId, VerifyingContract);
}
