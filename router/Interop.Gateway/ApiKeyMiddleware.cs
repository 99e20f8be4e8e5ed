using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Interop.Gateway;

/// <summary>
/// Identifies the caller by the <see cref="GatewayOptions.ApiKeyHeader"/> header (constant-time comparison) for its rate
/// limit. When keys are required, a missing or unknown key is a 401 problem+json; otherwise callers without a gateway key
/// are limited per IP and their header is forwarded untouched. Keys are never logged.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, GatewayOptions options)
{
    internal const string CallerItem = "Interop.Gateway.ApiKey";

    private readonly (byte[] Hash, GatewayApiKey Key)[] _keys =
        options.ApiKeys.Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)), k)).ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = context.Request.Headers[GatewayOptions.ApiKeyHeader];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            if (options.RequireApiKey)
            {
                await Problems.Write(context, StatusCodes.Status401Unauthorized, "API key required",
                    $"this gateway requires an API key in the {GatewayOptions.ApiKeyHeader} header").ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
            return;
        }

        // Compare hashes so the comparison time does not depend on the key length or on where a guess diverges.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented[0]!));
        GatewayApiKey? match = null;
        foreach (var (known, key) in _keys)
            if (CryptographicOperations.FixedTimeEquals(known, hash)) match = key;
        // Not a gateway key: when keys are optional it may be meant for the backend (the node's admin API reads the same
        // header), so the call passes as anonymous; when keys are required it is refused.
        if (match is null && !options.RequireApiKey)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (match is null)
        {
            await Problems.Write(context, StatusCodes.Status401Unauthorized, "Unknown API key",
                $"the key in the {GatewayOptions.ApiKeyHeader} header is not configured on this gateway").ConfigureAwait(false);
            return;
        }
        context.Items[CallerItem] = match;
        await next(context).ConfigureAwait(false);
    }
}

internal static class Problems
{
    public static Task Write(HttpContext context, int status, string title, string detail, string? type = null) =>
        Results.Problem(title: title, detail: detail, statusCode: status, type: type).ExecuteAsync(context);
}
