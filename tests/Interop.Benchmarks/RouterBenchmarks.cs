using BenchmarkDotNet.Attributes;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;

namespace Interop.Benchmarks;

/// <summary>
/// Quote computation per request over one snapshot: paths (found once per snapshot and question), exact integer
/// amounts, the split, fees, fill times and limits (<see cref="QuoteEngine.Plan"/>), the path search itself, and the whole signed response (<see cref="QuoteService.Quote"/>:
/// plus transactions and the response's signature, alone in its batch). The market: <see cref="BenchmarkMarket"/>;
/// <see cref="Venues"/> is the number of pools, spread over the chains: 3 (one per chain) is the base case.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class RouterBenchmarks
{
    private MarketSnapshot _snapshot = null!;
    private QuoteRequest _crossChainSwap = null!;
    private QuoteRequest _transfer = null!;
    private QuoteService _service = null!;
    private readonly QuoteEngineOptions _options = new();

    /// <summary>Pools: 3 is the base case (one per chain); 10/100/1000 show the growth.</summary>
    [Params(3, 10, 100, 1000)]
    public int Venues { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = BenchmarkMarket.Snapshot(Venues);
        _crossChainSwap = BenchmarkMarket.Request(BenchmarkMarket.Usdc(901), BenchmarkMarket.Weth(902));
        _transfer = BenchmarkMarket.Request(BenchmarkMarket.Usdc(901), BenchmarkMarket.Usdc(902));
        _service = BenchmarkMarket.Service(_snapshot, out _);
    }

    /// <summary>
    /// The path search alone (<see cref="Interop.Router.Routing.PathFinder.Find"/>) for the cross-chain swap: what the first
    /// request of a question adds per snapshot (the snapshot keeps the paths it found, <see cref="MarketSnapshot.Paths"/>,
    /// so the Plan benchmarks, which reuse one snapshot, measure every later request).
    /// </summary>
    [Benchmark]
    public int FindPathsCrossChainSwap() =>
        Interop.Router.Routing.PathFinder.Find(_snapshot, _crossChainSwap.FromToken.Key, _crossChainSwap.ToToken.Key, _options.MaxHops, _options.MaxPaths, _options.MaxParallel).Count;

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
