using System.Collections.Immutable;
using Interop.Router.Snapshots;
using Interop.Router.Venues;

namespace Interop.Router.Routing;

/// <summary>Enumerates simple paths (no asset visited twice) through a snapshot's route graph.</summary>
public static class PathFinder
{
    /// <summary>
    /// Paths from <paramref name="from"/> to <paramref name="to"/> of at most <paramref name="maxHops"/> edges. The
    /// search walks assets, not edges (parallel venues between two assets are one step), and at each hop combines
    /// the <paramref name="maxParallel"/> venues with the best price at zero size; it stops after
    /// <paramref name="maxPaths"/> paths. These bounds keep the work per request flat as venues are added.
    /// </summary>
    public static List<RoutePath> Find(MarketSnapshot snapshot, AssetKey from, AssetKey to, int maxHops = 3, int maxPaths = 64, int maxParallel = 4)
    {
        var found = new List<RoutePath>();
        if (from == to) return found;
        var hops = new Hop[maxHops];
        var visited = new HashSet<AssetKey> { from };
        Walk(snapshot, from, to, 0, maxHops, maxPaths, maxParallel, hops, visited, found);
        return found;
    }

    private static void Walk(MarketSnapshot snapshot, AssetKey at, AssetKey to, int depth, int maxHops, int maxPaths, int maxParallel,
        Hop[] hops, HashSet<AssetKey> visited, List<RoutePath> found)
    {
        foreach (var hop in snapshot.Hops(at))
        {
            if (found.Count >= maxPaths) return;
            hops[depth] = hop;
            if (hop.To == to)
            {
                Expand(hops, depth + 1, maxPaths, maxParallel, found);
                continue;
            }
            if (depth + 1 >= maxHops || !visited.Add(hop.To)) continue;
            Walk(snapshot, hop.To, to, depth + 1, maxHops, maxPaths, maxParallel, hops, visited, found);
            visited.Remove(hop.To);
        }
    }

    /// <summary>Every combination of the best venues of each hop of one asset sequence.</summary>
    private static void Expand(Hop[] hops, int length, int maxPaths, int maxParallel, List<RoutePath> found)
    {
        var edges = new Edge[length];
        void Pick(int i)
        {
            if (found.Count >= maxPaths) return;
            if (i == length)
            {
                found.Add(new RoutePath(ImmutableArray.Create(edges)));
                return;
            }
            var used = 0;
            foreach (var edge in hops[i].Edges)
            {
                if (used == maxParallel) break;
                if (edge.MaxInput.Sign <= 0) continue;
                edges[i] = edge;
                used++;
                Pick(i + 1);
            }
        }
        Pick(0);
    }
}
