using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;
using Interop.Relayers.TxSending.Fees;
using Interop.Relayers.TxSending.State;

namespace Interop.Relayers.TxSending;

/// <summary>Builds and signs the EIP-1559 transaction of a request.</summary>
public static class TxSigning
{
    /// <summary>Signs <paramref name="request"/> with the given nonce, gas limit and fees.</summary>
    public static TxAttempt Sign(EthKey key, ulong chainId, TxRequest request, ulong nonce, ulong gasLimit, Eip1559Fees fees,
        DateTimeOffset signedAt, ulong signedAtBlock)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(fees);
        var signed = new DynamicFeeTransaction
        {
            ChainId = chainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
            MaxFeePerGas = fees.MaxFeePerGas,
            GasLimit = gasLimit,
            To = request.To,
            Value = request.Value,
            Data = request.Data,
        }.Sign(key);
        var raw = signed.Encode();
        return new TxAttempt(new Bytes32(Ethereum.Crypto.Keccak256.Hash(raw)), raw, fees, signedAt, signedAtBlock);
    }
}
