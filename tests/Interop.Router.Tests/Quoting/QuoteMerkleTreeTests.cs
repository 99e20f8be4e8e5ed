using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Router.Quoting;
using Interop.Testing;

namespace Interop.Router.Tests.Quoting;

public sealed class QuoteMerkleTreeTests
{
    private static byte[][] Leaves(int count) => Enumerable.Range(0, count).Select(i => Keccak256.HashUtf8($"leaf {i}")).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(1000)]
    public void Every_leafs_proof_leads_to_the_root(int count)
    {
        var leaves = Leaves(count);
        var (root, proofs) = QuoteMerkleTree.Build(leaves);
        Assert.Equal(count, proofs.Length);
        for (var i = 0; i < count; i++)
        {
            Assert.True(proofs[i].Length <= (int)Math.Ceiling(Math.Log2(count)));
            Assert.Equal(Hex.Encode(root), Hex.Encode(QuoteMerkleTree.ProcessProof(leaves[i], proofs[i])));
        }
    }

    [Fact]
    public void One_leaf_is_its_own_root_with_an_empty_proof()
    {
        var leaf = Leaves(1)[0];
        var (root, proofs) = QuoteMerkleTree.Build([leaf]);
        Assert.Equal(leaf, root);
        Assert.Empty(proofs[0]);
    }

    [Fact]
    public void A_proof_does_not_lead_another_leaf_to_the_root()
    {
        var leaves = Leaves(5);
        var (root, proofs) = QuoteMerkleTree.Build(leaves);
        Assert.NotEqual(Hex.Encode(root), Hex.Encode(QuoteMerkleTree.ProcessProof(leaves[1], proofs[2])));
        Assert.NotEqual(Hex.Encode(root), Hex.Encode(QuoteMerkleTree.ProcessProof(Keccak256.HashUtf8("stranger"), proofs[0])));
    }

    [Fact]
    public void Pairs_hash_in_ascending_order_as_openzeppelin_commutative_keccak256_and_cast_agree()
    {
        // OpenZeppelin's MerkleProof.processProof folds commutativeKeccak256(a, b) = keccak256(min ‖ max); check a
        // three-leaf root against cast keccak of the sorted concatenations, computed independently here.
        var leaves = Leaves(3);
        var (root, proofs) = QuoteMerkleTree.Build(leaves);
        string Sorted(string a, string b) => "0x" + (string.CompareOrdinal(a, b) <= 0 ? a[2..] + b[2..] : b[2..] + a[2..]);
        var ab = Cast.Run("keccak", Sorted(Hex.Encode(leaves[0]), Hex.Encode(leaves[1]))).Trim();
        var expected = Cast.Run("keccak", Sorted(ab, Hex.Encode(leaves[2]))).Trim();
        Assert.Equal(expected, Hex.Encode(root), ignoreCase: true);
        Assert.Equal([Hex.Encode(leaves[1]), Hex.Encode(leaves[2])], proofs[0].Select(p => Hex.Encode(p)));
        Assert.Equal([ab], proofs[2].Select(p => Hex.Encode(p)));
    }
}
