using System.Numerics;
using Interop.Bridge.Protocol;
using Interop.Bridge.Relaying;
using Interop.Ethereum;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Tests.Relaying;

public sealed class QuorumSelectorTests
{
    private const uint Origin = 901;
    private static readonly Bytes32 Mailbox = Bytes32.FromAddress(Address.Parse("0x1000000000000000000000000000000000000001"));
    private static readonly EthKey[] Members = Enumerable.Range(1, 5).Select(i => new EthKey(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
    private static readonly ValidatorSet Set = new(Members.Select(k => k.Address), threshold: 3);
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    private static Bytes32 RootAt(uint index) => new(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(index)));

    private static Checkpoint At(uint index) => new(Origin, Mailbox, RootAt(index), index);

    private static SignedCheckpoint Signed(EthKey key, Checkpoint checkpoint) => new(checkpoint, checkpoint.Sign(key));

    private static IEnumerable<SignedCheckpoint> Quorum(uint index, int count = 3) => Members.Take(count).Select(k => Signed(k, At(index)));

    private static QuorumResult Select(IEnumerable<SignedCheckpoint> offers, uint minIndex, uint treeCount = 100) =>
        QuorumSelector.Select(offers, Origin, Mailbox, Set, minIndex, i => i < treeCount ? RootAt(i) : null);

    [Fact]
    public void Quorum_is_reached_with_threshold_signatures_from_distinct_members_and_uses_exactly_the_threshold()
    {
        var reached = Assert.IsType<QuorumResult.Reached>(Select(Quorum(7, count: 5), minIndex: 4));
        Assert.Equal(At(7), reached.Checkpoint);
        Assert.Equal(3, reached.Signatures.Count);
        Assert.All(reached.Signatures, s => Assert.Contains(reached.Checkpoint.RecoverSigner(s), Set.Validators));
        Assert.Equal(3, reached.Signatures.Select(reached.Checkpoint.RecoverSigner).Distinct().Count());
        Assert.Empty(reached.Rejected);
    }

    [Fact]
    public void Quorum_picks_the_smallest_signed_index_at_or_above_the_highest_nonce()
    {
        var offers = Quorum(3).Concat(Quorum(9)).Concat(Quorum(5)).Concat(Quorum(12));
        Assert.Equal(5U, Assert.IsType<QuorumResult.Reached>(Select(offers, minIndex: 4)).Checkpoint.Index);
        Assert.Equal(3U, Assert.IsType<QuorumResult.Reached>(Select(offers, minIndex: 3)).Checkpoint.Index);
        Assert.IsType<QuorumResult.NotReached>(Select(offers, minIndex: 13));
    }

    [Fact]
    public void Quorum_ignores_signatures_from_keys_outside_the_validator_set()
    {
        var outsiders = Enumerable.Range(0, 4).Select(_ => Signed(EthKey.Generate(), At(7)));
        var result = Assert.IsType<QuorumResult.NotReached>(Select(Quorum(7, count: 2).Concat(outsiders), minIndex: 7));
        Assert.Equal(4, result.Rejected.Count(r => r.Contains("not in the validator set", StringComparison.Ordinal)));
        Assert.Contains("best: index 7 with 2", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Quorum_counts_a_member_once_however_often_its_signature_is_offered()
    {
        var one = Signed(Members[0], At(7));
        var two = Signed(Members[1], At(7));
        Assert.IsType<QuorumResult.NotReached>(Select([one, one, one, two, two], minIndex: 7));
    }

    [Fact]
    public void Quorum_rejects_a_member_signature_moved_onto_another_root()
    {
        var forged = At(7) with { Root = RootAt(99) };
        var moved = Members.Take(3).Select(k => new SignedCheckpoint(forged, At(7).Sign(k)));
        var result = Select(moved.Concat(Quorum(7, count: 2)), minIndex: 7);
        Assert.IsType<QuorumResult.NotReached>(result);
        Assert.Equal(3, result.Rejected.Count);
    }

    [Fact]
    public void Quorum_rejects_malformed_and_high_s_signatures()
    {
        var good = Signed(Members[2], At(7));
        var s = new BigInteger(good.Signature.S, isUnsigned: true, isBigEndian: true);
        var highS = new EcdsaSignature(good.Signature.R, (N - s).ToByteArray(isUnsigned: true, isBigEndian: true).PadLeftTo32(), (byte)(good.Signature.RecoveryId ^ 1));
        Assert.Equal(Members[2].Address, At(7).RecoverSigner(highS)); // a valid signature, just not one the ISM accepts
        var malformed = new EcdsaSignature(new byte[32], good.Signature.S, 0);

        var result = Select([.. Quorum(7, count: 2), new SignedCheckpoint(At(7), highS), new SignedCheckpoint(At(7), malformed)], minIndex: 7);

        Assert.IsType<QuorumResult.NotReached>(result);
        Assert.Contains(result.Rejected, r => r.Contains("high s", StringComparison.Ordinal));
        Assert.Contains(result.Rejected, r => r.Contains("malformed", StringComparison.Ordinal));
    }

    [Fact]
    public void Quorum_rejects_checkpoints_of_another_origin_or_mailbox()
    {
        var otherMailbox = Members.Select(k => Signed(k, At(7) with { OriginMailbox = Bytes32.Zero }));
        var otherOrigin = Members.Select(k => Signed(k, At(7) with { Origin = 902 }));
        var result = Select(otherMailbox.Concat(otherOrigin), minIndex: 0);
        Assert.IsType<QuorumResult.NotReached>(result);
        Assert.Equal(10, result.Rejected.Count);
    }

    [Fact]
    public void Quorum_skips_a_checkpoint_whose_root_the_relayer_tree_does_not_have_or_has_not_reached()
    {
        var wrongRoot = Members.Take(3).Select(k => Signed(k, At(5) with { Root = RootAt(1000) }));
        var result = Assert.IsType<QuorumResult.Reached>(Select(wrongRoot.Concat(Quorum(6)), minIndex: 5));
        Assert.Equal(6U, result.Checkpoint.Index);
        Assert.Contains(result.Rejected, r => r.Contains("but the relayer's tree has", StringComparison.Ordinal));

        var beyond = Assert.IsType<QuorumResult.NotReached>(Select(Quorum(50), minIndex: 5, treeCount: 20));
        Assert.Contains(beyond.Rejected, r => r.Contains("has not indexed that many", StringComparison.Ordinal));
    }
}

internal static class ByteArrayExtensions
{
    public static byte[] PadLeftTo32(this byte[] bytes) => [.. new byte[32 - bytes.Length], .. bytes];
}
