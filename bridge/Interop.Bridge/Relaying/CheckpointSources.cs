using Interop.Bridge.Validation;

namespace Interop.Bridge.Relaying;

/// <summary>Where a relayer gets one validator's signed checkpoints (its HTTP endpoint later; in-process cores in tests).</summary>
public interface ICheckpointSource
{
    /// <summary>A name for logs and errors (the validator's address or URL).</summary>
    string Name { get; }

    /// <summary>The validator's highest signed checkpoint of <paramref name="origin"/>, or null when it has signed none.</summary>
    Task<SignedCheckpoint?> GetLatestAsync(uint origin, CancellationToken cancellationToken);

    /// <summary>The validator's signed checkpoint of <paramref name="origin"/> at <paramref name="index"/>, or null when it signed none there.</summary>
    Task<SignedCheckpoint?> GetAsync(uint origin, uint index, CancellationToken cancellationToken);
}

/// <summary>
/// Serves the checkpoints of validator cores running in this process, one state per origin. Reads the states directly:
/// call it from the owner of the states (or once they stop changing), they are not thread-safe.
/// </summary>
public sealed class InProcessCheckpointSource : ICheckpointSource
{
    private readonly Dictionary<uint, ValidatorState> _byOrigin;

    public InProcessCheckpointSource(params IEnumerable<ValidatorState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        _byOrigin = states.ToDictionary(s => s.Origin);
        var validators = _byOrigin.Values.Select(s => s.Validator).Distinct().ToList();
        if (validators.Count > 1) throw new ArgumentException("one source serves one validator's states", nameof(states));
        Name = validators.Count == 1 ? validators[0].ToString() : "no validator";
    }

    public string Name { get; }

    public Task<SignedCheckpoint?> GetLatestAsync(uint origin, CancellationToken cancellationToken) =>
        Task.FromResult(ToSigned(_byOrigin.GetValueOrDefault(origin)?.Latest));

    public Task<SignedCheckpoint?> GetAsync(uint origin, uint index, CancellationToken cancellationToken) =>
        Task.FromResult(ToSigned(_byOrigin.GetValueOrDefault(origin)?.GetSignature(index)));

    private static SignedCheckpoint? ToSigned(CheckpointSigned? signed) => signed is null ? null : new SignedCheckpoint(signed.Checkpoint, signed.Signature);
}

/// <summary>Gathers the signed checkpoints a quorum may be found among, from every validator, tolerating ones that fail.</summary>
public static class CheckpointCollector
{
    /// <summary>
    /// Asks every source for its latest checkpoint, then, for each of those indices at or above <paramref name="minIndex"/>,
    /// asks the sources that have gone further for their signature at that index too, so the smallest index a quorum shares
    /// is found. A source that fails is reported in <c>Problems</c> and the others still count.
    /// </summary>
    public static async Task<(IReadOnlyList<SignedCheckpoint> Offers, IReadOnlyList<string> Problems)> CollectAsync(
        IReadOnlyList<ICheckpointSource> sources, uint origin, uint minIndex, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var problems = new List<string>();
        var latest = await Task.WhenAll(sources.Select(s => Ask(s, () => s.GetLatestAsync(origin, cancellationToken), problems))).ConfigureAwait(false);
        var offers = latest.OfType<SignedCheckpoint>().ToList();
        var candidates = offers.Select(o => o.Checkpoint.Index).Where(i => i >= minIndex).Distinct().Order().ToList();
        var lookups = new List<Task<SignedCheckpoint?>>();
        foreach (var index in candidates)
            for (var i = 0; i < sources.Count; i++)
                if (latest[i] is { } top && top.Checkpoint.Index > index)
                {
                    var source = sources[i];
                    lookups.Add(Ask(source, () => source.GetAsync(origin, index, cancellationToken), problems));
                }
        offers.AddRange((await Task.WhenAll(lookups).ConfigureAwait(false)).OfType<SignedCheckpoint>());
        return (offers, problems);
    }

    private static async Task<SignedCheckpoint?> Ask(ICheckpointSource source, Func<Task<SignedCheckpoint?>> ask, List<string> problems)
    {
        try
        {
            return await ask().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One unreachable validator must not stop relaying while the others still reach the threshold.
            lock (problems) problems.Add($"validator {source.Name}: {e.Message}");
            return null;
        }
    }
}
