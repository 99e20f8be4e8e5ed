using System.Numerics;
using BenchmarkDotNet.Attributes;
using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Router;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using Interop.Router.Venues;

namespace Interop.Benchmarks;

/// <summary>
/// Quote computation per request over one snapshot: path search, exact integer amounts, the split, fees, fill times
/// and limits (<see cref="QuoteEngine.Plan"/>), and the whole signed response (<see cref="QuoteService.Quote"/>:
/// plus transactions and one EIP-712 signature per route). The market: 3 chains x 2 tokens (USDC, WETH) with the
/// 3 venue kinds (canonical USDC bridge and intent fill on every ordered chain pair, USDC/WETH pools);
/// <see cref="Venues"/> is the number of pools, spread over the chains: 3 (one per chain) is the base case.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class RouterBenchmarks
{
    private static readonly ulong[] Chains = [900, 901, 902];
    private MarketSnapshot _snapshot = null!;
    private QuoteRequest _crossChainSwap = null!;
    private QuoteRequest _transfer = null!;
    private QuoteService _service = null!;
    private readonly QuoteEngineOptions _options = new();

    /// <summary>Pools: 3 is the base case (one per chain); 10/100/1000 show the growth.</summary>
    [Params(3, 10, 100, 1000)]
    public int Venues { get; set; }

    private static Address Addr(int n) => new(BitConverter.GetBytes(n).Concat(new byte[16]).ToArray());

    private static TokenInfo Usdc(ulong chain) => new(chain, "USDC", Addr((int)chain * 10), 6);

    private static TokenInfo Weth(ulong chain) => new(chain, "WETH", Addr((int)chain * 10 + 1), 18);

    [GlobalSetup]
    public void Setup()
    {
        var usdc = BigInteger.Pow(10, 6);
        var weth = BigInteger.Pow(10, 18);
        var edges = new List<Edge>();
        foreach (var a in Chains)
            foreach (var b in Chains.Where(b => b != a))
            {
                edges.Add(new BridgeEdge { VenueId = $"bridge:{a}-{b}", Contract = Addr(1), From = Usdc(a).Key, To = Usdc(b).Key, InterchainFee = 200_000_000_000_000, Available = BigInteger.Pow(10, 15) });
                edges.Add(new IntentEdge { VenueId = $"intent:{a}-{b}", Contract = Addr(2), From = Usdc(a).Key, To = Usdc(b).Key, RelayerFeeBps = 8, Inventory = 1_000_000 * usdc });
            }
        var pools = Venues;
        for (var i = 0; i < pools; i++)
        {
            var chain = Chains[i % Chains.Length];
            // Pools of different depth so that paths really differ.
            var depth = 1_000_000 + 37_000 * i;
            var pool = Addr(1000 + i);
            edges.Add(new PoolEdge { VenueId = $"pool:{i}:0", Contract = pool, From = Usdc(chain).Key, To = Weth(chain).Key, ReserveIn = depth * usdc, ReserveOut = depth * weth / 3000 });
            edges.Add(new PoolEdge { VenueId = $"pool:{i}:1", Contract = pool, From = Weth(chain).Key, To = Usdc(chain).Key, ReserveIn = depth * weth / 3000, ReserveOut = depth * usdc });
        }
        _snapshot = new MarketSnapshot(
            Chains.Select(c => new ChainState(c, $"chain{c}", 1_000_000_000, TimeSpan.FromSeconds(1))),
            Chains.SelectMany(c => new[] { Usdc(c), Weth(c) }),
            edges);
        var wallet = Addr(77);
        _crossChainSwap = new QuoteRequest(Usdc(901), Weth(902), 10_000 * usdc, TradeType.ExactIn, 50, RouteOrder.Cheapest, wallet, wallet);
        _transfer = new QuoteRequest(Usdc(901), Usdc(902), 10_000 * usdc, TradeType.ExactIn, 50, RouteOrder.Cheapest, wallet, wallet);

        var store = new SnapshotStore();
        store.Publish(_snapshot);
        var settings = new RouterSettings
        {
            QuoteKey = new EthKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            Chains = [],
        };
        _service = new QuoteService(settings, store, new TransferStatusStore() { Capacity = int.MaxValue }, TimeProvider.System);
    }

    /// <summary>USDC on 901 to WETH on 902: every bridge/intent + pool path, exact amounts, split, fees.</summary>
    [Benchmark(Baseline = true)]
    public int PlanCrossChainSwap() => QuoteEngine.Plan(_snapshot, _crossChainSwap, _options).Plans.Count;

    /// <summary>USDC 901 to USDC 902: canonical bridge, intent fill and two-hop bridge paths.</summary>
    [Benchmark]
    public int PlanTransfer() => QuoteEngine.Plan(_snapshot, _transfer, _options).Plans.Count;

    /// <summary>The full signed response of the transfer, one request at a time (plan + transactions + a batch of one: one signature).</summary>
    [Benchmark]
    public async Task<int> SignedQuoteTransfer() => (await _service.QuoteAsync(_transfer)).Response!.Routes.Count;
}
