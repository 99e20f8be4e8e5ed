using Interop.Bridge.Protocol;
using Interop.Ethereum;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Relaying;

/// <summary>A checkpoint with one validator's signature, as a validator serves it (the signer is recovered, never trusted).</summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, EcdsaSignature Signature);

/// <summary>Whether offered signatures add up to a usable quorum.</summary>
public abstract record QuorumResult
{
    private QuorumResult()
    {
    }

    /// <summary>Signatures that were not counted, each with why (forged, not a member, for another mailbox, ...).</summary>
    public required IReadOnlyList<string> Rejected { get; init; }

    /// <summary><see cref="Signatures"/> (exactly the threshold, from distinct members) all sign <see cref="Checkpoint"/>.</summary>
    public sealed record Reached(Checkpoint Checkpoint, IReadOnlyList<EcdsaSignature> Signatures) : QuorumResult;

    /// <summary>No checkpoint qualifies yet.</summary>
    public sealed record NotReached(string Reason) : QuorumResult;
}

/// <summary>
/// Pure quorum selection for a batch: the smallest checkpoint index at or above the batch's highest nonce that a threshold
/// of distinct validator-set members signed with the root the relayer's own tree has there. Every signature is verified by
/// recovering its signer; malformed, high-s (the ISM rejects them), non-member, duplicate and off-route signatures are ignored.
/// </summary>
public static class QuorumSelector
{
    /// <param name="offers">Signed checkpoints collected from validators, in any order, possibly with garbage.</param>
    /// <param name="localRoot">The relayer tree's root with <c>index + 1</c> leaves, or null when it has fewer leaves.</param>
    public static QuorumResult Select(IEnumerable<SignedCheckpoint> offers, uint origin, Bytes32 originMailbox, ValidatorSet validators,
        uint minIndex, Func<uint, Bytes32?> localRoot)
    {
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(localRoot);
        var rejected = new List<string>();
        var bySigner = new Dictionary<(uint Index, Bytes32 Root), SortedDictionary<Address, EcdsaSignature>>();
        foreach (var offer in offers)
        {
            var cp = offer.Checkpoint;
            if (cp.Origin != origin || cp.OriginMailbox != originMailbox)
            {
                rejected.Add($"checkpoint {cp.Index} is for origin {cp.Origin} mailbox {cp.OriginMailbox}, not origin {origin} mailbox {originMailbox}");
                continue;
            }
            if (cp.Index < minIndex) continue;
            if (!Secp256k1.IsLowS(offer.Signature.S))
            {
                rejected.Add($"a signature of checkpoint {cp.Index} has a high s, which the ISM rejects");
                continue;
            }
            Address signer;
            try
            {
                signer = cp.RecoverSigner(offer.Signature);
            }
            catch (InvalidSignatureException e)
            {
                rejected.Add($"a signature of checkpoint {cp.Index} is malformed: {e.Message}");
                continue;
            }
            if (!validators.Contains(signer))
            {
                rejected.Add($"checkpoint {cp.Index} root {cp.Root} was signed by {signer}, who is not in the validator set");
                continue;
            }
            if (!bySigner.TryGetValue((cp.Index, cp.Root), out var signatures))
                bySigner[(cp.Index, cp.Root)] = signatures = [];
            signatures.TryAdd(signer, offer.Signature); // a signer counts once, however often it is offered
        }

        var best = (Index: 0u, Count: 0);
        foreach (var ((index, root), signatures) in bySigner.OrderBy(g => g.Key.Index))
        {
            if (signatures.Count > best.Count) best = (index, signatures.Count);
            if (signatures.Count < validators.Threshold) continue;
            var local = localRoot(index);
            if (local is null)
            {
                rejected.Add($"checkpoint {index} has a quorum but the relayer has not indexed that many origin messages yet");
                continue;
            }
            if (local.Value != root)
            {
                rejected.Add($"a quorum signed root {root} at index {index}, but the relayer's tree has {local.Value} there");
                continue;
            }
            return new QuorumResult.Reached(new Checkpoint(origin, originMailbox, root, index), signatures.Values.Take(validators.Threshold).ToList())
            {
                Rejected = rejected,
            };
        }
        var reason = best.Count == 0
            ? $"no valid signature for a checkpoint of origin {origin} at index {minIndex} or above"
            : $"no checkpoint of origin {origin} at index {minIndex} or above has {validators.Threshold} valid signatures (best: index {best.Index} with {best.Count})";
        return new QuorumResult.NotReached(reason) { Rejected = rejected };
    }
}
