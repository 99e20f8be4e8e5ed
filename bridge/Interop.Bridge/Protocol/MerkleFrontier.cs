using Interop.Ethereum;

namespace Interop.Bridge.Protocol;

/// <summary>
/// The right edge of the origin Mailbox's incremental Merkle tree (depth 32): one branch node per height plus the leaf count,
/// exactly what the Mailbox contract stores. Enough to append and to compute the current root in O(depth), in constant
/// memory; unlike <see cref="MerkleTree"/> it cannot answer for earlier counts or build proofs.
/// Same hashing as <see cref="MerkleTree"/>: leaves <c>keccak(0x00 ‖ id)</c>, nodes <c>keccak(0x01 ‖ left ‖ right)</c>.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly Bytes32[] _branch;
    private Bytes32? _fullRoot; // a tree of 2^32 leaves has no gap left in the branch to hold its root

    /// <summary>An empty tree.</summary>
    public MerkleFrontier()
        : this(Enumerable.Repeat(Bytes32.Zero, MerkleTree.Depth).ToArray(), 0)
    {
    }

    private MerkleFrontier(Bytes32[] branch, long count)
    {
        _branch = branch;
        Count = count;
    }

    /// <summary>Number of leaves appended.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// The branch nodes, height 0 first: <c>Branch[h]</c> is the root of the left subtree of height h on the path of the next
    /// leaf, meaningful only where bit h of <see cref="Count"/> is set (as in the contract; other entries are stale).
    /// </summary>
    public IReadOnlyList<Bytes32> Branch => _branch;

    /// <summary>A frontier from its stored form (<see cref="Branch"/> and <see cref="Count"/>), e.g. a snapshot.</summary>
    public static MerkleFrontier FromBranch(IReadOnlyList<Bytes32> branch, long count)
    {
        ArgumentNullException.ThrowIfNull(branch);
        if (branch.Count != MerkleTree.Depth) throw new ArgumentException($"a frontier has {MerkleTree.Depth} branch nodes, not {branch.Count}", nameof(branch));
        if (count < 0 || count > 1L << MerkleTree.Depth) throw new ArgumentOutOfRangeException(nameof(count), count, "not a leaf count of a depth-32 tree");
        return new MerkleFrontier([.. branch], count);
    }

    /// <summary>An independent copy (appending to it leaves this one unchanged).</summary>
    public MerkleFrontier Clone() => new((Bytes32[])_branch.Clone(), Count) { _fullRoot = _fullRoot };

    /// <summary>Appends a message id; returns its leaf index.</summary>
    public long Append(Bytes32 id)
    {
        if (Count == 1L << MerkleTree.Depth) throw new InvalidOperationException("the Merkle tree is full (2^32 leaves)");
        var index = Count;
        var node = MerkleTree.LeafHash(id);
        var size = ++Count;
        // Climb while the new node completes a right child: combine with the stored left sibling; store at the first gap.
        for (var h = 0; h < MerkleTree.Depth; h++)
        {
            if ((size & 1) == 1)
            {
                _branch[h] = node;
                return index;
            }
            node = MerkleTree.NodeHash(_branch[h], node);
            size >>= 1;
        }
        _fullRoot = node;
        return index;
    }

    /// <summary>The current root.</summary>
    public Bytes32 Root()
    {
        if (_fullRoot is { } full) return full;
        var node = MerkleTree.ZeroHash(0);
        var size = Count;
        for (var h = 0; h < MerkleTree.Depth; h++)
        {
            node = (size & 1) == 1 ? MerkleTree.NodeHash(_branch[h], node) : MerkleTree.NodeHash(node, MerkleTree.ZeroHash(h));
            size >>= 1;
        }
        return node;
    }
}
