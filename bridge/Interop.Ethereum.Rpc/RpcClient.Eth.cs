using System.Numerics;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Ethereum.Rpc;

// The typed methods: one line each over RpcMethods, which holds the request shapes and the spec references.
public sealed partial class RpcClient
{
    /// <inheritdoc cref="RpcMethods.ChainId"/>
    public Task<ulong> ChainIdAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.ChainId(), cancellationToken);

    /// <inheritdoc cref="RpcMethods.BlockNumber"/>
    public Task<ulong> BlockNumberAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.BlockNumber(), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetBlockByNumber"/>
    public Task<Block?> GetBlockByNumberAsync(BlockParameter block, bool fullTransactions = false, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetBlockByNumber(block, fullTransactions), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetBlockByHash"/>
    public Task<Block?> GetBlockByHashAsync(byte[] blockHash, bool fullTransactions = false, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetBlockByHash(blockHash, fullTransactions), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetLogs"/>
    public Task<IReadOnlyList<Log>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetLogs(filter), cancellationToken);

    /// <inheritdoc cref="RpcMethods.Call"/>
    public Task<byte[]> EthCallAsync(CallRequest call, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.Call(call, block), cancellationToken);

    /// <inheritdoc cref="RpcMethods.EstimateGas"/>
    public Task<ulong> EstimateGasAsync(CallRequest call, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.EstimateGas(call, block), cancellationToken);

    /// <inheritdoc cref="RpcMethods.SendRawTransaction"/>
    public Task<byte[]> SendRawTransactionAsync(byte[] signedTransaction, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.SendRawTransaction(signedTransaction), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetTransactionReceipt"/>
    public Task<Receipt?> GetTransactionReceiptAsync(byte[] transactionHash, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetTransactionReceipt(transactionHash), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetTransactionByHash"/>
    public Task<Transaction?> GetTransactionByHashAsync(byte[] transactionHash, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetTransactionByHash(transactionHash), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetTransactionCount"/>
    public Task<ulong> GetTransactionCountAsync(Address address, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetTransactionCount(address, block), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetBalance"/>
    public Task<BigInteger> GetBalanceAsync(Address address, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetBalance(address, block), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetCode"/>
    public Task<byte[]> GetCodeAsync(Address address, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetCode(address, block), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GetStorageAt"/>
    public Task<byte[]> GetStorageAtAsync(Address address, BigInteger slot, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GetStorageAt(address, slot, block), cancellationToken);

    /// <inheritdoc cref="RpcMethods.FeeHistory"/>
    public Task<FeeHistory> FeeHistoryAsync(int blockCount, BlockParameter? newestBlock = null, IReadOnlyList<double>? rewardPercentiles = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.FeeHistory(blockCount, newestBlock, rewardPercentiles), cancellationToken);

    /// <inheritdoc cref="RpcMethods.MaxPriorityFeePerGas"/>
    public Task<BigInteger> MaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.MaxPriorityFeePerGas(), cancellationToken);

    /// <inheritdoc cref="RpcMethods.GasPrice"/>
    public Task<BigInteger> GasPriceAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.GasPrice(), cancellationToken);

    /// <inheritdoc cref="RpcMethods.NetVersion"/>
    public Task<string> NetVersionAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.NetVersion(), cancellationToken);

    /// <inheritdoc cref="RpcMethods.ClientVersion"/>
    public Task<string> ClientVersionAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RpcMethods.ClientVersion(), cancellationToken);
}
