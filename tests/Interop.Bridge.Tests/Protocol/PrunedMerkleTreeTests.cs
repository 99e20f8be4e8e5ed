using Interop.Bridge.Protocol;
using Interop.Ethereum;

namespace Interop.Bridge.Tests.Protocol;

/// <summary>Property tests: a pruned tree answers every question about leaves at or above its watermark exactly as the full tree.</summary>
public class PrunedMerkleTreeTests
{
    private static Bytes32 RandomId(Random rng)
    {
        var bytes = new byte[32];
        rng.NextBytes(bytes);
        return new Bytes32(bytes);
    }

    private static (MerkleTree Full, List<Bytes32> Ids) FullTree(Random rng, int size)
    {
        var full = new MerkleTree();
        var ids = Enumerable.Range(0, size).Select(_ => RandomId(rng)).ToList();
        foreach (var id in ids) full.Append(id);
        return (full, ids);
    }

    // Three ways to reach a pruned tree of the same leaves: prune at the end, prune midway and append the rest, or
    // rebuild from the frontier at the watermark plus the later leaves (what a route snapshot stores).
    private static IEnumerable<MerkleTree> PrunedVariants(MerkleTree full, List<Bytes32> ids, long watermark, Random rng)
    {
        var atEnd = new MerkleTree();
        foreach (var id in ids) atEnd.Append(id);
        atEnd.Prune(watermark);
        yield return atEnd;

        var midway = new MerkleTree();
        var step = 0L;
        for (var i = 0; i < ids.Count; i++)
        {
            midway.Append(ids[i]);
            // Prune in several steps that never pass the final watermark.
            if (rng.Next(8) == 0 && step < watermark) midway.Prune(step = Math.Min(watermark, rng.Next(i + 2)));
        }
        midway.Prune(watermark);
        yield return midway;

        var rebuilt = MerkleTree.FromFrontier(watermark, atEnd.Frontier());
        foreach (var id in ids.Skip((int)watermark)) rebuilt.Append(id);
        Assert.Equal(full.Count, rebuilt.Count);
        yield return rebuilt;
    }

    [Fact]
    public void Pruned_tree_gives_the_full_trees_roots_proofs_and_multiproofs_for_leaves_at_or_above_the_watermark()
    {
        var rng = new Random(20261124);
        for (var trial = 0; trial < 150; trial++)
        {
            var size = trial < 20 ? trial + 1 : rng.Next(1, 700);
            var (full, ids) = FullTree(rng, size);
            var watermark = (long)rng.Next(0, size + 1);
            foreach (var pruned in PrunedVariants(full, ids, watermark, rng))
            {
                Assert.Equal(watermark, pruned.PrunedBelow);
                for (var count = watermark; count <= size; count += 1 + rng.Next(5))
                    Assert.Equal(full.Root(count), pruned.Root(count));
                Assert.Equal(full.Root(), pruned.Root());
                for (var probe = 0; probe < 10 && watermark < size; probe++)
                {
                    var index = watermark + rng.NextInt64(size - watermark);
                    var count = index + 1 + rng.NextInt64(size - index);
                    Assert.Equal(full.Proof(index, count), pruned.Proof(index, count));

                    var picks = Enumerable.Range((int)watermark, (int)(count - watermark)).Where(_ => rng.Next(3) == 0).Select(i => (long)i).ToList();
                    if (picks.Count == 0) picks.Add(index);
                    var proof = pruned.MultiProof(picks, count);
                    Assert.Equal(full.MultiProof(picks, count), proof);
                    var leaves = picks.Select(i => MerkleTree.LeafHash(ids[(int)i])).ToList();
                    Assert.Equal(full.Root(count), MerkleTree.ComputeMultiProofRoot(picks, leaves, proof));
                }
            }
        }
    }

    [Fact]
    public void Pruned_tree_keeps_only_the_frontier_and_the_leaves_from_the_watermark_on()
    {
        var (full, ids) = FullTree(new Random(5), 10_000);
        var pruned = new MerkleTree();
        foreach (var id in ids) pruned.Append(id);
        pruned.Prune(9_990);
        // 10 leaves (+1 even-aligned left sibling) and a handful of nodes per level instead of ~20,000.
        Assert.True(pruned.StoredNodes < 80, $"{pruned.StoredNodes} nodes stored");
        Assert.Equal(full.Root(), pruned.Root());
    }

    [Fact]
    public void Questions_about_pruned_leaves_fail_with_a_clear_exception()
    {
        var (_, ids) = FullTree(new Random(8), 100);
        var tree = new MerkleTree();
        foreach (var id in ids) tree.Append(id);
        tree.Prune(40);
        Assert.Contains("leaf 39 was pruned", Assert.Throws<MerkleLeafPrunedException>(() => tree.Proof(39, 100)).Message);
        Assert.Throws<MerkleLeafPrunedException>(() => tree.MultiProof([39, 40], 100));
        Assert.Throws<MerkleLeafPrunedException>(() => tree.Root(39));
        Assert.Throws<MerkleLeafPrunedException>(() => tree.Truncate(39));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Prune(101));
        tree.Prune(10); // below the watermark: nothing changes
        Assert.Equal(40, tree.PrunedBelow);
    }

    [Fact]
    public void Pruned_tree_truncates_to_the_watermark_and_grows_again_like_the_full_tree()
    {
        var rng = new Random(17);
        for (var trial = 0; trial < 60; trial++)
        {
            var size = rng.Next(2, 300);
            var (full, ids) = FullTree(rng, size);
            var watermark = rng.Next(0, size);
            var pruned = new MerkleTree();
            foreach (var id in ids) pruned.Append(id);
            pruned.Prune(watermark);
            var keep = rng.Next(watermark, size + 1);
            pruned.Truncate(keep);
            full.Truncate(keep);
            Assert.Equal(full.Root(), pruned.Root());
            var more = Enumerable.Range(0, rng.Next(1, 70)).Select(_ => RandomId(rng)).ToList();
            foreach (var id in more)
            {
                full.Append(id);
                pruned.Append(id);
            }
            Assert.Equal(full.Root(), pruned.Root());
            Assert.Equal(full.MultiProof([full.Count - 1], full.Count), pruned.MultiProof([full.Count - 1], full.Count));
        }
    }

    [Fact]
    public void Frontier_of_a_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MerkleTree.FromFrontier(5, [Bytes32.Zero]));
        Assert.Equal(MerkleTree.EmptyRoot, MerkleTree.FromFrontier(0, []).Root());
    }
}
