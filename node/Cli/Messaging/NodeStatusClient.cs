using System.Net;
using System.Text.Json;
using Interop.Ethereum;

namespace Interop.Node.Cli.Messaging;

/// <summary>A message as <c>GET /v1/messages</c> describes it (the fields the CLI shows).</summary>
internal sealed record NodeMessage(string Id, uint Origin, uint Destination, string Nonce, string Stage, string? OriginTransaction, string? DeliveryTransaction, string? LastError,
    NodeHold? Hold = null)
{
    public static NodeMessage From(JsonElement json) => new(
        json.GetProperty("id").GetString()!,
        json.GetProperty("origin").GetUInt32(),
        json.GetProperty("destination").GetUInt32(),
        json.GetProperty("nonce").GetString()!,
        json.GetProperty("stage").GetString()!,
        Text(json, "originTransaction"),
        Text(json, "deliveryTransaction"),
        Text(json, "lastError"),
        json.TryGetProperty("hold", out var hold) && hold.ValueKind == JsonValueKind.Object
            ? new NodeHold(hold.GetProperty("holdId").GetString()!, hold.GetProperty("bridge").GetString()!, hold.GetProperty("amount").GetString()!,
                hold.GetProperty("releaseAt").GetDateTimeOffset(), Text(hold, "releaseTransaction"))
            : null);

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The TokenBridge hold a message's delivery went into (its <c>hold</c> in <c>GET /v1/messages</c>).</summary>
internal sealed record NodeHold(string HoldId, string Bridge, string Amount, DateTimeOffset ReleaseAt, string? ReleaseTransaction);

/// <summary>Reads message status from a node's HTTP API; an unreachable node is an exception the caller decides about.</summary>
internal sealed class NodeStatusClient(Uri node) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = node, Timeout = TimeSpan.FromSeconds(5) };

    public Uri Node => node;

    /// <summary>The node's record of <paramref name="id"/>, or null when it does not know it (404).</summary>
    /// <exception cref="HttpRequestException">The node is unreachable or answered an error.</exception>
    public async Task<NodeMessage?> GetAsync(Bytes32 id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"/v1/messages/{id}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return NodeMessage.From(json.RootElement);
    }

    /// <summary>The messages transaction <paramref name="hash"/> dispatched or delivered.</summary>
    public async Task<IReadOnlyList<NodeMessage>> FindByTransactionAsync(Bytes32 hash, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"/v1/messages?tx={hash}", cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return json.RootElement.EnumerateArray().Select(NodeMessage.From).ToList();
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"the node at {node} did not answer within {_http.Timeout.TotalSeconds:0} s", e);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var detail = body;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("detail", out var d)) detail = d.GetString() ?? body;
        }
        catch (JsonException)
        {
            // Not problem+json: show the raw body.
        }
        throw new HttpRequestException($"the node at {node} answered {(int)response.StatusCode}: {CliOptions.Shorten(detail)}", null, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
