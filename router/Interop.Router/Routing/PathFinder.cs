using System.Collections.Immutable;
using Interop.Router.Snapshots;
using Interop.Router.Venues;

namespace Interop.Router.Routing;

/// <summary>Enumerates simple paths (no asset visited twice) through a snapshot's route graph.</summary>
public static class PathFinder
{
    /// <summary>
    /// Every path from <paramref name="from"/> to <paramref name="to"/> of at most <paramref name="maxHops"/> edges,
    /// depth-first, stopping after <paramref name="maxPaths"/> (a bound on work per request with many parallel venues).
    /// </summary>
    public static List<RoutePath> Find(MarketSnapshot snapshot, AssetKey from, AssetKey to, int maxHops = 3, int maxPaths = 64)
    {
        var found = new List<RoutePath>();
        if (from == to) return found;
        var stack = new Edge[maxHops];
        var visited = new HashSet<AssetKey> { from };
        Walk(snapshot, from, to, 0, maxHops, maxPaths, stack, visited, found);
        return found;
    }

    private static void Walk(MarketSnapshot snapshot, AssetKey at, AssetKey to, int depth, int maxHops, int maxPaths,
        Edge[] stack, HashSet<AssetKey> visited, List<RoutePath> found)
    {
        foreach (var edge in snapshot.Outgoing(at))
        {
            if (found.Count >= maxPaths) return;
            if (edge.MaxInput.Sign <= 0) continue;
            stack[depth] = edge;
            if (edge.To == to)
            {
                found.Add(new RoutePath(ImmutableArray.Create(stack, 0, depth + 1)));
                continue;
            }
            if (depth + 1 >= maxHops || !visited.Add(edge.To)) continue;
            Walk(snapshot, edge.To, to, depth + 1, maxHops, maxPaths, stack, visited, found);
            visited.Remove(edge.To);
        }
    }
}
