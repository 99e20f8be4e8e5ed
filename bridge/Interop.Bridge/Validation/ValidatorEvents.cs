using Interop.Bridge.Protocol;
using Interop.Ethereum;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Validation;

/// <summary>An event of one validator's core for one origin: what the Validator actor persists and replays.</summary>
public interface IValidatorEvent;

/// <summary>A confirmed Dispatched log was checked and joined the rebuilt tree; <see cref="ChainRoot"/> is the root the chain reported.</summary>
public sealed record LeafAppended(uint Index, Bytes32 Id, Bytes32 ChainRoot, ulong Block) : IValidatorEvent;

/// <summary>An origin reorg removed the leaves from <see cref="Count"/> on (they were in blocks after <see cref="ToBlock"/>).</summary>
public sealed record TreeTruncated(long Count, ulong ToBlock) : IValidatorEvent;

/// <summary>The validator signed <see cref="Checkpoint"/>; from now on that index may never be signed with another root.</summary>
public sealed record CheckpointSigned(Checkpoint Checkpoint, EcdsaSignature Signature) : IValidatorEvent
{
    public override string ToString() => $"signed checkpoint {Checkpoint.Index} of origin {Checkpoint.Origin} (root {Checkpoint.Root})";
}

/// <summary>Signing stopped for good: the rebuilt tree disagrees with the chain or signing would equivocate. An operator must look.</summary>
public sealed record Halted(string Reason) : IValidatorEvent;

/// <summary>What the origin Mailbox itself reports at a block: its message count and tree root (<c>count()</c>, <c>root()</c>).</summary>
public sealed record OnChainTree(ulong Block, long Count, Bytes32 Root);

/// <summary>
/// A validator state in compact form: the tree's frontier before <see cref="Leaves"/> (<see cref="BaseBranch"/>,
/// <see cref="BaseCount"/>; none: the leaves start at 0), the recent leaves, the kept signed checkpoints, the highest signed
/// one, and the halt reason.
/// </summary>
public sealed record ValidatorSnapshot(uint Origin, Address OriginMailbox, Address Validator, IReadOnlyList<LeafAppended> Leaves,
    IReadOnlyList<CheckpointSigned> Signed, string? HaltReason)
{
    /// <summary>The <see cref="Protocol.MerkleFrontier.Branch"/> of the leaves before <see cref="Leaves"/>, or null when they start at 0.</summary>
    public IReadOnlyList<Bytes32>? BaseBranch { get; init; }

    /// <summary>How many leaves precede <see cref="Leaves"/>.</summary>
    public long BaseCount { get; init; }

    /// <summary>The newest leaf folded into the frontier (its block: a reorg to before it cannot be undone).</summary>
    public LeafAppended? BaseLast { get; init; }

    /// <summary>The highest signed checkpoint (never sign below it, nor it with another root).</summary>
    public CheckpointSigned? Highest { get; init; }

    /// <summary>The highest signed index no longer kept (older indices are answered with a covering checkpoint), or null.</summary>
    public uint? ForgottenThrough { get; init; }
}
