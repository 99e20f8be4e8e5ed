using System.Numerics;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.Fees;
using Interop.Relayers.TxSending.Monitoring;
using Interop.Relayers.TxSending.State;

namespace Interop.Relayers.TxSending.Chain;

/// <summary><see cref="ITxSenderChain"/> over a JSON-RPC client (with its endpoint failover).</summary>
public sealed class RpcTxSenderChain(RpcClient rpc) : ITxSenderChain
{
    private static readonly IReadOnlyList<double> MedianPercentile = [50.0];

    public Task<ulong> GetChainIdAsync(CancellationToken cancellationToken) => rpc.ChainIdAsync(cancellationToken);

    public async Task<SignerNonces> GetNoncesAsync(Address signer, CancellationToken cancellationToken)
    {
        var latest = RpcMethods.GetTransactionCount(signer, BlockParameter.Latest);
        var pending = RpcMethods.GetTransactionCount(signer, BlockParameter.Pending);
        var batch = await rpc.SendBatchAsync([latest, pending], cancellationToken).ConfigureAwait(false);
        return new SignerNonces(batch.Get(latest).Value, batch.Get(pending).Value);
    }

    public async Task<PreparedRequest> PrepareAsync(Address signer, TxRequest request, int gasLimitPercent, CancellationToken cancellationToken)
    {
        ulong gasLimit;
        if (request.GasLimit is { } fixedLimit)
        {
            gasLimit = fixedLimit;
        }
        else
        {
            // Against the pending state, so a request that depends on one of our own unmined transactions estimates
            // as it will execute. A revert surfaces as ExecutionRevertedException: the request fails before taking a nonce.
            var estimate = await rpc.EstimateGasAsync(new CallRequest { From = signer, To = request.To, Data = request.Data, Value = request.Value },
                BlockParameter.Pending, cancellationToken).ConfigureAwait(false);
            gasLimit = checked((ulong)((new BigInteger(estimate) * gasLimitPercent + 99) / 100));
        }
        var (head, market) = await ReadHeadAndMarketAsync(cancellationToken).ConfigureAwait(false);
        return new PreparedRequest(gasLimit, market, head);
    }

    public async Task<ChainObservation> ObserveAsync(Address signer, IReadOnlyCollection<Bytes32> hashes, ulong confirmationDepth, CancellationToken cancellationToken)
    {
        var head = await rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        // Counts at fixed block numbers, not "latest": the pair must describe one chain state, read before the receipts.
        var latestCount = RpcMethods.GetTransactionCount(signer, BlockParameter.AtNumber(head));
        var confirmedCount = RpcMethods.GetTransactionCount(signer, BlockParameter.AtNumber(head >= confirmationDepth ? head - confirmationDepth : 0));
        var nonces = await rpc.SendBatchAsync([latestCount, confirmedCount], cancellationToken).ConfigureAwait(false);
        var (_, market) = await ReadHeadAndMarketAsync(cancellationToken).ConfigureAwait(false);

        var receipts = new Dictionary<Bytes32, ReceiptSummary>();
        if (hashes.Count > 0)
        {
            var requests = hashes.Select(h => (Hash: h, Request: RpcMethods.GetTransactionReceipt(h.ToArray()))).ToArray();
            var batch = await rpc.SendBatchAsync(requests.Select(r => (RpcRequest)r.Request).ToArray(), cancellationToken).ConfigureAwait(false);
            foreach (var (hash, request) in requests)
            {
                var result = batch.Get(request);
                if (result.Error is { } error) throw error;
                if (result.Value is { } receipt) receipts[hash] = Summarize(receipt);
            }
        }
        return new ChainObservation(head, nonces.Get(latestCount).Value, nonces.Get(confirmedCount).Value, market, receipts);
    }

    public async Task<BroadcastResult> BroadcastAsync(byte[] rawTransaction, CancellationToken cancellationToken)
    {
        try
        {
            await rpc.SendRawTransactionAsync(rawTransaction, cancellationToken).ConfigureAwait(false);
            return BroadcastResult.Accepted;
        }
        catch (Exception e) when (e is RpcException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return BroadcastResult.FromException(e);
        }
    }

    private async Task<(ulong Head, Eip1559Fees Market)> ReadHeadAndMarketAsync(CancellationToken cancellationToken)
    {
        var history = RpcMethods.FeeHistory(1, BlockParameter.Latest, MedianPercentile);
        var priority = RpcMethods.MaxPriorityFeePerGas();
        var batch = await rpc.SendBatchAsync([history, priority], cancellationToken).ConfigureAwait(false);
        var fees = batch.Get(history).Value;
        var suggested = batch.Get(priority);
        BigInteger tip;
        if (suggested.IsSuccess) tip = suggested.Value;
        else if (suggested.Error is JsonRpcException && fees.Reward is [[var median, ..], ..]) tip = median; // node without eth_maxPriorityFeePerGas
        else throw suggested.Error!;
        var head = fees.OldestBlock + (ulong)Math.Max(0, fees.GasUsedRatio.Count - 1);
        return (head, FeePolicy.Initial(fees.NextBaseFeePerGas, tip));
    }

    private static ReceiptSummary Summarize(Receipt receipt) =>
        new(receipt.BlockNumber, new Bytes32(receipt.BlockHash), receipt.GasUsed, receipt.EffectiveGasPrice, receipt.Status ?? 0);
}
