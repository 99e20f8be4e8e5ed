using System.Numerics;
using Interop.Router.Routing;
using Interop.Router.Snapshots;
using Interop.Router.Venues;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Routing;

public sealed class PathFinderTests
{
    [Fact]
    public void Usdc_901_to_weth_902_goes_over_each_bridge_route_then_the_destination_pool_without_revisiting_an_asset()
    {
        var paths = PathFinder.Find(DevnetMarket(), UsdcOn(901).Key, WethOn(902).Key);
        Assert.Equal(
            ["bridge:901-902:USDC|pool:902:" + Pool(902, 1, 1)[0].Contract + ":0", "bridge:901-900:USDC|bridge:900-902:USDC|pool:902:" + Pool(902, 1, 1)[0].Contract + ":0"],
            paths.Select(p => p.Id).Order(StringComparer.Ordinal).Reverse());
        Assert.All(paths, p => Assert.Equal(p.Edges.Length + 1, p.Edges.Select(e => e.From).Append(p.To).Distinct().Count()));
    }

    [Fact]
    public void With_many_parallel_pools_only_the_best_priced_few_per_hop_are_combined()
    {
        var devnet = DevnetMarket();
        // 50 extra USDC -> WETH pools on 901, pool i pays (1000 - i) WETH per 3M USDC.
        var extra = Enumerable.Range(1, 50).SelectMany(i => Pool(901, 3_000_000 * Usdc, (1000 - i) * Weth, id: i)).ToList();
        var snapshot = new MarketSnapshot(devnet.Chains, devnet.Tokens, devnet.Edges.AddRange(extra));
        var paths = PathFinder.Find(snapshot, UsdcOn(901).Key, WethOn(901).Key, maxParallel: 4);
        Assert.Equal(4, paths.Count);
        var best = paths.Select(p => p.Edges[0]).Cast<PoolEdge>().Select(e => e.ReserveOut).ToList();
        // The devnet pool (10M : 3333 WETH, 3000 USDC/WETH) is the best price, then extra pools 1, 2, 3.
        Assert.Equal([BigInteger.Parse("3333333333333333333333"), 999 * Weth, 998 * Weth, 997 * Weth], best);
    }

    [Fact]
    public void No_path_leaves_an_asset_without_venues()
    {
        Assert.Empty(PathFinder.Find(DevnetMarket(), WethOn(900).Key, WethOn(901).Key));
    }

    [Fact]
    public void A_snapshot_finds_the_paths_of_a_question_once_shares_them_with_its_fill_time_copies_and_not_with_new_edges()
    {
        var snapshot = DevnetMarket();
        var first = snapshot.Paths(UsdcOn(901).Key, WethOn(902).Key, 3, 64, 4);
        Assert.Equal(PathFinder.Find(snapshot, UsdcOn(901).Key, WethOn(902).Key).Select(p => p.Id), first.Select(p => p.Id));
        Assert.Same(first, snapshot.Paths(UsdcOn(901).Key, WethOn(902).Key, 3, 64, 4));
        // Another question (other bounds, other assets) is found on its own.
        Assert.NotSame(first, snapshot.Paths(UsdcOn(901).Key, WethOn(902).Key, 1, 64, 4));
        Assert.Empty(snapshot.Paths(UsdcOn(901).Key, WethOn(902).Key, 1, 64, 4));
        // Fill times do not change edges: the copy answers from the same paths.
        Assert.Same(first, snapshot.WithFillTimes(new Dictionary<(ulong, ulong, VenueKind), FillTime>(), 7).Paths(UsdcOn(901).Key, WethOn(902).Key, 3, 64, 4));
        // A snapshot with other edges (the watcher's next read) finds its own.
        var next = new MarketSnapshot(snapshot.Chains, snapshot.Tokens, snapshot.Edges, version: 8);
        Assert.NotSame(first, next.Paths(UsdcOn(901).Key, WethOn(902).Key, 3, 64, 4));
    }
}
