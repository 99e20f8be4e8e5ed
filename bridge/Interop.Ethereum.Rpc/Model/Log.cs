using System.Text.Json;
using static Interop.Ethereum.Rpc.Json.JsonFields;

namespace Interop.Ethereum.Rpc.Model;

/// <summary>An event log as eth_getLogs and receipts return it.</summary>
public sealed record Log
{
    public required Address Address { get; init; }

    /// <summary>Topic 0 is the event signature hash for non-anonymous events; each topic is 32 bytes.</summary>
    public required IReadOnlyList<byte[]> Topics { get; init; }

    public required byte[] Data { get; init; }
    public required ulong BlockNumber { get; init; }
    public required byte[] BlockHash { get; init; }
    public required byte[] TransactionHash { get; init; }
    public required ulong TransactionIndex { get; init; }

    /// <summary>Position of the log in its block.</summary>
    public required ulong LogIndex { get; init; }

    /// <summary>True when a reorg removed the log (delivered by filters and subscriptions, not by eth_getLogs).</summary>
    public bool Removed { get; init; }

    internal static Log FromJson(JsonElement e) => new()
    {
        Address = GetAddress(e, "address"),
        Topics = GetArray(e, "topics", t => AsHash(t, "topics[]")),
        Data = GetBytes(e, "data"),
        BlockNumber = GetUlong(e, "blockNumber"),
        BlockHash = GetHash(e, "blockHash"),
        TransactionHash = GetHash(e, "transactionHash"),
        TransactionIndex = GetUlong(e, "transactionIndex"),
        LogIndex = GetUlong(e, "logIndex"),
        Removed = GetOptionalBool(e, "removed"),
    };
}
