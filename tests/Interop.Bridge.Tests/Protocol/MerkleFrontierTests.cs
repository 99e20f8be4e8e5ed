using Interop.Bridge.Protocol;
using Interop.Ethereum;

namespace Interop.Bridge.Tests.Protocol;

public sealed class MerkleFrontierTests
{
    private static Bytes32 RandomId(Random rng)
    {
        var bytes = new byte[32];
        rng.NextBytes(bytes);
        return new Bytes32(bytes);
    }

    public static TheoryData<int> Counts()
    {
        var counts = new SortedSet<int> { 0, 1, 2, 3 };
        for (var k = 2; k <= 12; k++)
        {
            counts.Add((1 << k) - 1);
            counts.Add(1 << k);
            counts.Add((1 << k) + 1);
        }
        var rng = new Random(4);
        for (var i = 0; i < 8; i++) counts.Add(rng.Next(5, 5000));
        return [.. counts];
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Frontier_root_equals_the_MerkleTree_root_after_every_append(int count)
    {
        var rng = new Random(count);
        var tree = new MerkleTree();
        var frontier = new MerkleFrontier();
        Assert.Equal(MerkleTree.EmptyRoot, frontier.Root());
        for (var i = 0; i < count; i++)
        {
            var id = RandomId(rng);
            Assert.Equal(tree.Append(id), frontier.Append(id));
            Assert.Equal(tree.Root(), frontier.Root());
        }
        Assert.Equal(tree.Count, frontier.Count);
    }

    [Fact]
    public void A_clone_and_a_frontier_rebuilt_from_its_branch_continue_like_the_original()
    {
        var rng = new Random(7);
        var frontier = new MerkleFrontier();
        for (var i = 0; i < 37; i++) frontier.Append(RandomId(rng));
        var clone = frontier.Clone();
        var rebuilt = MerkleFrontier.FromBranch(frontier.Branch, frontier.Count);

        var next = RandomId(rng);
        clone.Append(next);
        Assert.Equal(37, frontier.Count); // the clone is independent
        frontier.Append(next);
        rebuilt.Append(next);
        Assert.Equal(frontier.Root(), clone.Root());
        Assert.Equal(frontier.Root(), rebuilt.Root());
        Assert.Throws<ArgumentException>(() => MerkleFrontier.FromBranch(frontier.Branch.Take(31).ToList(), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleFrontier.FromBranch(frontier.Branch, -1));
    }
}
