using Akka.Actor;
using Interop.Bridge.Relaying;
using Interop.Relayers.Validating;

namespace Interop.Relayers.Relaying;

/// <summary>A local Validator actor as a relayer's checkpoint source (Ask with a timeout).</summary>
public sealed class ActorCheckpointSource(IActorRef validator, string name, TimeSpan timeout) : ICheckpointSource
{
    public string Name { get; } = name;

    public async Task<SignedCheckpoint?> GetLatestAsync(uint origin, CancellationToken cancellationToken) =>
        (await validator.Ask<CheckpointAnswer>(new GetLatestCheckpoint(origin), timeout, cancellationToken).ConfigureAwait(false)).Checkpoint;

    public async Task<SignedCheckpoint?> GetAsync(uint origin, uint index, CancellationToken cancellationToken) =>
        (await validator.Ask<CheckpointAnswer>(new GetCheckpoint(origin, index), timeout, cancellationToken).ConfigureAwait(false)).Checkpoint;
}
