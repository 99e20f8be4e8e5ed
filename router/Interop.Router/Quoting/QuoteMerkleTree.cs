using Interop.Ethereum.Crypto;

namespace Interop.Router.Quoting;

/// <summary>
/// A keccak256 Merkle tree over the responses of one signing batch, with sorted pairs: a parent is
/// keccak256(min(a, b) ‖ max(a, b)), so a proof is a plain list of siblings and OpenZeppelin's
/// <c>MerkleProof.verify(proof, root, leaf)</c> accepts it. Leaves are paired left to right, level by level; an odd
/// node out moves up unchanged (it has no sibling on that level, so its proof is one shorter).
/// Leaves are EIP-712 digests that the verifier recomputes from a route's terms, never taken as given, so an inner
/// node cannot be passed off as a leaf (that would need a keccak preimage of the 66-byte digest input).
/// </summary>
public static class QuoteMerkleTree
{
    /// <summary>The root and, for every leaf in order, its proof (siblings from the leaf up). One leaf: root = leaf, proof empty.</summary>
    public static (byte[] Root, byte[][][] Proofs) Build(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0) throw new ArgumentException("a tree needs at least one leaf", nameof(leaves));
        var proofs = new List<byte[]>[leaves.Count];
        // position[i] = index of leaf i's ancestor in the current level.
        var position = new int[leaves.Count];
        var level = new byte[leaves.Count][];
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Length != 32) throw new ArgumentException($"leaf {i} must be 32 bytes", nameof(leaves));
            level[i] = leaves[i];
            position[i] = i;
            proofs[i] = [];
        }
        while (level.Length > 1)
        {
            for (var i = 0; i < leaves.Count; i++)
            {
                var sibling = position[i] ^ 1;
                if (sibling < level.Length) proofs[i].Add(level[sibling]);
                position[i] >>= 1;
            }
            var next = new byte[(level.Length + 1) / 2][];
            for (var j = 0; j < level.Length / 2; j++) next[j] = HashPair(level[2 * j], level[2 * j + 1]);
            if (level.Length % 2 == 1) next[^1] = level[^1];
            level = next;
        }
        return (level[0], proofs.Select(p => p.ToArray()).ToArray());
    }

    /// <summary>The root a leaf and its proof imply (OpenZeppelin <c>MerkleProof.processProof</c>).</summary>
    public static byte[] ProcessProof(ReadOnlySpan<byte> leaf, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leaf.Length != 32) throw new ArgumentException("a leaf is 32 bytes", nameof(leaf));
        var node = leaf.ToArray();
        foreach (var sibling in proof)
        {
            if (sibling.Length != 32) throw new ArgumentException("a proof element is 32 bytes", nameof(proof));
            node = HashPair(node, sibling);
        }
        return node;
    }

    /// <summary>keccak256 of the two nodes in ascending byte order (OpenZeppelin <c>Hashes.commutativeKeccak256</c>).</summary>
    public static byte[] HashPair(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Span<byte> buffer = stackalloc byte[64];
        var ordered = a.SequenceCompareTo(b) <= 0;
        (ordered ? a : b).CopyTo(buffer);
        (ordered ? b : a).CopyTo(buffer[32..]);
        return Keccak256.Hash(buffer);
    }
}
