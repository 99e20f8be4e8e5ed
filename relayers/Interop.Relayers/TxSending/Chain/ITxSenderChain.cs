using Interop.Ethereum;
using Interop.Relayers.TxSending.Fees;
using Interop.Relayers.TxSending.Monitoring;
using Interop.Relayers.TxSending.State;

namespace Interop.Relayers.TxSending.Chain;

/// <summary>The chain reads and writes a TxSender needs, each an intention rather than an RPC method.</summary>
public interface ITxSenderChain
{
    /// <summary>The chain id the endpoint serves.</summary>
    Task<ulong> GetChainIdAsync(CancellationToken cancellationToken);

    /// <summary>The signer's transaction count at the latest block and including the node's pending pool.</summary>
    Task<SignerNonces> GetNoncesAsync(Address signer, CancellationToken cancellationToken);

    /// <summary>
    /// The gas limit (the request's own, or the estimate × <paramref name="gasLimitPercent"/> / 100) and the market fees.
    /// </summary>
    /// <exception cref="Interop.Ethereum.Rpc.Errors.ExecutionRevertedException">The estimate reverted: the transaction would fail.</exception>
    Task<PreparedRequest> PrepareAsync(Address signer, TxRequest request, int gasLimitPercent, CancellationToken cancellationToken);

    /// <summary>Head, nonces and receipts of <paramref name="hashes"/>, read in the order <see cref="ChainObservation"/> relies on.</summary>
    Task<ChainObservation> ObserveAsync(Address signer, IReadOnlyCollection<Bytes32> hashes, ulong confirmationDepth, CancellationToken cancellationToken);

    /// <summary>Sends signed transaction bytes; never throws for an answer of the node, only reports it.</summary>
    Task<BroadcastResult> BroadcastAsync(byte[] rawTransaction, CancellationToken cancellationToken);
}

/// <summary>A signer's transaction counts: <paramref name="Latest"/> mined, <paramref name="Pending"/> including the pool.</summary>
public sealed record SignerNonces(ulong Latest, ulong Pending);

/// <summary>What a request needs before it can be signed.</summary>
/// <param name="Head">The latest block when prepared (the attempt's reference for block-based stuck detection).</param>
public sealed record PreparedRequest(ulong GasLimit, Eip1559Fees Fees, ulong Head);
