using Interop.Bridge.Relaying;
using Interop.Node.Hosting;

namespace Interop.Node.Api;

/// <summary>
/// <c>GET /v1/checkpoints/{origin}/{index}</c> and <c>/v1/checkpoints/{origin}/latest</c>: this node's validators'
/// signatures, as <see cref="CheckpointDocument"/> JSON that other nodes' relayers read.
/// </summary>
internal static class CheckpointsApi
{
    public static RouteGroupBuilder MapCheckpointsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/checkpoints");
        group.MapGet("/{origin}/{index}", GetAsync);
        return group;
    }

    private static async Task<IResult> GetAsync(string origin, string index, RelayerNetworkService service, CancellationToken cancellationToken)
    {
        if (!ApiProblems.TryParseDomain(origin, "origin", out var domain, out var problem)) return problem!;
        var latest = index == "latest";
        uint checkpointIndex = 0;
        if (!latest && !uint.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out checkpointIndex))
            return ApiProblems.BadParameter("index", $"must be a checkpoint index (0..{uint.MaxValue}) or 'latest', got '{ApiProblems.Truncate(index)}'");
        if (service.Network is not { } network) return MessagesApi.NetworkNotReady(service);

        var signed = latest
            ? await network.GetLatestCheckpointsAsync(domain, cancellationToken).ConfigureAwait(false)
            : await network.GetCheckpointsAsync(domain, checkpointIndex, cancellationToken).ConfigureAwait(false);
        if (signed.Count == 0)
            return ApiProblems.NotFound(latest
                ? $"this node's validators have signed no checkpoint of origin {domain}"
                : $"this node's validators have not signed checkpoint {checkpointIndex} of origin {domain}");
        return TypedResults.Text(CheckpointDocument.ToJson(CheckpointDocument.Create(domain, signed)), "application/json");
    }
}
