using System.Numerics;
using System.Text.Json;
using static Interop.Ethereum.Rpc.Json.JsonFields;

namespace Interop.Ethereum.Rpc.Model;

/// <summary>The receipt of a mined transaction (eth_getTransactionReceipt).</summary>
public sealed record Receipt
{
    public required byte[] TransactionHash { get; init; }
    public required ulong TransactionIndex { get; init; }
    public required byte[] BlockHash { get; init; }
    public required ulong BlockNumber { get; init; }
    public required Address From { get; init; }

    /// <summary>Null for a contract creation.</summary>
    public Address? To { get; init; }

    /// <summary>The created contract, for a contract creation.</summary>
    public Address? ContractAddress { get; init; }

    /// <summary>1 success, 0 failure (reverted or out of gas); null only for pre-Byzantium receipts.</summary>
    public ulong? Status { get; init; }

    /// <summary>True when <see cref="Status"/> is 1.</summary>
    public bool Succeeded => Status == 1;

    public required ulong GasUsed { get; init; }
    public required ulong CumulativeGasUsed { get; init; }

    /// <summary>What was actually paid per gas (base fee + priority fee for EIP-1559).</summary>
    public required BigInteger EffectiveGasPrice { get; init; }

    public byte Type { get; init; }
    public required IReadOnlyList<Log> Logs { get; init; }

    internal static Receipt FromJson(JsonElement e) => new()
    {
        TransactionHash = GetHash(e, "transactionHash"),
        TransactionIndex = GetUlong(e, "transactionIndex"),
        BlockHash = GetHash(e, "blockHash"),
        BlockNumber = GetUlong(e, "blockNumber"),
        From = GetAddress(e, "from"),
        To = GetOptionalAddress(e, "to"),
        ContractAddress = GetOptionalAddress(e, "contractAddress"),
        Status = GetOptionalUlong(e, "status"),
        GasUsed = GetUlong(e, "gasUsed"),
        CumulativeGasUsed = GetUlong(e, "cumulativeGasUsed"),
        // Pre-London nodes omit it; the legacy gas price is then what was paid, but we do not have it here.
        EffectiveGasPrice = GetOptionalBigInt(e, "effectiveGasPrice") ?? BigInteger.Zero,
        Type = (byte)(GetOptionalUlong(e, "type") ?? 0),
        Logs = GetArray(e, "logs", Log.FromJson),
    };
}
