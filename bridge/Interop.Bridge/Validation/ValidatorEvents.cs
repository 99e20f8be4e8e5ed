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

/// <summary>A validator state in compact form: its leaves, every checkpoint it signed, and its halt reason.</summary>
public sealed record ValidatorSnapshot(uint Origin, Address OriginMailbox, Address Validator, IReadOnlyList<LeafAppended> Leaves,
    IReadOnlyList<CheckpointSigned> Signed, string? HaltReason);
