using System.Numerics;
using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Router.Snapshots;
using Interop.Router.Venues;

namespace Interop.Router.Tests;

/// <summary>A devnet-shaped market without chains: L1 900 and L2s 901/902, USDC bridged everywhere, USDC/WETH pools on the L2s.</summary>
internal static class TestMarket
{
    public static readonly BigInteger Usdc = 1_000_000;
    public static readonly BigInteger Weth = BigInteger.Pow(10, 18);
    public static readonly BigInteger Unlimited = BridgeEdge.UInt256Max;
    public static readonly BigInteger BridgeFee = 200_000L * 1_000_000_000;

    public static Address Addr(int n) => new(Enumerable.Repeat((byte)n, 20).ToArray());

    public static TokenInfo UsdcOn(ulong chain) => new(chain, "USDC", Addr((int)(chain - 890)), 6);

    public static TokenInfo WethOn(ulong chain) => new(chain, "WETH", Addr((int)(chain - 850)), 18);

    public static readonly EthKey QuoteKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static PoolEdge[] Pool(ulong chain, BigInteger usdcReserve, BigInteger wethReserve, int id = 0, int feeBps = 30)
    {
        var pool = Addr(200 + (int)(chain - 900) * 10 + id);
        return
        [
            new PoolEdge { VenueId = $"pool:{chain}:{pool}:0", Contract = pool, From = UsdcOn(chain).Key, To = WethOn(chain).Key, ReserveIn = usdcReserve, ReserveOut = wethReserve, PoolFeeBps = feeBps },
            new PoolEdge { VenueId = $"pool:{chain}:{pool}:1", Contract = pool, From = WethOn(chain).Key, To = UsdcOn(chain).Key, ReserveIn = wethReserve, ReserveOut = usdcReserve, PoolFeeBps = feeBps },
        ];
    }

    public static BridgeEdge Bridge(ulong from, ulong to, BigInteger? available = null, BigInteger? threshold = null) => new()
    {
        VenueId = $"bridge:{from}-{to}:USDC",
        Contract = Addr(100 + (int)(from - 900)),
        From = UsdcOn(from).Key,
        To = UsdcOn(to).Key,
        InterchainFee = BridgeFee,
        Available = available ?? Unlimited,
        LargeTransferThreshold = threshold ?? Unlimited,
        LargeTransferDelay = TimeSpan.FromHours(1),
    };

    /// <summary>The devnet: 10M USDC against 3333.33 WETH in each L2 pool, bridges unlimited.</summary>
    public static MarketSnapshot DevnetMarket(Func<BridgeEdge, BridgeEdge>? bridge = null, long version = 1)
    {
        ulong[] chains = [900, 901, 902];
        var edges = new List<Edge>();
        foreach (var a in chains)
            foreach (var b in chains.Where(b => b != a))
                edges.Add(bridge is null ? Bridge(a, b) : bridge(Bridge(a, b)));
        edges.AddRange(Pool(901, 10_000_000 * Usdc, BigInteger.Parse("3333333333333333333333")));
        edges.AddRange(Pool(902, 10_000_000 * Usdc, BigInteger.Parse("3333333333333333333333")));
        return new MarketSnapshot(
            chains.Select(c => new ChainState(c, c == 900 ? "l1" : $"l2{(char)('a' + (int)(c - 901))}", 1_000_000_000, TimeSpan.FromSeconds(c == 900 ? 2 : 1))),
            chains.SelectMany(c => new[] { UsdcOn(c), WethOn(c) }),
            edges,
            version: version);
    }

    public static RouterSettings Settings(EthKey? executor = null) => new()
    {
        QuoteKey = QuoteKey,
        ExecutorKey = executor,
        Chains = new ulong[] { 900, 901, 902 }.Select(c => new RouterChainSettings
        {
            ChainId = c,
            Name = c == 900 ? "l1" : $"l2{(char)('a' + (int)(c - 901))}",
            Rpc = [new Uri("http://127.0.0.1:9")],
            Tokens = new Dictionary<string, Address> { ["USDC"] = UsdcOn(c).Address, ["WETH"] = WethOn(c).Address },
        }).ToList(),
    };
}

/// <summary>A clock tests move by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
