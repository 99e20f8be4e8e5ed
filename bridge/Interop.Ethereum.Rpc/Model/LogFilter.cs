using System.Text.Json;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Json;

namespace Interop.Ethereum.Rpc.Model;

/// <summary>
/// An eth_getLogs filter: contract addresses (any of), up to four topic positions, and either a block range or one
/// block hash. In <see cref="Topics"/>, position i is null to match anything, or a set of which any one must match:
/// <c>Topics = [[transferSig], null, [alice, bob]]</c>.
/// </summary>
public sealed record LogFilter
{
    /// <summary>Logs emitted by any of these addresses; empty matches every address.</summary>
    public IReadOnlyList<Address> Addresses { get; init; } = [];

    /// <summary>Per position: null = wildcard, else an OR-set of 32-byte topics. Trailing positions may be omitted.</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>?> Topics { get; init; } = [];

    /// <summary>First block of the range (inclusive); the node's default is "latest".</summary>
    public BlockParameter? FromBlock { get; init; }

    /// <summary>Last block of the range (inclusive); the node's default is "latest".</summary>
    public BlockParameter? ToBlock { get; init; }

    /// <summary>Only this block (EIP-234); excludes <see cref="FromBlock"/> and <see cref="ToBlock"/>.</summary>
    public byte[]? BlockHash { get; init; }

    /// <summary>A filter over an inclusive block range.</summary>
    public static LogFilter Range(ulong fromBlock, ulong toBlock) =>
        new() { FromBlock = BlockParameter.AtNumber(fromBlock), ToBlock = BlockParameter.AtNumber(toBlock) };

    /// <summary>A filter over one block by hash (safe across reorgs: the node fails if it does not have that block).</summary>
    public static LogFilter AtBlockHash(byte[] blockHash) => new() { BlockHash = blockHash };

    /// <summary>Throws <see cref="ArgumentException"/> for a filter no node would accept, before it is sent.</summary>
    public void Validate()
    {
        if (BlockHash is not null && (FromBlock is not null || ToBlock is not null))
            throw new ArgumentException("a log filter takes either BlockHash or FromBlock/ToBlock, not both");
        if (BlockHash is { Length: not 32 })
            throw new ArgumentException($"BlockHash must be 32 bytes, got {BlockHash.Length}");
        if (FromBlock?.Hash is not null || ToBlock?.Hash is not null)
            throw new ArgumentException("FromBlock/ToBlock take numbers or tags; use BlockHash to select a block by hash");
        if (FromBlock?.Number is { } from && ToBlock?.Number is { } to && from > to)
            throw new ArgumentException($"FromBlock {from} is after ToBlock {to}");
        if (Topics.Count > 4)
            throw new ArgumentException($"a log has at most 4 topics, the filter has {Topics.Count} positions");
        for (var i = 0; i < Topics.Count; i++)
        {
            if (Topics[i] is not { } set) continue;
            if (set.Count == 0)
                throw new ArgumentException($"topic position {i} is an empty set, which matches nothing; use null for a wildcard");
            foreach (var topic in set)
                if (topic is not { Length: 32 })
                    throw new ArgumentException($"topic position {i} holds a value that is not 32 bytes");
        }
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        Validate();
        writer.WriteStartObject();
        if (Addresses.Count == 1)
            writer.WriteAddress("address", Addresses[0]);
        else if (Addresses.Count > 1)
        {
            writer.WriteStartArray("address");
            foreach (var a in Addresses) writer.WriteAddress(a);
            writer.WriteEndArray();
        }
        if (Topics.Count > 0)
        {
            writer.WriteStartArray("topics");
            foreach (var set in Topics)
            {
                if (set is null) writer.WriteNullValue();
                else if (set.Count == 1) writer.WriteData(set[0]);
                else
                {
                    writer.WriteStartArray();
                    foreach (var t in set) writer.WriteData(t);
                    writer.WriteEndArray();
                }
            }
            writer.WriteEndArray();
        }
        if (BlockHash is not null) writer.WriteString("blockHash", Hex.Encode(BlockHash));
        if (FromBlock is not null)
        {
            writer.WritePropertyName("fromBlock");
            FromBlock.WriteTo(writer, allowHash: false);
        }
        if (ToBlock is not null)
        {
            writer.WritePropertyName("toBlock");
            ToBlock.WriteTo(writer, allowHash: false);
        }
        writer.WriteEndObject();
    }
}
