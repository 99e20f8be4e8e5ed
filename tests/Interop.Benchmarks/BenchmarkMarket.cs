using System.Numerics;
using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Router;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using Interop.Router.Venues;

namespace Interop.Benchmarks;

/// <summary>
/// The market the router benchmarks quote against: 3 chains x 2 tokens (USDC, WETH) with the 3 venue kinds (canonical
/// USDC bridge and intent fill on every ordered chain pair, USDC/WETH pools spread over the chains, of different depths
/// so that paths really differ), and a quote service over it with a fixed key.
/// </summary>
internal static class BenchmarkMarket
{
    public static readonly ulong[] Chains = [900, 901, 902];

    public static readonly BigInteger OneUsdc = BigInteger.Pow(10, 6);

    public static readonly Address Wallet = Addr(77);

    public static Address Addr(int n) => new(BitConverter.GetBytes(n).Concat(new byte[16]).ToArray());

    public static TokenInfo Usdc(ulong chain) => new(chain, "USDC", Addr((int)chain * 10), 6);

    public static TokenInfo Weth(ulong chain) => new(chain, "WETH", Addr((int)chain * 10 + 1), 18);

    /// <summary>The snapshot with <paramref name="pools"/> pools (3: one per chain).</summary>
    public static MarketSnapshot Snapshot(int pools)
    {
        var weth = BigInteger.Pow(10, 18);
        var edges = new List<Edge>();
        foreach (var a in Chains)
            foreach (var b in Chains.Where(b => b != a))
            {
                edges.Add(new BridgeEdge { VenueId = $"bridge:{a}-{b}", Contract = Addr(1), From = Usdc(a).Key, To = Usdc(b).Key, InterchainFee = 200_000_000_000_000, Available = BigInteger.Pow(10, 15) });
                edges.Add(new IntentEdge { VenueId = $"intent:{a}-{b}", Contract = Addr(2), From = Usdc(a).Key, To = Usdc(b).Key, RelayerFeeBps = 8, Inventory = 1_000_000 * OneUsdc });
            }
        for (var i = 0; i < pools; i++)
        {
            var chain = Chains[i % Chains.Length];
            var depth = 1_000_000 + 37_000 * i;
            var pool = Addr(1000 + i);
            edges.Add(new PoolEdge { VenueId = $"pool:{i}:0", Contract = pool, From = Usdc(chain).Key, To = Weth(chain).Key, ReserveIn = depth * OneUsdc, ReserveOut = depth * weth / 3000 });
            edges.Add(new PoolEdge { VenueId = $"pool:{i}:1", Contract = pool, From = Weth(chain).Key, To = Usdc(chain).Key, ReserveIn = depth * weth / 3000, ReserveOut = depth * OneUsdc });
        }
        return new MarketSnapshot(
            Chains.Select(c => new ChainState(c, $"chain{c}", 1_000_000_000, TimeSpan.FromSeconds(1))),
            Chains.SelectMany(c => new[] { Usdc(c), Weth(c) }),
            edges);
    }

    /// <summary>10,000 of <paramref name="from"/> into <paramref name="to"/>, exact input, 50 bps slippage, cheapest first.</summary>
    public static QuoteRequest Request(TokenInfo from, TokenInfo to) =>
        new(from, to, 10_000 * OneUsdc, TradeType.ExactIn, 50, RouteOrder.Cheapest, Wallet, Wallet);

    /// <summary>A quote service over <paramref name="snapshot"/> with a fixed quote key and an unbounded status store.</summary>
    public static QuoteService Service(MarketSnapshot snapshot, out RouterSettings settings)
    {
        var store = new SnapshotStore();
        store.Publish(snapshot);
        settings = new RouterSettings
        {
            QuoteKey = new EthKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            Chains = [],
        };
        return new QuoteService(settings, store, TimeProvider.System);
    }
}
