using Interop.Ethereum.Signing;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

/// <summary>Quotes from a service over the devnet market, and responses re-signed together as one batch (as the batch signer does under load).</summary>
internal static class QuoteBatches
{
    public static QuoteService Service()
    {
        var store = new SnapshotStore();
        store.Publish(DevnetMarket());
        return new QuoteService(Settings(), store, TimeProvider.System);
    }

    public static async Task<QuoteResponse> QuoteAsync(long amount = 1_000)
    {
        using var service = Service();
        var (response, rejection) = await service.QuoteAsync(new QuoteRequest(UsdcOn(901), UsdcOn(902), amount * Usdc, TradeType.ExactIn, 50, RouteOrder.Cheapest, Addr(77), Addr(78)));
        Assert.Null(rejection);
        return response!;
    }

    /// <summary>The responses with their routes signed as one batch by <paramref name="key"/> (one signature, one proof per response).</summary>
    public static IReadOnlyList<QuoteResponse> SignAsOneBatch(IReadOnlyList<QuoteResponse> responses, EthKey key)
    {
        var commits = responses.Select(r => QuoteSigner.Commit(r.Routes)).ToList();
        var signatures = QuoteBatchSigner.SignLeaves(commits.Select(c => c.Leaf).ToList(), key);
        return responses.Select((r, i) => r with { Routes = QuoteSigner.Attach(r.Routes, commits[i].RouteHashes, signatures[i], key.Address.ToString()) }).ToList();
    }

    /// <summary>Five responses of different amounts signed as one batch by the quote key.</summary>
    public static async Task<IReadOnlyList<QuoteResponse>> BatchAsync(int count = 5)
    {
        var responses = new List<QuoteResponse>();
        for (var i = 0; i < count; i++) responses.Add(await QuoteAsync(1_000 + i));
        return SignAsOneBatch(responses, QuoteKey);
    }
}
