using System.Globalization;
using System.Text.Json;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rpc.Model;

/// <summary>
/// Which block a state query reads: a tag ("latest", "safe", "finalized", "pending", "earliest"), a number, or
/// (EIP-1898) a block hash, which pins a read to one block even across a reorg.
/// </summary>
public sealed record BlockParameter
{
    private readonly byte[]? _hash;

    private BlockParameter(string? tag, ulong? number, byte[]? hash, bool requireCanonical)
    {
        Tag = tag;
        Number = number;
        _hash = hash;
        RequireCanonical = requireCanonical;
    }

    /// <summary>The most recent block the node has (may be reorged away).</summary>
    public static BlockParameter Latest { get; } = new("latest", null, null, false);

    /// <summary>The pending state: latest plus the node's pending transactions (nonces of queued txs count here).</summary>
    public static BlockParameter Pending { get; } = new("pending", null, null, false);

    /// <summary>The genesis block.</summary>
    public static BlockParameter Earliest { get; } = new("earliest", null, null, false);

    /// <summary>The latest block the consensus layer considers safe from reorgs under honest majority.</summary>
    public static BlockParameter Safe { get; } = new("safe", null, null, false);

    /// <summary>The latest finalized block.</summary>
    public static BlockParameter Finalized { get; } = new("finalized", null, null, false);

    /// <summary>The tag, when this names one.</summary>
    public string? Tag { get; }

    /// <summary>The block number, when this names one.</summary>
    public ulong? Number { get; }

    /// <summary>The block hash, when this names one (EIP-1898).</summary>
    // Spelled out: a null byte[] converts implicitly to an empty (non-null) ReadOnlyMemory.
    public ReadOnlyMemory<byte>? Hash => _hash is null ? (ReadOnlyMemory<byte>?)null : _hash;

    /// <summary>With a hash: fail unless the block is canonical (EIP-1898 requireCanonical).</summary>
    public bool RequireCanonical { get; }

    /// <summary>A block by number.</summary>
    public static BlockParameter AtNumber(ulong number) => new(null, number, null, false);

    /// <summary>A block by hash (EIP-1898); only state methods (eth_call, eth_getBalance, ...) accept it.</summary>
    public static BlockParameter AtHash(ReadOnlySpan<byte> blockHash, bool requireCanonical = false)
    {
        if (blockHash.Length != 32) throw new ArgumentException($"a block hash is 32 bytes, got {blockHash.Length}", nameof(blockHash));
        return new(null, null, blockHash.ToArray(), requireCanonical);
    }

    public static implicit operator BlockParameter(ulong number) => AtNumber(number);

    internal void WriteTo(Utf8JsonWriter writer, bool allowHash)
    {
        if (Tag is not null) writer.WriteStringValue(Tag);
        else if (Number is { } n) writer.WriteStringValue(HexBigInteger.ToQuantity(n));
        else if (!allowHash) throw new ArgumentException("this method takes a block number or tag, not a block hash (EIP-1898 applies to state queries only)");
        else
        {
            writer.WriteStartObject();
            writer.WriteString("blockHash", Hex.Encode(_hash));
            if (RequireCanonical) writer.WriteBoolean("requireCanonical", true);
            writer.WriteEndObject();
        }
    }

    public override string ToString() =>
        Tag ?? (Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : Hex.Encode(_hash));

    public bool Equals(BlockParameter? other) =>
        other is not null && Tag == other.Tag && Number == other.Number && RequireCanonical == other.RequireCanonical
        && (_hash ?? []).AsSpan().SequenceEqual(other._hash ?? []);

    public override int GetHashCode() => HashCode.Combine(Tag, Number, _hash is null ? 0 : BitConverter.ToInt32(_hash, 0));
}
