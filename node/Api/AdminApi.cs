using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Node.Hosting;
using Interop.Relayers.Network;

namespace Interop.Node.Api;

/// <summary>
/// <c>/admin/*</c>: message listing, retry, relay by transaction, denylist; every call needs an <c>X-Api-Key</c> header
/// matching one of Interop:Admin:ApiKeys.
/// </summary>
internal static class AdminApi
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const int MaxListLimit = 1000;

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin");
        group.AddEndpointFilter<ApiKeyFilter>();
        group.MapGet("/messages", ListAsync);
        group.MapPost("/messages/{id}/retry", RetryAsync);
        group.MapPost("/relay", RelayAsync);
        group.MapGet("/denylist", GetDenylist);
        group.MapPut("/denylist", SetDenylistAsync);
        return group;
    }

    private static async Task<IResult> ListAsync(string? status, string? limit, RelayerNetworkService service, CancellationToken cancellationToken)
    {
        MessageStage? stage = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<MessageStage>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
                return ApiProblems.BadParameter("status", $"must be one of {string.Join(", ", Enum.GetNames<MessageStage>())}, got '{ApiProblems.Truncate(status)}'");
            stage = parsed;
        }
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxListLimit))
            return ApiProblems.BadParameter("limit", $"must be between 1 and {MaxListLimit}, got '{ApiProblems.Truncate(limit)}'");
        if (service.Network is not { } network) return MessagesApi.NetworkNotReady(service);
        var records = await network.ListAsync(stage, count, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(records.Select(MessageResponse.From).ToList());
    }

    private static async Task<IResult> RetryAsync(string id, RelayerNetworkService service, CancellationToken cancellationToken)
    {
        if (!ApiProblems.TryParseBytes32(id, "id", out var messageId, out var problem)) return problem!;
        if (service.Network is not { } network) return MessagesApi.NetworkNotReady(service);
        return ToResult(await network.RetryAsync(messageId, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> RelayAsync(HttpRequest request, RelayerNetworkService service, CancellationToken cancellationToken)
    {
        using var body = await ReadJsonAsync(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is not null) return body.Problem;
        var root = body.Document!.RootElement;
        if (!root.TryGetProperty("chain", out var chainElement) || chainElement.ValueKind != JsonValueKind.Number
            || !chainElement.TryGetUInt32(out var chain) || chain == 0)
            return ApiProblems.BadParameter("chain", "must be a chain id (a JSON number between 1 and 4294967295)");
        if (!root.TryGetProperty("txHash", out var hashElement) || hashElement.ValueKind != JsonValueKind.String)
            return ApiProblems.BadParameter("txHash", "is required: the origin transaction hash as a string (0x + 64 hex digits)");
        if (!ApiProblems.TryParseBytes32(hashElement.GetString(), "txHash", out var hash, out var problem)) return problem!;
        if (service.Network is not { } network) return MessagesApi.NetworkNotReady(service);
        return ToResult(await network.RelayTransactionAsync(chain, hash, cancellationToken).ConfigureAwait(false));
    }

    private static IResult GetDenylist(RelayerNetworkService service) =>
        service.Network is { } network ? TypedResults.Ok(DenylistDocument.From(network.Denylist)) : MessagesApi.NetworkNotReady(service);

    private static async Task<IResult> SetDenylistAsync(HttpRequest request, RelayerNetworkService service, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var body = await ReadJsonAsync(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is not null) return body.Problem;
        var root = body.Document!.RootElement;
        var lists = new Dictionary<string, ImmutableHashSet<Bytes32>>(StringComparer.Ordinal);
        foreach (var name in DenylistDocument.Fields)
        {
            var set = ImmutableHashSet.CreateBuilder<Bytes32>();
            if (root.TryGetProperty(name, out var array) && array.ValueKind != JsonValueKind.Null)
            {
                if (array.ValueKind != JsonValueKind.Array) return ApiProblems.BadParameter(name, "must be an array of hex strings");
                var i = 0;
                foreach (var item in array.EnumerateArray())
                {
                    var parameter = $"{name}[{i++}]";
                    if (item.ValueKind != JsonValueKind.String) return ApiProblems.BadParameter(parameter, "must be a hex string");
                    Bytes32 value;
                    IResult? problem;
                    var ok = name == "messageIds"
                        ? ApiProblems.TryParseBytes32(item.GetString(), parameter, out value, out problem)
                        : ApiProblems.TryParseAccount(item.GetString(), parameter, out value, out problem);
                    if (!ok) return problem!;
                    set.Add(value);
                }
            }
            lists[name] = set.ToImmutable();
        }
        foreach (var property in root.EnumerateObject())
            if (!DenylistDocument.Fields.Contains(property.Name))
                return ApiProblems.BadParameter(property.Name, $"is not a denylist field (expected {string.Join(", ", DenylistDocument.Fields)})");
        if (service.Network is not { } network) return MessagesApi.NetworkNotReady(service);
        var saved = await network.SetDenylistAsync(new Denylist(lists["messageIds"], lists["senders"], lists["recipients"]), cancellationToken).ConfigureAwait(false);
        loggers.CreateLogger(typeof(AdminApi)).LogInformation("Denylist replaced: {MessageIdCount} message ids, {SenderCount} senders, {RecipientCount} recipients",
            saved.MessageIds.Count, saved.Senders.Count, saved.Recipients.Count);
        return TypedResults.Ok(DenylistDocument.From(saved));
    }

    /// <summary>Accepted 202, NotFound 404, Conflict 409 (all with the network's explanation).</summary>
    internal static IResult ToResult(AdminResult result) => result.Kind switch
    {
        AdminResultKind.Accepted => TypedResults.Accepted((string?)null, new AdminResultResponse(result.Detail, result.MessageIds?.Select(m => m.ToString()).ToList() ?? [])),
        AdminResultKind.NotFound => ApiProblems.NotFound(result.Detail),
        AdminResultKind.Conflict => ApiProblems.Conflict(result.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Kind, "unknown admin result"),
    };

    private static async Task<JsonBody> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return new JsonBody(null, ApiProblems.BadParameter("body", "must be JSON (Content-Type: application/json)"));
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return new JsonBody(document, null);
            document.Dispose();
            return new JsonBody(null, ApiProblems.BadParameter("body", "must be a JSON object"));
        }
        catch (JsonException e)
        {
            return new JsonBody(null, ApiProblems.BadParameter("body", $"is not valid JSON: {e.Message}"));
        }
    }

    private sealed record JsonBody(JsonDocument? Document, IResult? Problem) : IDisposable
    {
        public void Dispose() => Document?.Dispose();
    }
}

/// <summary>The answer of an accepted admin command.</summary>
public sealed record AdminResultResponse(string Detail, IReadOnlyList<string> MessageIds);

/// <summary>The denylist as JSON: 32-byte hex values (senders and recipients as the left-padded accounts messages carry).</summary>
public sealed record DenylistDocument(IReadOnlyList<string> MessageIds, IReadOnlyList<string> Senders, IReadOnlyList<string> Recipients)
{
    public static readonly IReadOnlyList<string> Fields = ["messageIds", "senders", "recipients"];

    public static DenylistDocument From(Denylist denylist) => new(
        denylist.MessageIds.OrderBy(x => x).Select(x => x.ToString()).ToList(),
        denylist.Senders.OrderBy(x => x).Select(x => x.ToString()).ToList(),
        denylist.Recipients.OrderBy(x => x).Select(x => x.ToString()).ToList());
}

/// <summary>
/// Lets a request through only with an X-Api-Key equal to a configured key. Keys are compared as SHA-256 digests with
/// <see cref="CryptographicOperations.FixedTimeEquals"/> so neither content nor length leaks through timing; the key is
/// never logged.
/// </summary>
internal sealed class ApiKeyFilter(AdminOptions options) : IEndpointFilter
{
    private readonly byte[][] _digests = options.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k.Trim()))).ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_digests.Length == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Admin API disabled",
                detail: $"no admin API key is configured: add one to {AdminOptions.SectionName}:ApiKeys (e.g. the environment variable Interop__Admin__ApiKeys__0=<at least 16 random characters>) and send it in the {AdminApi.ApiKeyHeader} header");
        var presented = context.HttpContext.Request.Headers[AdminApi.ApiKeyHeader];
        if (presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                detail: $"send one of the keys of {AdminOptions.SectionName}:ApiKeys in the {AdminApi.ApiKeyHeader} header");
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented[0]!));
        var match = false;
        foreach (var expected in _digests) match |= CryptographicOperations.FixedTimeEquals(digest, expected);
        if (!match)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong API key",
                detail: $"the {AdminApi.ApiKeyHeader} header does not match any key of {AdminOptions.SectionName}:ApiKeys");
        return await next(context).ConfigureAwait(false);
    }
}
