using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Indexing;

/// <summary>A block's place in the hash chain: its number, its hash and its parent's hash.</summary>
public sealed record BlockRef(ulong Number, Bytes32 Hash, Bytes32 ParentHash)
{
    /// <summary>The reference of a block as the node returned it.</summary>
    public static BlockRef From(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Hash.Length != 32)
            throw new ArgumentException($"block {block.Number} has no hash (a pending block cannot be indexed)", nameof(block));
        return new BlockRef(block.Number, new Bytes32(block.Hash), new Bytes32(block.ParentHash));
    }

    public override string ToString() => $"block {Number} ({Hash})";
}

/// <summary>An inclusive range of block numbers.</summary>
public readonly record struct BlockRange(ulong From, ulong To)
{
    public ulong Length => To - From + 1;

    public bool Contains(ulong number) => number >= From && number <= To;

    public override string ToString() => From == To ? $"block {From}" : $"blocks {From}..{To}";
}
