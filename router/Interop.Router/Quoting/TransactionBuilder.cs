using System.Numerics;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Router.Venues;

namespace Interop.Router.Quoting;

/// <summary>The unsigned transactions of a planned route: for each edge an ERC20 approve and the venue call.</summary>
public static class TransactionBuilder
{
    private static readonly ContractDefinition Erc20 = ContractDefinition.Get(ContractNames.TestErc20);
    private static readonly ContractDefinition Bridge = ContractDefinition.Get(ContractNames.TokenBridge);
    private static readonly ContractDefinition Pool = ContractDefinition.Get(ContractNames.ConstantProductPool);
    private static readonly ContractDefinition Intents = ContractDefinition.Get(ContractNames.IntentPool);

    /// <summary>
    /// Transactions in execution order. A later edge of a path spends the previous edge's minimum output (slippage
    /// applied), so it never needs more than arrived; the last edge pays <paramref name="recipient"/>, earlier ones
    /// <paramref name="sender"/>. Returns the transactions and the guaranteed output (the sum of the last edges' minimums).
    /// </summary>
    public static (List<UnsignedTransaction> Transactions, BigInteger MinOutput) Build(QuotePlan plan, Address sender, Address recipient, int slippageBps, long fillDeadline, byte[] salt)
    {
        var (transactions, _, minOutput) = BuildWithValues(plan, sender, recipient, slippageBps, fillDeadline, salt);
        return (transactions, minOutput);
    }

    /// <summary><see cref="Build"/>, also returning each transaction as values (what the route hash commits to, unprinted).</summary>
    public static (List<UnsignedTransaction> Transactions, List<(ulong ChainId, Address To, BigInteger Value, byte[] Data)> Values, BigInteger MinOutput) BuildWithValues(
        QuotePlan plan, Address sender, Address recipient, int slippageBps, long fillDeadline, byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var txs = new List<UnsignedTransaction>();
        var values = new List<(ulong, Address, BigInteger, byte[])>();
        // Every transaction is kept both as values (for the route hash) and printed (for the wallet).
        UnsignedTransaction Tx(ulong chainId, Address to, byte[] data, BigInteger value, string description)
        {
            values.Add((chainId, to, value, data));
            return Printed(chainId, to, data, value, description);
        }
        var guaranteed = BigInteger.Zero;
        foreach (var leg in plan.Legs)
        {
            var amountIn = leg.AmountIn;
            for (var i = 0; i < leg.Path.Edges.Length; i++)
            {
                var edge = leg.Path.Edges[i];
                var last = i == leg.Path.Edges.Length - 1;
                var to = last ? recipient : sender;
                var expected = edge.AmountOut(amountIn);
                var minOut = MinOutput(expected, slippageBps);
                txs.Add(Tx(edge.From.ChainId, edge.From.Token, Erc20.Encode("approve", edge.Contract, amountIn), BigInteger.Zero, $"approve {amountIn} to {edge.VenueId}"));
                switch (edge)
                {
                    case BridgeEdge bridge:
                        txs.Add(Tx(edge.From.ChainId, edge.Contract,
                            Bridge.Encode("transferRemote", bridge.Destination, Bytes32.FromAddress(to).ToArray(), amountIn),
                            bridge.InterchainFee, $"transferRemote {amountIn} to chain {bridge.Destination}"));
                        break;
                    case PoolEdge:
                        txs.Add(Tx(edge.From.ChainId, edge.Contract,
                            Pool.Encode("swap", edge.From.Token, amountIn, minOut, to), BigInteger.Zero, $"swap {amountIn} for at least {minOut}"));
                        break;
                    case IntentEdge:
                        object?[] order =
                        [
                            (uint)edge.From.ChainId, (uint)edge.To.ChainId, sender, to, edge.From.Token, amountIn,
                            edge.To.Token, expected, (uint)fillDeadline, Address.Zero, 0u, new BigInteger(salt, isUnsigned: true, isBigEndian: true),
                        ];
                        txs.Add(Tx(edge.From.ChainId, edge.Contract, Intents.Encode("open", [order]), BigInteger.Zero, $"open intent {amountIn} -> {expected}"));
                        break;
                }
                amountIn = minOut;
            }
            guaranteed += amountIn;
        }
        return (txs, values, guaranteed);
    }

    /// <summary>expected · (10000 − slippage) / 10000, rounded down.</summary>
    public static BigInteger MinOutput(BigInteger expected, int slippageBps) => expected * (10_000 - slippageBps) / 10_000;

    private static UnsignedTransaction Printed(ulong chainId, Address to, byte[] data, BigInteger value, string description) => new()
    {
        ChainId = chainId,
        To = to.ToString(),
        Data = Hex.Encode(data),
        Value = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Description = description,
    };
}
