using System.Numerics;
using System.Text.Json;
using static Interop.Ethereum.Rpc.Json.JsonFields;

namespace Interop.Ethereum.Rpc.Model;

/// <summary>A block header with its transaction hashes (and the transactions when requested in full).</summary>
public sealed record Block
{
    public required ulong Number { get; init; }
    public required byte[] Hash { get; init; }
    public required byte[] ParentHash { get; init; }

    /// <summary>Seconds since the Unix epoch.</summary>
    public required ulong Timestamp { get; init; }

    /// <summary>EIP-1559 base fee; null before London.</summary>
    public BigInteger? BaseFeePerGas { get; init; }

    public required ulong GasLimit { get; init; }
    public required ulong GasUsed { get; init; }
    public required Address Miner { get; init; }

    /// <summary>Hashes of the block's transactions in order (filled in both modes).</summary>
    public required IReadOnlyList<byte[]> TransactionHashes { get; init; }

    /// <summary>The transactions, when the block was requested with full transactions; otherwise null.</summary>
    public IReadOnlyList<Transaction>? Transactions { get; init; }

    internal static Block FromJson(JsonElement e)
    {
        var txs = Required(e, "transactions");
        IReadOnlyList<Transaction>? full = null;
        IReadOnlyList<byte[]> hashes;
        // The node decides the shape by the request's flag; read what arrived rather than trusting the flag.
        if (txs.ValueKind == JsonValueKind.Array && txs.GetArrayLength() > 0 && txs[0].ValueKind == JsonValueKind.Object)
        {
            full = AsArray(txs, "transactions", Transaction.FromJson);
            hashes = full.Select(t => t.Hash).ToArray();
        }
        else
        {
            hashes = AsArray(txs, "transactions", t => AsHash(t, "transactions[]"));
        }
        return new Block
        {
            Number = GetUlong(e, "number"),
            // A pending block has no hash yet; an empty array keeps the field non-null for every mined block.
            Hash = GetOptionalHash(e, "hash") ?? [],
            ParentHash = GetHash(e, "parentHash"),
            Timestamp = GetUlong(e, "timestamp"),
            BaseFeePerGas = GetOptionalBigInt(e, "baseFeePerGas"),
            GasLimit = GetUlong(e, "gasLimit"),
            GasUsed = GetUlong(e, "gasUsed"),
            Miner = GetOptionalAddress(e, "miner") ?? Ethereum.Address.Zero,
            TransactionHashes = hashes,
            Transactions = full,
        };
    }
}
