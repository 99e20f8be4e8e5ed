using System.Numerics;
using System.Text.Json;
using static Interop.Ethereum.Rpc.Json.JsonFields;

namespace Interop.Ethereum.Rpc.Model;

/// <summary>A transaction as eth_getTransactionByHash and full blocks return it (signature fields omitted).</summary>
public sealed record Transaction
{
    public required byte[] Hash { get; init; }

    /// <summary>EIP-2718 type: 0 legacy, 1 access list, 2 EIP-1559, 3 blob, 4 set-code.</summary>
    public required byte Type { get; init; }

    public required ulong Nonce { get; init; }
    public required Address From { get; init; }

    /// <summary>Null for a contract creation.</summary>
    public Address? To { get; init; }

    public required BigInteger Value { get; init; }
    public required ulong Gas { get; init; }

    /// <summary>For type 2+ in a block: the effective gas price; for pending type 2+ some nodes send maxFeePerGas here.</summary>
    public BigInteger? GasPrice { get; init; }

    public BigInteger? MaxFeePerGas { get; init; }
    public BigInteger? MaxPriorityFeePerGas { get; init; }
    public required byte[] Input { get; init; }
    public ulong? ChainId { get; init; }

    /// <summary>Null while pending.</summary>
    public byte[]? BlockHash { get; init; }

    /// <summary>Null while pending.</summary>
    public ulong? BlockNumber { get; init; }

    /// <summary>Null while pending.</summary>
    public ulong? TransactionIndex { get; init; }

    internal static Transaction FromJson(JsonElement e) => new()
    {
        Hash = GetHash(e, "hash"),
        Type = (byte)(GetOptionalUlong(e, "type") ?? 0),
        Nonce = GetUlong(e, "nonce"),
        From = GetAddress(e, "from"),
        To = GetOptionalAddress(e, "to"),
        Value = GetBigInt(e, "value"),
        Gas = GetUlong(e, "gas"),
        GasPrice = GetOptionalBigInt(e, "gasPrice"),
        MaxFeePerGas = GetOptionalBigInt(e, "maxFeePerGas"),
        MaxPriorityFeePerGas = GetOptionalBigInt(e, "maxPriorityFeePerGas"),
        Input = GetBytes(e, "input"),
        ChainId = GetOptionalUlong(e, "chainId"),
        BlockHash = GetOptionalHash(e, "blockHash"),
        BlockNumber = GetOptionalUlong(e, "blockNumber"),
        TransactionIndex = GetOptionalUlong(e, "transactionIndex"),
    };
}
