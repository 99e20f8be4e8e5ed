using Interop.Bridge.Protocol;
using Interop.Ethereum;

namespace Interop.Bridge.Tests.Protocol;

public class MerkleTreeTests
{
    private static Bytes32 RandomId(Random rng)
    {
        var bytes = new byte[32];
        rng.NextBytes(bytes);
        return new Bytes32(bytes);
    }

    // Straightforward definition: hash the padded leaf layer up 32 times.
    private static Bytes32 NaiveRoot(IReadOnlyList<Bytes32> ids)
    {
        var layer = ids.Select(MerkleTree.LeafHash).ToList();
        for (var h = 0; h < MerkleTree.Depth; h++)
        {
            if (layer.Count % 2 == 1) layer.Add(MerkleTree.ZeroHash(h));
            var next = new List<Bytes32>();
            for (var i = 0; i < layer.Count; i += 2) next.Add(MerkleTree.NodeHash(layer[i], layer[i + 1]));
            layer = next.Count == 0 ? [MerkleTree.ZeroHash(h + 1)] : next;
        }
        return layer[0];
    }

    [Fact]
    public void Root_equals_the_naive_full_tree_root_for_every_count_up_to_70()
    {
        var rng = new Random(7);
        var tree = new MerkleTree();
        var ids = new List<Bytes32>();
        Assert.Equal(NaiveRoot(ids), tree.Root());
        for (var i = 0; i < 70; i++)
        {
            var id = RandomId(rng);
            ids.Add(id);
            tree.Append(id);
            Assert.Equal(NaiveRoot(ids), tree.Root());
        }
        // Historical roots stay answerable.
        for (var c = 0; c <= ids.Count; c++) Assert.Equal(NaiveRoot(ids.Take(c).ToList()), tree.Root(c));
    }

    [Fact]
    public void Empty_root_hashes_zero_subtrees_with_the_internal_prefix()
    {
        Assert.Equal(Bytes32.Zero, MerkleTree.ZeroHash(0));
        Assert.Equal(MerkleTree.NodeHash(MerkleTree.ZeroHash(31), MerkleTree.ZeroHash(31)), MerkleTree.EmptyRoot);
    }

    [Fact]
    public void Multiproof_verifies_random_subsets_against_historical_roots()
    {
        var rng = new Random(11);
        var tree = new MerkleTree();
        var ids = Enumerable.Range(0, 300).Select(_ => RandomId(rng)).ToList();
        foreach (var id in ids) tree.Append(id);
        for (var trial = 0; trial < 200; trial++)
        {
            var count = rng.Next(1, ids.Count + 1);
            var picks = Enumerable.Range(0, count).Where(_ => rng.Next(4) == 0).Select(i => (long)i).ToList();
            if (picks.Count == 0) picks.Add(rng.Next(count));
            var proof = tree.MultiProof(picks, count);
            var leaves = picks.Select(i => MerkleTree.LeafHash(ids[(int)i])).ToList();
            Assert.Equal(tree.Root(count), MerkleTree.ComputeMultiProofRoot(picks, leaves, proof));
        }
    }

    [Fact]
    public void Multiproof_of_a_contiguous_batch_of_64_needs_few_siblings()
    {
        var rng = new Random(3);
        var tree = new MerkleTree();
        for (var i = 0; i < 1000; i++) tree.Append(RandomId(rng));
        var batch = Enumerable.Range(640, 64).Select(i => (long)i).ToList();
        Assert.Equal(26, tree.MultiProof(batch, 1000).Length);
    }

    [Fact]
    public void Multiproof_rejects_a_tampered_leaf_or_sibling()
    {
        var rng = new Random(5);
        var tree = new MerkleTree();
        var ids = Enumerable.Range(0, 50).Select(_ => RandomId(rng)).ToList();
        foreach (var id in ids) tree.Append(id);
        long[] picks = [3, 4, 17, 49];
        var proof = tree.MultiProof(picks, 50);
        var leaves = picks.Select(i => MerkleTree.LeafHash(ids[(int)i])).ToArray();
        var root = tree.Root(50);

        var badLeaves = (Bytes32[])leaves.Clone();
        badLeaves[2] = MerkleTree.LeafHash(RandomId(rng));
        Assert.NotEqual(root, MerkleTree.ComputeMultiProofRoot(picks, badLeaves, proof));

        var badProof = (Bytes32[])proof.Clone();
        badProof[^1] = RandomId(rng);
        Assert.NotEqual(root, MerkleTree.ComputeMultiProofRoot(picks, leaves, badProof));

        Assert.Throws<FormatException>(() => MerkleTree.ComputeMultiProofRoot(picks, leaves, proof[..^1]));
        Assert.Throws<FormatException>(() => MerkleTree.ComputeMultiProofRoot(picks, leaves, [.. proof, Bytes32.Zero]));
        Assert.Throws<ArgumentException>(() => MerkleTree.ComputeMultiProofRoot([4, 3, 17, 49], leaves, proof));
    }

    [Fact]
    public void Single_proof_walks_to_the_root()
    {
        var rng = new Random(9);
        var tree = new MerkleTree();
        var ids = Enumerable.Range(0, 37).Select(_ => RandomId(rng)).ToList();
        foreach (var id in ids) tree.Append(id);
        for (var i = 0; i < ids.Count; i++)
        {
            var node = MerkleTree.LeafHash(ids[i]);
            var proof = tree.Proof(i, 37);
            for (var h = 0; h < MerkleTree.Depth; h++)
                node = ((i >> h) & 1) == 0 ? MerkleTree.NodeHash(node, proof[h]) : MerkleTree.NodeHash(proof[h], node);
            Assert.Equal(tree.Root(), node);
        }
    }

    [Fact]
    public void Truncate_restores_the_earlier_tree()
    {
        var rng = new Random(13);
        var tree = new MerkleTree();
        var ids = Enumerable.Range(0, 40).Select(_ => RandomId(rng)).ToList();
        foreach (var id in ids) tree.Append(id);
        var rootAt23 = tree.Root(23);
        tree.Truncate(23);
        Assert.Equal(23, tree.Count);
        Assert.Equal(rootAt23, tree.Root());
        tree.Append(ids[23]);
        Assert.Equal(NaiveRoot(ids.Take(24).ToList()), tree.Root());
    }
}
