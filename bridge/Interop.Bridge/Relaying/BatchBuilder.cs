using Interop.Bridge.Protocol;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Relaying;

/// <summary>Everything one Mailbox.processBatch transaction needs.</summary>
public sealed record DeliveryBatch(Checkpoint Checkpoint, byte[] Signatures, IReadOnlyList<InteropMessage> Messages, IReadOnlyList<Bytes32> Proof)
{
    /// <summary>The calldata of Mailbox.processBatch for this batch.</summary>
    public byte[] EncodeCall() =>
        MailboxBinding.EncodeProcessBatch(Checkpoint.ToArgument(), Signatures, Messages.Select(m => m.Encode()).ToArray(), Proof);
}

/// <summary>Pure assembly of delivery batches: checkpoint over the origin tree, ordered signature set, one multiproof.</summary>
public static class BatchBuilder
{
    /// <summary>
    /// Builds a batch proving <paramref name="messages"/> (any order; sorted by nonce here) against the checkpoint of the
    /// first <paramref name="leafCount"/> leaves of <paramref name="tree"/>, with signatures already collected for that checkpoint.
    /// </summary>
    public static DeliveryBatch Build(MerkleTree tree, long leafCount, uint origin, Bytes32 originMailbox,
        IEnumerable<InteropMessage> messages, IEnumerable<EcdsaSignature> signatures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leafCount, 1);
        var ordered = messages.OrderBy(m => m.Nonce).ToList();
        if (ordered.Count == 0) throw new ArgumentException("a batch needs at least one message", nameof(messages));
        foreach (var m in ordered)
        {
            if (m.Origin != origin) throw new ArgumentException($"{m} is not from origin {origin}", nameof(messages));
            if ((long)m.Nonce >= leafCount) throw new ArgumentException($"{m} is beyond the checkpoint of {leafCount} leaves", nameof(messages));
        }
        var checkpoint = new Checkpoint(origin, originMailbox, tree.Root(leafCount), (uint)(leafCount - 1));
        var proof = tree.MultiProof(ordered.Select(m => (long)m.Nonce).ToList(), leafCount);
        return new DeliveryBatch(checkpoint, checkpoint.EncodeSignatures(signatures), ordered, proof);
    }
}
