using System.Numerics;
using System.Text.Json;
using static Interop.Ethereum.Rpc.Json.JsonFields;

namespace Interop.Ethereum.Rpc.Model;

/// <summary>eth_feeHistory: base fees, gas used ratios and priority-fee percentiles over a range of blocks.</summary>
public sealed record FeeHistory
{
    /// <summary>Number of the first block in the range.</summary>
    public required ulong OldestBlock { get; init; }

    /// <summary>One base fee per block, plus the next block's (so one more entry than blocks).</summary>
    public required IReadOnlyList<BigInteger> BaseFeePerGas { get; init; }

    /// <summary>gasUsed / gasLimit per block (a ratio, not money, so a double is right).</summary>
    public required IReadOnlyList<double> GasUsedRatio { get; init; }

    /// <summary>Per block, the priority fee at each requested percentile; empty when no percentiles were asked for.</summary>
    public required IReadOnlyList<IReadOnlyList<BigInteger>> Reward { get; init; }

    /// <summary>The base fee of the block after the range.</summary>
    public BigInteger NextBaseFeePerGas => BaseFeePerGas.Count > 0 ? BaseFeePerGas[^1] : BigInteger.Zero;

    internal static FeeHistory FromJson(JsonElement e) => new()
    {
        OldestBlock = GetUlong(e, "oldestBlock"),
        BaseFeePerGas = GetArray(e, "baseFeePerGas", v => AsBigInteger(v, "baseFeePerGas[]")),
        GasUsedRatio = GetArray(e, "gasUsedRatio", v => v.GetDouble()),
        Reward = TryGet(e, "reward", out var reward)
            ? AsArray(reward, "reward", row => AsArray(row, "reward[]", v => AsBigInteger(v, "reward[][]")))
            : [],
    };
}
