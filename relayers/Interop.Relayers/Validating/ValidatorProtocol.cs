using Interop.Bridge.Relaying;
using Interop.Bridge.Validation;
using Interop.Relayers.Persistence;
using Interop.Relayers.Watching;

namespace Interop.Relayers.Validating;

/// <summary>Asks a Validator for its highest signed checkpoint; answered with <see cref="CheckpointAnswer"/>.</summary>
public sealed record GetLatestCheckpoint(uint Origin);

/// <summary>
/// Asks a Validator for its signature at <paramref name="Index"/>; answered with <see cref="CheckpointAnswer"/>. A validator keeps
/// only its last <see cref="Bridge.Validation.ValidatorState.RetainSigned"/> signatures and the highest: an index older than all
/// of them is answered with the oldest kept checkpoint (a higher index, whose root proves the requested leaf too), see
/// <see cref="Bridge.Validation.ValidatorState.CheckpointFor"/>.
/// </summary>
public sealed record GetCheckpoint(uint Origin, uint Index);

/// <summary>A validator's signed checkpoint, or null when it signed none there.</summary>
public sealed record CheckpointAnswer(SignedCheckpoint? Checkpoint);

/// <summary>Asks a Validator for its <see cref="ValidatorStatus"/>.</summary>
public sealed record GetValidatorStatus
{
    public static readonly GetValidatorStatus Instance = new();

    private GetValidatorStatus()
    {
    }
}

public sealed record ValidatorStatus(uint Origin, Ethereum.Address Validator, long Leaves, uint? LatestSigned, string? HaltReason);

/// <summary>
/// What a Validator persists: the core events decided from one watcher event (with its position) or from one signing
/// decision (no position). One journal write holds both, so an event is never applied twice nor missed.
/// </summary>
[PersistedAs("validator.events.v1")]
public sealed record ValidatorEventsRecorded(long? Position, IReadOnlyList<IValidatorEvent> Events) : IPersistedMessage;

/// <summary>A Validator's snapshot: the core state and the position of the last watcher event it applied.</summary>
[PersistedAs("validator.snapshot.v1")]
public sealed record ValidatorActorSnapshot(ValidatorSnapshot State, long Position) : IPersistedMessage;
