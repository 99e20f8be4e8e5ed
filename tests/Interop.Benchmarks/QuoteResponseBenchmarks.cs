using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Interop.Router.Http;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;

namespace Interop.Benchmarks;

/// <summary>
/// Where the time of one GET /v1/quote response goes (3 chains, 3 pools, 10,000 USDC 901 -> 902, 3-4 routes):
/// the plan alone, the signed <see cref="QuoteService.QuoteAsync"/> one request at a time (every batch is one
/// response: one signature each), the same with <see cref="Concurrent"/> requests in flight (batches form; the figure
/// is per response), that plus the JSON body the endpoint writes (<see cref="RouterApi.Json"/> options, UTF-8 bytes),
/// the JSON alone, the endpoint's own path (<see cref="QuoteService.QuoteJsonAsync"/>) for a new request and for one the
/// response cache answers, and the signature check of one batch-signed route as POST /v1/transfers does it.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class QuoteResponseBenchmarks
{
    private MarketSnapshot _snapshot = null!;
    private QuoteRequest _transfer = null!;
    private QuoteService _service = null!;
    private QuoteResponse _response = null!;
    private QuoteRoute _batchRoute = null!;

    /// <summary>Requests in flight in <see cref="QuoteConcurrent"/>.</summary>
    public const int Concurrent = 32;
    private readonly QuoteEngineOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = BenchmarkMarket.Snapshot(pools: 3);
        _transfer = BenchmarkMarket.Request(BenchmarkMarket.Usdc(901), BenchmarkMarket.Usdc(902));
        _service = BenchmarkMarket.Service(_snapshot, out var settings);
        _response = _service.QuoteAsync(_transfer).GetAwaiter().GetResult().Response!;
        // A route of a response signed in a batch of 32 (proof of 5 siblings), as under load.
        var others = Enumerable.Range(0, Concurrent).Select(_ => QuoteSigner.Commit(_response.Routes).Leaf).ToList();
        var (hashes, leaf) = QuoteSigner.Commit(_response.Routes);
        others[0] = leaf;
        _batchRoute = QuoteSigner.Attach(_response.Routes, hashes, QuoteBatchSigner.SignLeaves(others, settings.QuoteKey)[0], settings.QuoteKey.Address.ToString())[0];
    }

    [GlobalCleanup]
    public void Cleanup() => _service.Dispose();

    /// <summary>The plan only (routes, amounts, fees, limits).</summary>
    [Benchmark(Baseline = true)]
    public int Plan() => QuoteEngine.Plan(_snapshot, _transfer, _options).Plans.Count;

    /// <summary>The signed response object (plan + ids + transactions + its signature, alone in its batch).</summary>
    [Benchmark]
    public async Task<int> Quote() => (await _service.QuoteAsync(_transfer)).Response!.Routes.Count;

    /// <summary>Per response, with <see cref="Concurrent"/> requests in flight: the signatures are shared by the batches that form.</summary>
    [Benchmark(OperationsPerInvoke = Concurrent)]
    public async Task<int> QuoteConcurrent()
    {
        var tasks = new Task<(QuoteResponse? Response, QuoteRejection? Rejection)>[Concurrent];
        for (var i = 0; i < Concurrent; i++) tasks[i] = Task.Run(() => _service.QuoteAsync(_transfer));
        var responses = await Task.WhenAll(tasks);
        return responses.Length;
    }

    /// <summary>What the endpoint does after parsing: the signed response (alone in its batch) and its JSON body.</summary>
    [Benchmark]
    public async Task<int> QuoteAndJson() => JsonSerializer.SerializeToUtf8Bytes((await _service.QuoteAsync(_transfer)).Response!, RouterApi.Json).Length;

    /// <summary>
    /// What GET /v1/quote does for a request it has not answered before (each call another amount, so the response
    /// cache never answers): plan, build, record, hash, sign (alone in its batch), UTF-8 JSON.
    /// </summary>
    [Benchmark]
    public async Task<int> QuoteJsonNew()
    {
        var request = _transfer with { Amount = _transfer.Amount + Interlocked.Increment(ref _amountStep) };
        return (await _service.QuoteJsonAsync(request)).Json!.Length;
    }

    /// <summary>What GET /v1/quote does for a request it answered moments ago against the same snapshot (response cache).</summary>
    [Benchmark]
    public async Task<int> QuoteJsonCached() => (await _service.QuoteJsonAsync(_transfer)).Json!.Length;

    private long _amountStep;

    /// <summary>The route hashes and the leaf of a ready response (what each request hashes before queueing for the signer).</summary>
    [Benchmark]
    public int Commit() => QuoteSigner.Commit(_response.Routes).Leaf.Length;

    /// <summary>The JSON body of a ready response alone.</summary>
    [Benchmark]
    public int Json() => JsonSerializer.SerializeToUtf8Bytes(_response, RouterApi.Json).Length;

    /// <summary>Recovering the signer of one route of a batch of 32 (set, proof, root, signature: what POST /v1/transfers checks first).</summary>
    [Benchmark]
    public int RecoverOneRoute() => QuoteSigner.RecoverSigner(_batchRoute).GetHashCode();
}
