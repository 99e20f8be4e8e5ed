using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Interop.Ethereum.Rpc.Errors;
using Interop.Router.Execution;
using Interop.Router.Quoting;
using Interop.Router.Routing;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using Interop.Router.Venues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Interop.Router.Http;

/// <summary>The router's /v1 endpoints (minimal APIs). Bad input is a 400 problem+json naming the parameter.</summary>
public static class RouterApi
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Quote responses and routes through generated code (no reflection metadata, the fast serialization path).
        TypeInfoResolver = JsonTypeInfoResolver.Combine(RouterJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Maps /v1/quote, /v1/routes, /v1/limits, /v1/transfers, /v1/status/{id}, /v1/status/{id}/events and /openapi/v1.json.</summary>
    public static RouteGroupBuilder MapInteropRouterApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var v1 = app.MapGroup("/v1").WithTags("Router");
        v1.AddEndpointFilter(CatchAll);
        v1.MapGet("/quote", GetQuote).WithName("GetQuote").WithSummary("Signed routes for a transfer or swap")
            .WithDescription(QuoteSignatureDescription)
            .Produces<QuoteResponse>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest);
        v1.MapGet("/routes", GetRoutes).WithName("GetRoutes").WithSummary("Every venue edge of the current snapshot");
        v1.MapGet("/limits", GetLimits).WithName("GetLimits").WithSummary("Input limits per (fromChain, toChain, token)");
        v1.MapPost("/transfers", PostTransfer).WithName("PostTransfer").WithSummary("Execute a signed quote with the node's market-maker key")
            .WithDescription("The body is one route of GET /v1/quote as returned. Refused (400 problem+json naming `signature`) when the route's hash is not in `routeHashes`, `proof` does not lead from the `QuoteSet` digest to `root`, or `signature` over `root` is not the quote key's; 400 naming `quote` when a field is malformed or the quote expired.")
            .Accepts<QuoteRoute>("application/json").Produces<TransferResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        v1.MapGet("/status/{id}", GetStatus).WithName("GetStatus").WithSummary("Status by quote id, transaction hash or message id");
        v1.MapGet("/status/{id}/events", GetStatusEvents).WithName("GetStatusEvents").WithSummary("Status changes as server-sent events");
        app.MapOpenApi("/openapi/{documentName}.json");
        return v1;
    }

    private const string QuoteSignatureDescription =
        "Every route carries `signature` (65 bytes, r‖s‖v) by `signer` over the EIP-712 `QuoteBatch(bytes32 root)` " +
        "(domain {name: \"Interop Router\", version: \"1\"}). A route is verified offline by: its `Quote` struct hash is in " +
        "`routeHashes`; the EIP-712 digest of `QuoteSet(bytes32[] routeHashes, uint256 expiresAt)` (domain {name: \"Interop Router\", " +
        "version: \"1\", chainId: fromChain}) folded with `proof` (sorted-pair keccak256, OpenZeppelin MerkleProof) equals `root`; " +
        "`root` recovers to `signer`. Responses signed together share `signature` and `root`; a response signed alone has `root` = its " +
        "`QuoteSet` digest and `proof` = [].";

    internal static IResult Problem(QuoteRejection rejection) =>
        TypedResults.Problem(
            detail: rejection.Detail,
            statusCode: rejection.Status,
            title: rejection.Status switch { 400 => $"Invalid parameter '{rejection.Parameter}'", 404 => "Not found", 409 => "Conflict", 422 => "Execution failed", 503 => "Unavailable", _ => "Error" },
            extensions: new Dictionary<string, object?> { ["parameter"] = rejection.Parameter });

    private static async ValueTask<object?> CatchAll(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Anything unexpected still answers problem+json; chain trouble is a 503 the client may retry.
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Interop.Router.Http");
            var chain = e is RpcException or HttpRequestException;
            logger.LogError(e, "Router request {Path} failed", context.HttpContext.Request.Path.Value);
            return TypedResults.Problem(
                detail: chain ? "a chain did not answer; retry shortly" : "an unexpected error occurred; it was logged with this trace id",
                statusCode: chain ? 503 : 500,
                title: chain ? "Chain unavailable" : "Internal error",
                extensions: new Dictionary<string, object?> { ["traceId"] = context.HttpContext.TraceIdentifier });
        }
    }

    private static async Task<IResult> GetQuote(HttpRequest request, SnapshotStore snapshots, RouterSettings settings, QuoteService quotes)
    {
        var (parsed, rejection) = QuoteRequestParser.Parse(request.Query, snapshots.Current, settings, settings.ExecutorKey?.Address);
        if (rejection is not null) return Problem(rejection);
        var (json, refused) = await quotes.QuoteJsonAsync(parsed!, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return refused is not null ? Problem(refused) : TypedResults.Bytes(json!, "application/json; charset=utf-8");
    }

    /// <summary>One venue edge as GET /v1/routes lists it.</summary>
    public sealed record RouteEdge(string Venue, string Type, ulong FromChain, string FromToken, ulong ToChain, string ToToken, string Contract, string MaxInput, int FeeBps, string NativeFee);

    private static IResult GetRoutes(SnapshotStore snapshots)
    {
        var snapshot = snapshots.Current;
        string Symbol(AssetKey k) => snapshot.Token(k)?.Symbol ?? k.Token.ToString();
        var edges = snapshot.Edges.Select(e => new RouteEdge(e.VenueId, e.Kind.ToString(), e.From.ChainId, Symbol(e.From), e.To.ChainId, Symbol(e.To),
            e.Contract.ToString(), e.MaxInput.ToString(CultureInfo.InvariantCulture), e.FeeBps, e.NativeFee.ToString(CultureInfo.InvariantCulture))).ToList();
        return TypedResults.Json(new
        {
            snapshotVersion = snapshot.Version,
            snapshotAt = snapshot.TakenAt,
            chains = snapshot.Chains.Select(c => new { chainId = c.ChainId, name = c.Name, gasPrice = c.GasPrice.ToString(CultureInfo.InvariantCulture) }),
            tokens = snapshot.Tokens.Select(t => new { chainId = t.ChainId, symbol = t.Symbol, address = t.Address.ToString(), decimals = t.Decimals }),
            routes = edges,
        }, Json);
    }

    private static IResult GetLimits(HttpRequest request, SnapshotStore snapshots, RouterSettings settings)
    {
        var snapshot = snapshots.Current;
        var fromChain = request.Query["fromChain"].ToString();
        var toChain = request.Query["toChain"].ToString();
        var token = request.Query["token"].ToString();
        foreach (var (name, value) in new[] { ("fromChain", fromChain), ("toChain", toChain) })
            if (value.Length > 0 && (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || snapshot.Chain(id) is null))
                return Problem(new QuoteRejection(name, $"unknown chain '{value}'"));
        if (token.Length > 0 && !snapshot.Tokens.Any(t => string.Equals(t.Symbol, token, StringComparison.OrdinalIgnoreCase) || string.Equals(t.Address.ToString(), token, StringComparison.OrdinalIgnoreCase)))
            return Problem(new QuoteRejection("token", $"unknown token '{token}'"));

        var limits = new List<object>();
        foreach (var from in snapshot.Tokens)
        {
            if (fromChain.Length > 0 && from.ChainId.ToString(CultureInfo.InvariantCulture) != fromChain) continue;
            if (token.Length > 0 && !string.Equals(from.Symbol, token, StringComparison.OrdinalIgnoreCase) && !string.Equals(from.Address.ToString(), token, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var to in snapshot.Tokens.Where(t => t.Symbol == from.Symbol && t.ChainId != from.ChainId))
            {
                if (toChain.Length > 0 && to.ChainId.ToString(CultureInfo.InvariantCulture) != toChain) continue;
                var paths = snapshot.Paths(from.Key, to.Key, settings.Engine.MaxHops, settings.Engine.MaxPaths, settings.Engine.MaxParallel);
                if (paths.Count == 0) continue;
                var max = paths.Max(p => p.MaxInput);
                var instant = paths.Max(p => p.InstantMaxInput);
                var min = paths.Select(p => p.MinInput).OfType<System.Numerics.BigInteger>().DefaultIfEmpty(System.Numerics.BigInteger.One).Min();
                limits.Add(new
                {
                    fromChain = from.ChainId,
                    toChain = to.ChainId,
                    token = from.Symbol,
                    min = min.ToString(CultureInfo.InvariantCulture),
                    instantMax = instant.ToString(CultureInfo.InvariantCulture),
                    max = max.ToString(CultureInfo.InvariantCulture),
                });
            }
        }
        return TypedResults.Json(new { snapshotVersion = snapshot.Version, limits }, Json);
    }

    private static async Task<IResult> PostTransfer(HttpRequest request, TransferExecutor executor, CancellationToken cancellationToken)
    {
        QuoteRoute? route;
        try
        {
            route = await JsonSerializer.DeserializeAsync<QuoteRoute>(request.Body, Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Problem(new QuoteRejection("quote", $"the body must be a route of GET /v1/quote as JSON: {e.Message}"));
        }
        if (route is null) return Problem(new QuoteRejection("quote", "the body must be a route of GET /v1/quote as JSON"));
        var (response, rejection) = await executor.ExecuteAsync(route, cancellationToken).ConfigureAwait(false);
        return rejection is not null ? Problem(rejection) : TypedResults.Json(response!, Json);
    }

    private static async Task<IResult> GetStatus(string id, StatusService statuses, CancellationToken cancellationToken)
    {
        var status = await statuses.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return status is null
            ? Problem(new QuoteRejection("id", $"no quote, transaction or message '{id}' is known here", 404))
            : TypedResults.Json(status, Json);
    }

    private static async Task GetStatusEvents(string id, HttpContext context, StatusService statuses, CancellationToken cancellationToken)
    {
        var first = await statuses.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            await Problem(new QuoteRejection("id", $"no quote, transaction or message '{id}' is known here", 404)).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        string? last = null;
        var current = first;
        var sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var json = JsonSerializer.Serialize(current, Json);
            if (json != last)
            {
                await context.Response.WriteAsync($"id: {sequence++}\nevent: status\ndata: {json}\n\n", cancellationToken).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                last = json;
            }
            if (current.Status is "FILLED" or "PARTIAL" or "REFUNDED" || (current.Status == "EXPIRED" && current.TransactionHashes.Count == 0)) return;
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            current = await statuses.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? current;
        }
    }
}
