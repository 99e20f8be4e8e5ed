using System.Numerics;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;

namespace Interop.Bridge.Chain;

/// <summary>
/// A transaction that reverted (mined, with its receipt) or would revert (its gas estimate did, so it was never sent,
/// and <see cref="Receipt"/> is null), with the reason decoded against the called contract's ABI.
/// </summary>
public sealed class TransactionRevertedException(string message, Receipt? receipt, RevertReason? reason) : Exception(message)
{
    public Receipt? Receipt { get; } = receipt;
    public RevertReason? Reason { get; } = reason;
}

/// <summary>
/// Sends signed EIP-1559 transactions and reads contracts on one chain, for operator commands and the devnet
/// deployer: nonce from the chain's pending count, fees from the latest base fee, gas from an estimate, then waits
/// for the receipt. (The node's long-running senders use the persistent TxSender actor instead.)
/// </summary>
public sealed class ChainClient : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<Address, ulong> _nextNonce = [];

    public ChainClient(RpcClient rpc, ulong chainId)
    {
        Rpc = rpc;
        ChainId = chainId;
    }

    /// <summary>Connects and reads the chain id.</summary>
    public static async Task<ChainClient> ConnectAsync(IEnumerable<Uri> endpoints, CancellationToken cancellationToken = default)
    {
        var rpc = RpcClient.Create(endpoints);
        try
        {
            return new ChainClient(rpc, await rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            rpc.Dispose();
            throw;
        }
    }

    public RpcClient Rpc { get; }
    public ulong ChainId { get; }

    /// <summary>How long <see cref="SendAsync"/> waits for a receipt.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>eth_call against <paramref name="to"/>; a revert surfaces as <see cref="ExecutionRevertedException"/>.</summary>
    public Task<byte[]> CallAsync(Address to, byte[] data, BlockParameter? block = null, CancellationToken cancellationToken = default) =>
        Rpc.EthCallAsync(new CallRequest { To = to, Data = data }, block, cancellationToken);

    /// <summary>Deploys <paramref name="contract"/> and returns its address.</summary>
    public async Task<Address> DeployAsync(EthKey from, ContractDefinition contract, object?[] constructorArguments, CancellationToken cancellationToken = default)
    {
        var receipt = await SendAsync(from, null, contract.EncodeDeployment(constructorArguments), BigInteger.Zero, contract, cancellationToken).ConfigureAwait(false);
        return receipt.ContractAddress ?? throw new InvalidOperationException($"deploying {contract.Name} on chain {ChainId} gave no contract address");
    }

    /// <summary>Calls a state-changing function and waits for its successful receipt.</summary>
    public Task<Receipt> SendAsync(EthKey from, Address to, ContractDefinition contract, string function, object?[] arguments, BigInteger? value = null, CancellationToken cancellationToken = default) =>
        SendAsync(from, to, contract.Encode(function, arguments), value ?? BigInteger.Zero, contract, cancellationToken);

    /// <summary>
    /// Signs and sends one transaction, waits for the receipt, and throws <see cref="TransactionRevertedException"/> when it
    /// reverted (an estimate that reverts throws before anything is sent, with the decoded reason).
    /// </summary>
    public async Task<Receipt> SendAsync(EthKey from, Address? to, byte[] data, BigInteger value, ContractDefinition? abi = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        var call = new CallRequest { From = from.Address, To = to, Data = data, Value = value };
        ulong estimate;
        try
        {
            estimate = await Rpc.EstimateGasAsync(call, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutionRevertedException e)
        {
            var reason = RevertReason.Decode(e.RevertData.Span, abi?.Abi);
            throw new TransactionRevertedException($"{Describe(to, data, abi)} would revert on chain {ChainId}: {reason}", null, reason);
        }

        var latest = await Rpc.GetBlockByNumberAsync(BlockParameter.Latest, false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"chain {ChainId} returned no latest block");
        var baseFee = latest.BaseFeePerGas ?? BigInteger.Zero;
        var priority = await Rpc.MaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);

        byte[] hash;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Several sends from one key in flight: keep our own counter ahead of the node's pending count.
            var chainNonce = await Rpc.GetTransactionCountAsync(from.Address, BlockParameter.Pending, cancellationToken).ConfigureAwait(false);
            var nonce = _nextNonce.TryGetValue(from.Address, out var local) && local > chainNonce ? local : chainNonce;
            var tx = new DynamicFeeTransaction
            {
                ChainId = ChainId,
                Nonce = nonce,
                To = to,
                Value = value,
                Data = data,
                GasLimit = estimate + estimate / 5 + 10_000,
                MaxPriorityFeePerGas = priority,
                MaxFeePerGas = baseFee * 2 + priority,
            };
            hash = await Rpc.SendRawTransactionAsync(tx.Sign(from).Encode(), cancellationToken).ConfigureAwait(false);
            _nextNonce[from.Address] = nonce + 1;
        }
        finally
        {
            _sendLock.Release();
        }

        var receipt = await Rpc.WaitForReceiptAsync(hash, ReceiptTimeout, TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        if (receipt.Status == 0)
        {
            RevertReason? reason = null;
            try
            {
                await Rpc.EthCallAsync(call, BlockParameter.AtNumber(receipt.BlockNumber - 1), cancellationToken).ConfigureAwait(false);
            }
            catch (ExecutionRevertedException e)
            {
                reason = RevertReason.Decode(e.RevertData.Span, abi?.Abi);
            }
            throw new TransactionRevertedException($"{Describe(to, data, abi)} reverted on chain {ChainId} in block {receipt.BlockNumber}: {reason?.ToString() ?? "no reason"}", receipt, reason);
        }
        return receipt;
    }

    public ValueTask DisposeAsync()
    {
        _sendLock.Dispose();
        return Rpc.DisposeAsync();
    }

    private static string Describe(Address? to, byte[] data, ContractDefinition? abi)
    {
        if (to is null) return abi is null ? "deployment" : $"deployment of {abi.Name}";
        var function = abi is not null && data.Length >= 4 && abi.Abi.DecodeCall(data) is { } decoded ? decoded.Function.Name : null;
        return function is null ? $"call to {to}" : $"{abi!.Name}.{function} at {to}";
    }
}
