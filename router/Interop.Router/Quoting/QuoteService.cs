using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Interop.Ethereum.Encoding;
using Interop.Router.Http;
using Interop.Router.Snapshots;

namespace Interop.Router.Quoting;

/// <summary>
/// Turns plans into routes (ids, expiry, transactions) and has them signed: one <c>QuoteSet</c> digest per response,
/// signed together with every other response waiting at that moment (<see cref="QuoteBatchSigner"/>). Nothing is
/// recorded per quote: a quote id carries its own terms under a MAC (<see cref="QuoteIds"/>), which is how the status
/// service answers QUOTED or EXPIRED for it; a record exists once a quote is executed.
/// </summary>
public sealed class QuoteService(RouterSettings settings, SnapshotStore snapshots, TimeProvider time, QuoteIds? quoteIds = null) : IDisposable
{
    private readonly QuoteBatchSigner _signer = new(settings.QuoteKey);
    private readonly QuoteIds _ids = quoteIds ?? new QuoteIds(settings.QuoteKey);

    /// <summary>The group-commit signer of this service's responses (its counters show the batching).</summary>
    public QuoteBatchSigner Signer => _signer;

    /// <summary>Quotes against the current snapshot; a rejection names the parameter to fix.</summary>
    public Task<(QuoteResponse? Response, QuoteRejection? Rejection)> QuoteAsync(QuoteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return QuoteAsync(snapshots.Current, request, cancellationToken);
    }

    /// <summary>
    /// The quote response as UTF-8 JSON (what GET /v1/quote sends). An identical request against the same snapshot
    /// within <see cref="RouterSettings.EffectiveQuoteCacheTtl"/> gets the same signed response, and identical requests
    /// in flight together share one computation (see <see cref="RouterSettings.QuoteCacheTtl"/>).
    /// </summary>
    public async Task<(byte[]? Json, QuoteRejection? Rejection)> QuoteJsonAsync(QuoteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = snapshots.Current;
        var ttl = settings.EffectiveQuoteCacheTtl;
        if (ttl <= TimeSpan.Zero || settings.QuoteCacheEntries == 0) return await ComputeJsonAsync(snapshot, request, cancellationToken).ConfigureAwait(false);

        var generation = Volatile.Read(ref _cache);
        if (generation is null || generation.Version != snapshot.Version)
        {
            var fresh = new CacheGeneration(snapshot.Version);
            var seen = Interlocked.CompareExchange(ref _cache, fresh, generation);
            generation = ReferenceEquals(seen, generation) ? fresh : seen!;
            // Another request already moved to a newer snapshot: answer this one uncached rather than mix versions.
            if (generation.Version != snapshot.Version) return await ComputeJsonAsync(snapshot, request, cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        if (generation.Entries.TryGetValue(request, out var hit) && now - hit.CreatedAt < ttl)
        {
            Interlocked.Increment(ref _cacheHits);
            return await hit.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (Volatile.Read(ref generation.Count) >= settings.QuoteCacheEntries && !generation.Sweep(now, ttl, settings.QuoteCacheEntries))
            return await ComputeJsonAsync(snapshot, request, cancellationToken).ConfigureAwait(false);

        var mine = new CachedQuote(now);
        var current = generation.Entries.AddOrUpdate(request, mine, (_, old) => now - old.CreatedAt < ttl ? old : mine);
        if (!ReferenceEquals(current, mine))
        {
            Interlocked.Increment(ref _cacheHits);
            return await current.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        Interlocked.Increment(ref generation.Count);
        try
        {
            // Not cancelled by this caller: others may be waiting for the same response.
            var result = await ComputeJsonAsync(snapshot, request, CancellationToken.None).ConfigureAwait(false);
            mine.Result.SetResult(result);
            if (result.Rejection is not null) generation.Entries.TryRemove(new KeyValuePair<QuoteRequest, CachedQuote>(request, mine));
            return result;
        }
        catch (Exception e)
        {
            generation.Entries.TryRemove(new KeyValuePair<QuoteRequest, CachedQuote>(request, mine));
            mine.Result.SetException(e);
            throw;
        }
    }

    /// <summary>Requests answered from the response cache (or by waiting for an identical request's computation).</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    private long _cacheHits;
    private CacheGeneration? _cache;

    /// <summary>The cached responses of one snapshot version; replaced whole when the snapshot changes.</summary>
    private sealed class CacheGeneration(long version)
    {
        public readonly long Version = version;
        public readonly ConcurrentDictionary<QuoteRequest, CachedQuote> Entries = new();
        /// <summary>Entries inserted since the last sweep (replacements of expired ones included): about an upper bound of Entries.Count that never takes its locks.</summary>
        public int Count;
        private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

        /// <summary>
        /// When full: drops the expired, finished entries (at most once per <paramref name="ttl"/>, as the snapshot may
        /// stay the same for long when the venues do not change) and says whether there is room again.
        /// </summary>
        public bool Sweep(DateTimeOffset now, TimeSpan ttl, int limit)
        {
            lock (Entries)
            {
                if (now - _lastSweep < ttl) return Volatile.Read(ref Count) < limit;
                _lastSweep = now;
                foreach (var entry in Entries)
                    if (now - entry.Value.CreatedAt >= ttl && entry.Value.Result.Task.IsCompleted) Entries.TryRemove(entry);
                // Inserts racing with the sweep may be counted twice: the count stays about an upper bound.
                Volatile.Write(ref Count, Entries.Count);
                return Count < limit;
            }
        }
    }

    private sealed class CachedQuote(DateTimeOffset createdAt)
    {
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public TaskCompletionSource<(byte[]? Json, QuoteRejection? Rejection)> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<(byte[]? Json, QuoteRejection? Rejection)> ComputeJsonAsync(MarketSnapshot snapshot, QuoteRequest request, CancellationToken cancellationToken)
    {
        var (response, rejection) = await QuoteAsync(snapshot, request, cancellationToken).ConfigureAwait(false);
        // The generated serializer's fast path with its own options (the same settings as RouterApi.Json), synchronously
        // into one array: a response is a few KiB, and the streaming path would fall back to metadata-driven writing.
        return rejection is not null ? (null, rejection) : (JsonSerializer.SerializeToUtf8Bytes(response!, RouterJsonContext.Default.QuoteResponse), null);
    }

    private async Task<(QuoteResponse? Response, QuoteRejection? Rejection)> QuoteAsync(MarketSnapshot snapshot, QuoteRequest request, CancellationToken cancellationToken)
    {
        var (plans, rejection) = QuoteEngine.Plan(snapshot, request, settings.Engine);
        if (rejection is not null) return (null, rejection);

        var now = time.GetUtcNow();
        // One random draw for every quote id of the response, and one leaf (signed in a batch) for all its routes.
        var random = new byte[plans.Count * 8];
        RandomNumberGenerator.Fill(random);
        var unsigned = new QuoteRoute[plans.Count];
        var hashes = new byte[plans.Count][];
        for (var i = 0; i < plans.Count; i++) (unsigned[i], hashes[i]) = Build(snapshot, request, plans[i], now, random.AsSpan(i * 8, 8));
        var (routeHashes, leaf) = QuoteSigner.Commit(unsigned, hashes);
        var signature = await _signer.SignAsync(leaf, cancellationToken).ConfigureAwait(false);
        var routes = QuoteSigner.Attach(unsigned, routeHashes, signature, _signerAddress);
        return (new QuoteResponse
        {
            FromChain = request.FromToken.ChainId,
            ToChain = request.ToToken.ChainId,
            FromToken = request.FromToken.Address.ToString(),
            ToToken = request.ToToken.Address.ToString(),
            Amount = request.Amount.ToString(CultureInfo.InvariantCulture),
            TradeType = request.TradeType == TradeType.ExactIn ? "exactIn" : "exactOut",
            Order = request.Order == RouteOrder.Cheapest ? "cheapest" : "fastest",
            Routes = routes,
        }, null);
    }

    private readonly string _signerAddress = settings.QuoteKey.Address.ToString();

    /// <summary>Stops the signing loop.</summary>
    public void Dispose() => _signer.Dispose();

    // The route and its hash, computed from the values it was built from (not re-parsed from its text).
    private (QuoteRoute Route, byte[] Hash) Build(MarketSnapshot snapshot, QuoteRequest request, QuotePlan plan, DateTimeOffset now, ReadOnlySpan<byte> random)
    {
        var expiresAt = now + settings.QuoteTtl;
        // The fill deadline leaves the slow tail (p90) three times over, and at least ten minutes, after expiry.
        var fillDeadline = expiresAt + TimeSpan.FromSeconds(Math.Max(600, 3 * plan.FillTime.P90Seconds));
        var id = new byte[QuoteIds.Length];
        _ids.Issue(id, now.ToUnixTimeSeconds(), expiresAt.ToUnixTimeSeconds(), fillDeadline.ToUnixTimeSeconds(), random);
        var (transactions, values, minOutput) = TransactionBuilder.BuildWithValues(plan, request.Sender, request.Recipient, request.SlippageBps, fillDeadline.ToUnixTimeSeconds(), id);
        var route = new QuoteRoute
        {
            QuoteId = Hex.Encode(id),
            Kind = plan.Kind,
            ExpiresAt = expiresAt.ToUnixTimeSeconds(),
            FromChain = request.FromToken.ChainId,
            ToChain = request.ToToken.ChainId,
            FromToken = request.FromToken.Address.ToString(),
            ToToken = request.ToToken.Address.ToString(),
            FromSymbol = request.FromToken.Symbol,
            ToSymbol = request.ToToken.Symbol,
            TradeType = request.TradeType == TradeType.ExactIn ? "exactIn" : "exactOut",
            InputAmount = Text(plan.Input),
            ExpectedOutput = Text(plan.Output),
            MinOutput = Text(minOutput),
            SlippageBps = request.SlippageBps,
            Sender = request.Sender.ToString(),
            Recipient = request.Recipient.ToString(),
            Fees = plan.Fees.Select(f => new QuoteFee(f.Type, f.Token, Text(f.Amount), f.Bps, f.Included)).ToList(),
            EstimatedFillTimeSec = new FillTimeEstimate(plan.FillTime.P50Seconds, plan.FillTime.P90Seconds),
            Limits = new QuoteLimits(Text(plan.MinInput), Text(plan.InstantMaxInput), Text(plan.MaxInput)),
            Steps = plan.Legs.SelectMany(leg => leg.Path.Edges.Select((edge, i) => new QuoteStep
            {
                Type = edge.Kind switch { Venues.VenueKind.CanonicalBridge => "bridge", Venues.VenueKind.Pool => "swap", _ => "intent" },
                Venue = edge.VenueId,
                ChainId = edge.From.ChainId,
                DestinationChainId = edge.To.ChainId,
                TokenIn = snapshot.Token(edge.From)?.Symbol ?? edge.From.Token.ToString(),
                TokenOut = snapshot.Token(edge.To)?.Symbol ?? edge.To.Token.ToString(),
                AmountIn = Text(leg.Amounts[i]),
                AmountOut = Text(leg.Amounts[i + 1]),
                Contract = edge.Contract.ToString(),
            })).ToList(),
            FillDeadline = fillDeadline.ToUnixTimeSeconds(),
            Transactions = transactions,
            Signature = "",
            Signer = "",
            RouteHashes = [],
            Root = "",
            Proof = [],
        };
        var hash = QuoteSigner.RouteHash(new QuoteSigner.RouteTerms(
            id, route.FromChain, route.ToChain, request.FromToken.Address, request.ToToken.Address, plan.Input, plan.Output, minOutput,
            request.Sender, request.Recipient, route.ExpiresAt, route.FillDeadline, QuoteSigner.TransactionsHash(values), QuoteSigner.StepsHash(route.Steps)));
        return (route, hash);
    }

    private static string Text(System.Numerics.BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
