using Interop.Bridge.Protocol;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;

namespace Interop.Bridge.Tests.Protocol;

/// <summary>The vectors of contracts/PROTOCOL.md (asserted on the Solidity side by test/ProtocolVectors.t.sol): C# and Solidity agree byte for byte.</summary>
public class ProtocolVectorTests
{
    private static Bytes32 Word(int value)
    {
        var bytes = new byte[32];
        bytes[31] = (byte)value;
        bytes[30] = (byte)(value >> 8);
        return new Bytes32(bytes);
    }

    [Fact]
    public void Message_encoding_id_and_leaf_match_the_solidity_vector()
    {
        var message = new InteropMessage
        {
            Version = 1, Nonce = 7, Origin = 1, Sender = Word(0xaa), Destination = 10, Recipient = Word(0xbb), GasLimit = 150000,
            Body = "hello"u8.ToArray(),
        };
        Assert.Equal("0x0100000000000000070000000100000000000000000000000000000000000000000000000000000000000000aa0000000a00000000000000000000000000000000000000000000000000000000000000bb000249f068656c6c6f",
            Hex.Encode(message.Encode()));
        Assert.Equal(Bytes32.Parse("0xfb4da1bdd111141a46f2969d9f77970aa6beab40d37cb4d1a2cc49ea4f0f0c4a"), message.Id);
        Assert.Equal(Bytes32.Parse("0x54a44130673bbb155476dc78e0277e557ffbdea2ce51293fbced6e9f1140dd2d"), MerkleTree.LeafHash(message.Id));
    }

    [Fact]
    public void Tree_root_matches_the_solidity_vector()
    {
        var tree = new MerkleTree();
        foreach (var i in new[] { 1, 2, 3 }) tree.Append(Word(i));
        Assert.Equal(Bytes32.Parse("0xbd5e4790a70a569ac7b22a1a8c2e9688ed6ff209013130b08b8623aa33b690ee"), tree.Root());
    }

    [Fact]
    public void Multiproof_matches_the_solidity_vector()
    {
        var tree = new MerkleTree();
        foreach (var i in new[] { 1, 2, 3, 4, 5 }) tree.Append(Word(i));
        var proof = tree.MultiProof([1, 3, 4], 5);
        Assert.Equal(33, proof.Length);
        Assert.Equal(MerkleTree.LeafHash(Word(1)), proof[0]);
        Assert.Equal(MerkleTree.LeafHash(Word(3)), proof[1]);
        Assert.Equal(MerkleTree.ZeroHash(0), proof[2]);
        Assert.Equal(MerkleTree.ZeroHash(1), proof[3]);
        Assert.Equal("0x3ff5e4e70ca4ec5b396bbfcd12b3d178d4099a7f5516af343977b27858956c4a",
            Hex.Encode(Interop.Ethereum.Crypto.Keccak256.Hash(proof.SelectMany(p => p.ToArray()).ToArray())));
        Assert.Equal(Bytes32.Parse("0xd22a9da80085e1b6ff8b40b2ce8b81f7d5372a2efb43222a7415b9d8ad55f1a2"), tree.Root());
    }

    [Fact]
    public void Checkpoint_hashes_match_the_solidity_vector()
    {
        var checkpoint = new Checkpoint(1, Word(0x1234), Bytes32.Parse("0x" + new string('1', 64)), 7);
        Assert.Equal(Bytes32.Parse("0x722f7fae7946b9cc208244d19c6143f1baf213a4f82eab52f58c30665638f2cc"), checkpoint.DomainHash);
        Assert.Equal(Bytes32.Parse("0x5416d6ad3b1ba489daf556047c1ef5dc4848af7beaf3917bae3b85ae8777755d"), checkpoint.Digest);
        Assert.Equal(Bytes32.Parse("0x378634c178840c3acd797c03c81c4acfd5847b122148aa5f47102452a52cb010"), checkpoint.SigningHash);
    }

    [Fact]
    public void Checkpoint_signatures_are_ordered_by_signer_and_reject_duplicates()
    {
        var checkpoint = new Checkpoint(1, Word(1), Word(2), 0);
        var keys = Enumerable.Range(0, 4).Select(_ => Interop.Ethereum.Signing.EthKey.Generate()).ToList();
        var encoded = checkpoint.EncodeSignatures(keys.Select(checkpoint.Sign));
        Assert.Equal(4 * 65, encoded.Length);
        var signers = Enumerable.Range(0, 4)
            .Select(i => checkpoint.RecoverSigner(Interop.Ethereum.Signing.EcdsaSignature.FromBytes65(encoded.AsSpan(i * 65, 65))))
            .ToList();
        Assert.Equal(keys.Select(k => k.Address).Order(), signers);
        Assert.Throws<ArgumentException>(() => checkpoint.EncodeSignatures([checkpoint.Sign(keys[0]), checkpoint.Sign(keys[0])]));
    }
}
