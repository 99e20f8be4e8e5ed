using Interop.Ethereum;
using Interop.Ethereum.Crypto;

namespace Interop.Bridge.Protocol;

/// <summary>
/// The origin mailbox's incremental Merkle tree (depth 32) rebuilt off-chain, able to answer for any earlier
/// leaf count: roots, single proofs and batch multiproofs exactly as the contracts verify them.
/// Leaves are <c>keccak(0x00 ‖ id)</c>, internal nodes <c>keccak(0x01 ‖ left ‖ right)</c>, empty subtrees hash up from zero.
/// <para>
/// The tree can forget the leaves below a watermark (<see cref="Prune"/>): it keeps the frontier at the watermark (the
/// complete subtrees left of it on the watermark leaf's path) and every node from the watermark on. That is exactly what
/// a proof of a leaf at or above the watermark, or a root of at least watermark leaves, needs: a sibling entirely left of
/// the watermark on such a path is a frontier node. Questions about pruned leaves throw <see cref="MerkleLeafPrunedException"/>.
/// </para>
/// </summary>
public sealed class MerkleTree
{
    /// <summary>Tree depth: 2^32 leaves.</summary>
    public const int Depth = 32;

    private static readonly Bytes32[] ZeroHashes = BuildZeroHashes();

    // levels[h] holds the roots of the complete subtrees of height h, left to right, from index offsets[h] on; partial
    // subtrees are recomputed on demand along the right edge, so appending is O(1) amortised and a query is O(depth).
    // After Prune(w), offsets[h] = (w >> h) rounded down to even: the frontier node at w (when bit h of w is set) is the
    // left sibling that the later parent at height h + 1 still needs.
    private readonly List<Bytes32>[] _levels = Enumerable.Range(0, Depth + 1).Select(_ => new List<Bytes32>()).ToArray();
    private readonly long[] _offsets = new long[Depth + 1];

    /// <summary>Number of leaves appended.</summary>
    public long Count => _offsets[0] + _levels[0].Count;

    /// <summary>The watermark: leaves below it are forgotten (0 when nothing was pruned).</summary>
    public long PrunedBelow { get; private set; }

    /// <summary>Leaf hashes and nodes held in memory (for tests and gauges).</summary>
    public long StoredNodes => _levels.Sum(l => (long)l.Count);

    /// <summary>The root of the empty tree.</summary>
    public static Bytes32 EmptyRoot => ZeroHashes[Depth];

    /// <summary>The root of an empty subtree of height <paramref name="height"/>.</summary>
    public static Bytes32 ZeroHash(int height) => ZeroHashes[height];

    /// <summary>Leaf node for a message id.</summary>
    public static Bytes32 LeafHash(Bytes32 id)
    {
        Span<byte> buffer = stackalloc byte[33];
        buffer[0] = 0x00;
        id.Span.CopyTo(buffer[1..]);
        return new Bytes32(Keccak256.Hash(buffer));
    }

    /// <summary>Internal node over two children.</summary>
    public static Bytes32 NodeHash(Bytes32 left, Bytes32 right)
    {
        Span<byte> buffer = stackalloc byte[65];
        buffer[0] = 0x01;
        left.Span.CopyTo(buffer[1..]);
        right.Span.CopyTo(buffer[33..]);
        return new Bytes32(Keccak256.Hash(buffer));
    }

    /// <summary>Appends a message id; returns its leaf index.</summary>
    public long Append(Bytes32 id)
    {
        if (Count == 1L << Depth) throw new InvalidOperationException("the Merkle tree is full (2^32 leaves)");
        var index = Count;
        _levels[0].Add(LeafHash(id));
        for (var h = 0; h < Depth && (_offsets[h] + _levels[h].Count) % 2 == 0; h++)
        {
            var level = _levels[h];
            _levels[h + 1].Add(NodeHash(level[^2], level[^1]));
        }
        return index;
    }

    /// <summary>Drops every leaf at or after <paramref name="count"/> (an origin reorg removed them).</summary>
    public void Truncate(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Count) throw new ArgumentOutOfRangeException(nameof(count), count, $"the tree has only {Count} leaves");
        if (count < PrunedBelow)
            throw new MerkleLeafPrunedException($"cannot truncate the tree to {count} leaves: the leaves below {PrunedBelow} were pruned");
        for (var h = 0; h <= Depth; h++)
        {
            var keep = (int)((count >> h) - _offsets[h]);
            var level = _levels[h];
            if (level.Count > keep) level.RemoveRange(keep, level.Count - keep);
        }
    }

    /// <summary>
    /// Forgets the leaves below <paramref name="watermark"/> (at most <see cref="Count"/>); roots of at least that many leaves
    /// and proofs of leaves from it on stay answerable, unchanged. A watermark at or below <see cref="PrunedBelow"/> does nothing.
    /// </summary>
    public void Prune(long watermark)
    {
        if (watermark < 0 || watermark > Count)
            throw new ArgumentOutOfRangeException(nameof(watermark), watermark, $"the watermark must be between 0 and the {Count} leaves");
        if (watermark <= PrunedBelow) return;
        for (var h = 0; h <= Depth; h++)
        {
            var offset = (watermark >> h) & ~1L;
            var drop = (int)(offset - _offsets[h]);
            if (drop <= 0) continue;
            _levels[h].RemoveRange(0, drop);
            _offsets[h] = offset;
        }
        PrunedBelow = watermark;
    }

    /// <summary>
    /// The frontier at <see cref="PrunedBelow"/>: for each height h (ascending) where bit h of the watermark is set, the root
    /// of the complete subtree of height h ending at the watermark. With the leaves from the watermark on, it rebuilds this tree
    /// (<see cref="FromFrontier"/>).
    /// </summary>
    public IReadOnlyList<Bytes32> Frontier()
    {
        var frontier = new List<Bytes32>();
        for (var h = 0; h <= Depth; h++)
            if ((PrunedBelow >> h & 1) == 1) frontier.Add(_levels[h][0]);
        return frontier;
    }

    /// <summary>A tree of <paramref name="count"/> leaves, all pruned, from its <see cref="Frontier"/> at that count.</summary>
    public static MerkleTree FromFrontier(long count, IReadOnlyList<Bytes32> frontier)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        if (count < 0 || count > 1L << Depth) throw new ArgumentOutOfRangeException(nameof(count), count, "a leaf count between 0 and 2^32");
        var expected = System.Numerics.BitOperations.PopCount((ulong)count);
        if (frontier.Count != expected)
            throw new ArgumentException($"a frontier at {count} leaves has {expected} nodes, got {frontier.Count}", nameof(frontier));
        var tree = new MerkleTree { PrunedBelow = count };
        var next = 0;
        for (var h = 0; h <= Depth; h++)
        {
            tree._offsets[h] = (count >> h) & ~1L;
            if ((count >> h & 1) == 1) tree._levels[h].Add(frontier[next++]);
        }
        return tree;
    }

    /// <summary>The current root.</summary>
    public Bytes32 Root() => Root(Count);

    /// <summary>The root the tree had when it held <paramref name="count"/> leaves.</summary>
    public Bytes32 Root(long count)
    {
        CheckCount(count);
        if (count < PrunedBelow)
            throw new MerkleLeafPrunedException($"the root of {count} leaves is unknown: the leaves below {PrunedBelow} were pruned");
        return Node(Depth, 0, count);
    }

    /// <summary>The 32 siblings proving leaf <paramref name="index"/> against <see cref="Root(long)"/> of <paramref name="count"/>.</summary>
    public Bytes32[] Proof(long index, long count)
    {
        CheckCount(count);
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"leaf {index} is not among the first {count}");
        CheckNotPruned(index);
        var proof = new Bytes32[Depth];
        for (var h = 0; h < Depth; h++)
            proof[h] = Node(h, (index >> h) ^ 1, count);
        return proof;
    }

    /// <summary>
    /// One proof for several leaves (indices strictly ascending) against the root of <paramref name="count"/> leaves:
    /// the siblings the verifier cannot compute itself, in the order <see cref="ComputeMultiProofRoot"/> consumes them.
    /// </summary>
    public Bytes32[] MultiProof(IReadOnlyList<long> indices, long count)
    {
        CheckCount(count);
        CheckAscending(indices);
        if (indices[^1] >= count) throw new ArgumentOutOfRangeException(nameof(indices), indices[^1], $"leaf {indices[^1]} is not among the first {count}");
        CheckNotPruned(indices[0]);
        var proof = new List<Bytes32>();
        var current = indices.ToList();
        for (var h = 0; h < Depth; h++)
        {
            var next = new List<long>(current.Count);
            for (var i = 0; i < current.Count; i++)
            {
                var index = current[i];
                if ((index & 1) == 0 && i + 1 < current.Count && current[i + 1] == index + 1)
                    i++;
                else
                    proof.Add(Node(h, index ^ 1, count));
                next.Add(index >> 1);
            }
            current = next;
        }
        return [.. proof];
    }

    /// <summary>
    /// The verifier's side (the same walk the Mailbox does on-chain): the root implied by leaves at ascending indices
    /// and a multiproof. Throws when the proof has too few or too many siblings.
    /// </summary>
    public static Bytes32 ComputeMultiProofRoot(IReadOnlyList<long> indices, IReadOnlyList<Bytes32> leaves, IReadOnlyList<Bytes32> proof)
    {
        if (indices.Count != leaves.Count) throw new ArgumentException("one leaf per index");
        CheckAscending(indices);
        var idx = indices.ToArray();
        var nodes = leaves.ToArray();
        var n = idx.Length;
        var p = 0;
        for (var h = 0; h < Depth; h++)
        {
            var m = 0;
            for (var i = 0; i < n; i++)
            {
                var index = idx[i];
                Bytes32 parent;
                if ((index & 1) == 0 && i + 1 < n && idx[i + 1] == index + 1)
                    parent = NodeHash(nodes[i], nodes[++i]);
                else if ((index & 1) == 0)
                    parent = NodeHash(nodes[i], Take(proof, ref p));
                else
                    parent = NodeHash(Take(proof, ref p), nodes[i]);
                idx[m] = index >> 1;
                nodes[m++] = parent;
            }
            n = m;
        }
        if (p != proof.Count) throw new FormatException($"multiproof has {proof.Count} siblings but only {p} were used");
        return nodes[0];
    }

    private Bytes32 Node(int height, long index, long count)
    {
        var start = index << height;
        if (start >= count) return ZeroHashes[height];
        if (start + (1L << height) <= count)
        {
            var stored = index - _offsets[height];
            // Unreachable for the questions the public methods let through (they check the watermark): a guard, not a path.
            if (stored < 0) throw new MerkleLeafPrunedException($"node {index} at height {height} is left of the pruned watermark {PrunedBelow}");
            return _levels[height][(int)stored];
        }
        return NodeHash(Node(height - 1, index * 2, count), Node(height - 1, index * 2 + 1, count));
    }

    private void CheckCount(long count)
    {
        if (count < 0 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the tree has {Count} leaves");
    }

    private void CheckNotPruned(long index)
    {
        if (index < PrunedBelow)
            throw new MerkleLeafPrunedException($"leaf {index} was pruned (the tree keeps the leaves from {PrunedBelow} on); its proof cannot be built any more");
    }

    private static void CheckAscending(IReadOnlyList<long> indices)
    {
        if (indices.Count == 0) throw new ArgumentException("at least one leaf index is needed", nameof(indices));
        for (var i = 1; i < indices.Count; i++)
            if (indices[i] <= indices[i - 1])
                throw new ArgumentException($"leaf indices must be strictly ascending ({indices[i - 1]} then {indices[i]})", nameof(indices));
    }

    private static Bytes32 Take(IReadOnlyList<Bytes32> proof, ref int p) =>
        p < proof.Count ? proof[p++] : throw new FormatException($"multiproof ran out of siblings after {proof.Count}");

    private static Bytes32[] BuildZeroHashes()
    {
        var zeros = new Bytes32[Depth + 1];
        zeros[0] = Bytes32.Zero;
        for (var h = 1; h <= Depth; h++) zeros[h] = NodeHash(zeros[h - 1], zeros[h - 1]);
        return zeros;
    }
}

/// <summary>A question about a leaf (or an older root) that <see cref="MerkleTree.Prune"/> forgot.</summary>
public sealed class MerkleLeafPrunedException(string message) : InvalidOperationException(message);
