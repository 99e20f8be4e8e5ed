using System.Net;
using Interop.Bridge.Relaying;
using Interop.Ethereum;

namespace Interop.Relayers.Relaying;

/// <summary>
/// One remote validator's checkpoints, read from another node's <c>GET {base}/v1/checkpoints/{origin}/latest</c> and
/// <c>/{index}</c> (<see cref="CheckpointDocument"/>). Only entries whose signature recovers to <paramref name="validator"/> count:
/// a node cannot speak for a validator it does not hold the key of. 404 means "none signed".
/// </summary>
public sealed class HttpCheckpointSource(HttpClient http, Uri baseAddress, Address validator) : ICheckpointSource
{
    public string Name { get; } = $"{validator} at {baseAddress}";

    public Task<SignedCheckpoint?> GetLatestAsync(uint origin, CancellationToken cancellationToken) =>
        FetchAsync($"v1/checkpoints/{origin}/latest", origin, null, cancellationToken);

    public Task<SignedCheckpoint?> GetAsync(uint origin, uint index, CancellationToken cancellationToken) =>
        FetchAsync($"v1/checkpoints/{origin}/{index}", origin, index, cancellationToken);

    private async Task<SignedCheckpoint?> FetchAsync(string path, uint origin, uint? index, CancellationToken cancellationToken)
    {
        var baseUri = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        using var response = await http.GetAsync(new Uri(baseUri, path), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return Pick(CheckpointDocument.Parse(json).Checkpoints, validator, origin, index);
    }

    /// <summary>
    /// The entry of <paramref name="signer"/> for <paramref name="origin"/>, signer recovered: its highest, or with
    /// <paramref name="index"/> the one at that index, else the lowest above it. A validator that no longer holds its
    /// signature of an old index answers with the oldest checkpoint it kept that covers it (a checkpoint at index n
    /// commits to every message up to n); that answer is still an offer the quorum can be found among.
    /// </summary>
    public static SignedCheckpoint? Pick(IEnumerable<SignedCheckpoint> checkpoints, Address signer, uint origin, uint? index)
    {
        var own = checkpoints
            .Where(c => c.Checkpoint.Origin == origin && (index is null || c.Checkpoint.Index >= index))
            .Where(c => c.Checkpoint.RecoverSigner(c.Signature) == signer);
        return index is null ? own.MaxBy(c => c.Checkpoint.Index) : own.MinBy(c => c.Checkpoint.Index);
    }
}
