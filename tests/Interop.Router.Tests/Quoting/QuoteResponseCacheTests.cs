using System.Text.Json;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

/// <summary>GET /v1/quote's response cache: identical requests against one snapshot share a signed response for a short time.</summary>
public sealed class QuoteResponseCacheTests
{
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly SnapshotStore _snapshots = new();

    private QuoteService Service(RouterSettings settings)
    {
        _snapshots.Publish(DevnetMarket(version: 1));
        return new QuoteService(settings, _snapshots, _time);
    }

    private static QuoteRequest Request(long amount) =>
        new(UsdcOn(901), UsdcOn(902), amount, TradeType.ExactIn, 50, RouteOrder.Cheapest, Addr(77), Addr(77));

    private static async Task<string[]> QuoteIdsAsync(QuoteService service, QuoteRequest request)
    {
        var (json, rejection) = await service.QuoteJsonAsync(request);
        Assert.Null(rejection);
        var response = JsonSerializer.Deserialize<QuoteResponse>(json!, JsonSerializerOptions.Web)!;
        return response.Routes.Select(r => r.QuoteId).ToArray();
    }

    [Fact]
    public async Task An_identical_request_within_the_ttl_gets_the_same_quotes_and_computes_nothing()
    {
        using var service = Service(Settings() with { QuoteCacheTtl = TimeSpan.FromSeconds(2) });
        var first = await QuoteIdsAsync(service, Request(1_000_000_000));
        var signed = service.Signer.Signed;
        _time.Now += TimeSpan.FromSeconds(1.9);
        Assert.Equal(first, await QuoteIdsAsync(service, Request(1_000_000_000)));
        Assert.Equal(signed, service.Signer.Signed);
        Assert.Equal(1, service.CacheHits);
    }

    [Fact]
    public async Task Past_the_ttl_a_new_snapshot_or_another_request_each_get_new_quotes()
    {
        using var service = Service(Settings() with { QuoteCacheTtl = TimeSpan.FromSeconds(2) });
        var first = await QuoteIdsAsync(service, Request(1_000_000_000));

        var otherAmount = await QuoteIdsAsync(service, Request(1_000_000_001));
        Assert.Empty(first.Intersect(otherAmount));

        _time.Now += TimeSpan.FromSeconds(2);   // at the ttl: expired
        var later = await QuoteIdsAsync(service, Request(1_000_000_000));
        Assert.Empty(first.Intersect(later));

        _snapshots.Publish(DevnetMarket(version: 2));
        var newSnapshot = await QuoteIdsAsync(service, Request(1_000_000_000));
        Assert.Empty(later.Intersect(newSnapshot));
        Assert.Equal(0, service.CacheHits);
    }

    [Fact]
    public async Task Concurrent_identical_requests_share_one_computation()
    {
        using var service = Service(Settings() with { QuoteCacheTtl = TimeSpan.FromSeconds(2) });
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => QuoteIdsAsync(service, Request(5_000_000)))));
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(15, service.CacheHits);
        Assert.Equal(1, service.Signer.Signed);   // one response digest: computed once
    }

    [Fact]
    public async Task Zero_ttl_turns_the_cache_off_and_the_ttl_is_capped_at_a_quarter_of_the_quote_ttl()
    {
        using var off = Service(Settings() with { QuoteCacheTtl = TimeSpan.Zero });
        Assert.Empty((await QuoteIdsAsync(off, Request(1_000_000_000))).Intersect(await QuoteIdsAsync(off, Request(1_000_000_000))));

        var capped = Settings() with { QuoteTtl = TimeSpan.FromSeconds(4), QuoteCacheTtl = TimeSpan.FromSeconds(30) };
        Assert.Equal(TimeSpan.FromSeconds(1), capped.EffectiveQuoteCacheTtl);
        using var service = Service(capped);
        var first = await QuoteIdsAsync(service, Request(1_000_000_000));
        _time.Now += TimeSpan.FromSeconds(1);
        Assert.Empty(first.Intersect(await QuoteIdsAsync(service, Request(1_000_000_000))));
        Assert.Throws<ArgumentException>(() => (Settings() with { QuoteCacheTtl = TimeSpan.FromSeconds(-1) }).Validate());
    }

    [Fact]
    public async Task Past_the_entry_limit_requests_are_computed_uncached()
    {
        using var service = Service(Settings() with { QuoteCacheEntries = 2 });
        await QuoteIdsAsync(service, Request(1_000_000_001));
        await QuoteIdsAsync(service, Request(1_000_000_002));
        var third = await QuoteIdsAsync(service, Request(1_000_000_003));
        Assert.Empty(third.Intersect(await QuoteIdsAsync(service, Request(1_000_000_003))));
        // The two held ones are still answered from the cache.
        await QuoteIdsAsync(service, Request(1_000_000_002));
        Assert.Equal(1, service.CacheHits);
    }

    [Fact]
    public async Task A_full_cache_makes_room_once_its_entries_expired_while_the_snapshot_stays_the_same()
    {
        using var service = Service(Settings() with { QuoteCacheEntries = 2 });
        await QuoteIdsAsync(service, Request(1_000_000_001));
        await QuoteIdsAsync(service, Request(1_000_000_002));
        // Full, and nothing expired yet: a third request is computed each time.
        var third = await QuoteIdsAsync(service, Request(1_000_000_003));
        Assert.Empty(third.Intersect(await QuoteIdsAsync(service, Request(1_000_000_003))));

        // Past the ttl, on the same snapshot: the expired entries are dropped and new requests are held again.
        _time.Now += Settings().EffectiveQuoteCacheTtl;
        var fourth = await QuoteIdsAsync(service, Request(1_000_000_004));
        Assert.Equal(fourth, await QuoteIdsAsync(service, Request(1_000_000_004)));
        var fifth = await QuoteIdsAsync(service, Request(1_000_000_005));
        Assert.Equal(fifth, await QuoteIdsAsync(service, Request(1_000_000_005)));
        Assert.Equal(2, service.CacheHits);
    }

    [Fact]
    public async Task A_rejection_is_not_kept()
    {
        using var service = Service(Settings());
        var tooSmall = Request(1) with { ToToken = UsdcOn(901) };   // no route from a token to itself
        var (json, rejection) = await service.QuoteJsonAsync(tooSmall);
        Assert.Null(json);
        Assert.NotNull(rejection);
        (_, rejection) = await service.QuoteJsonAsync(tooSmall);
        Assert.NotNull(rejection);
        Assert.Equal(0, service.CacheHits);
    }
}
