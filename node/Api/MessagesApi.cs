using Interop.Node.Hosting;

namespace Interop.Node.Api;

/// <summary><c>GET /v1/messages/{id}</c> and <c>GET /v1/messages?tx=0x..</c>: a message's lifecycle as this node saw it.</summary>
internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/messages");
        group.MapGet("/{id}", GetAsync);
        group.MapGet("/", FindByTransactionAsync);
        return group;
    }

    private static async Task<IResult> GetAsync(string id, RelayerNetworkService service, CancellationToken cancellationToken)
    {
        if (!ApiProblems.TryParseBytes32(id, "id", out var messageId, out var problem)) return problem!;
        if (service.Network is not { } network) return NetworkNotReady(service);
        var record = await network.GetAsync(messageId, cancellationToken).ConfigureAwait(false);
        return record is null
            ? ApiProblems.NotFound($"message {messageId} is unknown to this node (not dispatched yet, or not confirmed on its origin)")
            : TypedResults.Ok(MessageResponse.From(record));
    }

    private static async Task<IResult> FindByTransactionAsync(string? tx, RelayerNetworkService service, CancellationToken cancellationToken)
    {
        if (tx is null) return ApiProblems.BadParameter("tx", "is required: GET /v1/messages?tx=0x<transaction hash> (or GET /v1/messages/{id})");
        if (!ApiProblems.TryParseBytes32(tx, "tx", out var hash, out var problem)) return problem!;
        if (service.Network is not { } network) return NetworkNotReady(service);
        var records = await network.FindByTransactionAsync(hash, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(records.Select(MessageResponse.From).ToList());
    }

    internal static IResult NetworkNotReady(RelayerNetworkService service) =>
        ApiProblems.NotReady(service.StartFailure is { } failure
            ? $"the relayer network failed to start: {failure}"
            : "the relayer network is still starting; retry when /health/ready answers 200");
}
