using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Json;
using Interop.Ethereum.Rpc.Model;
using static Interop.Ethereum.Rpc.Json.JsonFields;

namespace Interop.Ethereum.Rpc;

/// <summary>
/// The typed Ethereum JSON-RPC methods as requests, one factory per method, each citing its specification
/// (https://ethereum.github.io/execution-apis/ and the EIPs named). Send them with <see cref="RpcClient.SendAsync{T}"/>
/// one at a time, or several in one HTTP POST with <see cref="RpcClient.SendBatchAsync"/>.
/// </summary>
public static class RpcMethods
{
    /// <summary>eth_chainId (EIP-695): the chain id used for replay-protected signing.</summary>
    public static RpcRequest<ulong> ChainId() => NoParams("eth_chainId", r => AsUlong(r, "result"));

    /// <summary>eth_blockNumber: the number of the most recent block.</summary>
    public static RpcRequest<ulong> BlockNumber() => NoParams("eth_blockNumber", r => AsUlong(r, "result"));

    /// <summary>
    /// eth_getBlockByNumber: a block by number or tag, with transaction hashes or (<paramref name="fullTransactions"/>)
    /// full transactions; null when the node has no such block.
    /// </summary>
    public static RpcRequest<Block?> GetBlockByNumber(BlockParameter block, bool fullTransactions = false)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new("eth_getBlockByNumber", JsonParams.Write(w =>
        {
            block.WriteTo(w, allowHash: false);
            w.WriteBooleanValue(fullTransactions);
        }), NullOr(Block.FromJson));
    }

    /// <summary>eth_getBlockByHash: a block by its 32-byte hash; null when unknown (or reorged away on this node).</summary>
    public static RpcRequest<Block?> GetBlockByHash(byte[] blockHash, bool fullTransactions = false)
    {
        RequireHash(blockHash, nameof(blockHash));
        return new("eth_getBlockByHash", JsonParams.Write(w =>
        {
            w.WriteData(blockHash);
            w.WriteBooleanValue(fullTransactions);
        }), NullOr(Block.FromJson));
    }

    /// <summary>eth_getLogs: logs matching the filter (addresses, topic sets, block range or EIP-234 block hash).</summary>
    public static RpcRequest<IReadOnlyList<Log>> GetLogs(LogFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new("eth_getLogs", JsonParams.Write(filter.WriteTo), r => AsArray(r, "result", Log.FromJson));
    }

    /// <summary>eth_call: executes a message call against the state at <paramref name="block"/> (default latest) without a transaction; returns the return data.</summary>
    public static RpcRequest<byte[]> Call(CallRequest call, BlockParameter? block = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new("eth_call", JsonParams.Write(w =>
        {
            call.WriteTo(w);
            (block ?? BlockParameter.Latest).WriteTo(w, allowHash: true);
        }), r => AsBytes(r, "result"));
    }

    /// <summary>eth_estimateGas: the gas the transaction would need; reverts raise <see cref="Errors.ExecutionRevertedException"/>.</summary>
    public static RpcRequest<ulong> EstimateGas(CallRequest call, BlockParameter? block = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new("eth_estimateGas", JsonParams.Write(w =>
        {
            call.WriteTo(w);
            // The block argument is optional in the spec and some nodes reject it: send it only when asked.
            block?.WriteTo(w, allowHash: true);
        }), r => AsUlong(r, "result"));
    }

    /// <summary>eth_sendRawTransaction: submits a signed, RLP/EIP-2718-encoded transaction; returns its hash.</summary>
    public static RpcRequest<byte[]> SendRawTransaction(byte[] signedTransaction)
    {
        ArgumentNullException.ThrowIfNull(signedTransaction);
        if (signedTransaction.Length == 0) throw new ArgumentException("the signed transaction is empty", nameof(signedTransaction));
        return new("eth_sendRawTransaction", JsonParams.Write(w => w.WriteData(signedTransaction)), r => AsHash(r, "result"));
    }

    /// <summary>eth_getTransactionReceipt: the receipt of a mined transaction; null while pending or unknown.</summary>
    public static RpcRequest<Receipt?> GetTransactionReceipt(byte[] transactionHash)
    {
        RequireHash(transactionHash, nameof(transactionHash));
        return new("eth_getTransactionReceipt", JsonParams.Write(w => w.WriteData(transactionHash)), NullOr(Receipt.FromJson));
    }

    /// <summary>eth_getTransactionByHash: a transaction (pending or mined); null when unknown.</summary>
    public static RpcRequest<Transaction?> GetTransactionByHash(byte[] transactionHash)
    {
        RequireHash(transactionHash, nameof(transactionHash));
        return new("eth_getTransactionByHash", JsonParams.Write(w => w.WriteData(transactionHash)), NullOr(Transaction.FromJson));
    }

    /// <summary>
    /// eth_getTransactionCount: the account's nonce at <paramref name="block"/>; with <see cref="BlockParameter.Pending"/>
    /// it includes the node's pending transactions (the next nonce to use).
    /// </summary>
    public static RpcRequest<ulong> GetTransactionCount(Address address, BlockParameter? block = null) =>
        AddressAndBlock("eth_getTransactionCount", address, block, r => AsUlong(r, "result"));

    /// <summary>eth_getBalance: the account's balance in wei.</summary>
    public static RpcRequest<BigInteger> GetBalance(Address address, BlockParameter? block = null) =>
        AddressAndBlock("eth_getBalance", address, block, r => AsBigInteger(r, "result"));

    /// <summary>eth_getCode: the account's runtime bytecode (empty for an account without code).</summary>
    public static RpcRequest<byte[]> GetCode(Address address, BlockParameter? block = null) =>
        AddressAndBlock("eth_getCode", address, block, r => AsBytes(r, "result"));

    /// <summary>eth_getStorageAt: the 32-byte word in <paramref name="slot"/> of the account's storage.</summary>
    public static RpcRequest<byte[]> GetStorageAt(Address address, BigInteger slot, BlockParameter? block = null)
    {
        if (slot.Sign < 0) throw new ArgumentOutOfRangeException(nameof(slot), slot, "a storage slot is unsigned");
        return new("eth_getStorageAt", JsonParams.Write(w =>
        {
            w.WriteAddress(address);
            // A full 32-byte word: some clients (eth_getProof, older geth) reject shorter slot keys.
            w.WriteData(HexBigInteger.ToBytes(slot, 32));
            (block ?? BlockParameter.Latest).WriteTo(w, allowHash: true);
        }), r => Pad32(AsBytes(r, "result")));
    }

    /// <summary>
    /// eth_feeHistory: base fees and gas used ratios of the <paramref name="blockCount"/> blocks up to
    /// <paramref name="newestBlock"/>, and the priority fees paid at each of <paramref name="rewardPercentiles"/> (0..100, ascending).
    /// </summary>
    public static RpcRequest<FeeHistory> FeeHistory(int blockCount, BlockParameter? newestBlock = null, IReadOnlyList<double>? rewardPercentiles = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockCount);
        var percentiles = rewardPercentiles ?? [];
        for (var i = 0; i < percentiles.Count; i++)
            if (percentiles[i] is < 0 or > 100 || (i > 0 && percentiles[i] < percentiles[i - 1]))
                throw new ArgumentException("reward percentiles must be ascending values between 0 and 100", nameof(rewardPercentiles));
        return new("eth_feeHistory", JsonParams.Write(w =>
        {
            w.WriteQuantity((ulong)blockCount);
            (newestBlock ?? BlockParameter.Latest).WriteTo(w, allowHash: false);
            w.WriteStartArray();
            foreach (var p in percentiles) w.WriteNumberValue(p);
            w.WriteEndArray();
        }), Model.FeeHistory.FromJson);
    }

    /// <summary>eth_maxPriorityFeePerGas: the node's suggested EIP-1559 tip in wei.</summary>
    public static RpcRequest<BigInteger> MaxPriorityFeePerGas() => NoParams("eth_maxPriorityFeePerGas", r => AsBigInteger(r, "result"));

    /// <summary>eth_gasPrice: the node's suggested legacy gas price in wei.</summary>
    public static RpcRequest<BigInteger> GasPrice() => NoParams("eth_gasPrice", r => AsBigInteger(r, "result"));

    /// <summary>net_version: the network id as a decimal string.</summary>
    public static RpcRequest<string> NetVersion() => NoParams("net_version", r => r.ValueKind == JsonValueKind.Number
        ? r.GetUInt64().ToString(CultureInfo.InvariantCulture)
        : AsString(r, "result"));

    /// <summary>web3_clientVersion: the node software and version.</summary>
    public static RpcRequest<string> ClientVersion() => NoParams("web3_clientVersion", r => AsString(r, "result"));

    private static RpcRequest<T> NoParams<T>(string method, Func<JsonElement, T> parse) => new(method, JsonParams.Empty, parse);

    private static RpcRequest<T> AddressAndBlock<T>(string method, Address address, BlockParameter? block, Func<JsonElement, T> parse) =>
        new(method, JsonParams.Write(w =>
        {
            w.WriteAddress(address);
            (block ?? BlockParameter.Latest).WriteTo(w, allowHash: true);
        }), parse);

    private static Func<JsonElement, T?> NullOr<T>(Func<JsonElement, T> parse) where T : class =>
        r => r.ValueKind == JsonValueKind.Null ? null : parse(r);

    private static void RequireHash(byte[] hash, string name)
    {
        ArgumentNullException.ThrowIfNull(hash, name);
        if (hash.Length != 32) throw new ArgumentException($"a hash is 32 bytes, got {hash.Length}", name);
    }

    // Nodes may strip leading zeros from storage words; callers expect the full word.
    private static byte[] Pad32(byte[] value)
    {
        if (value.Length >= 32) return value;
        var word = new byte[32];
        value.CopyTo(word, 32 - value.Length);
        return word;
    }
}
