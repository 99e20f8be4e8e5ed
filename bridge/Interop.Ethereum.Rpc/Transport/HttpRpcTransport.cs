using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Interop.Ethereum.Rpc.Errors;

namespace Interop.Ethereum.Rpc.Transport;

/// <summary>JSON-RPC 2.0 over HTTP POST to one endpoint, with a per-request timeout.</summary>
public sealed class HttpRpcTransport : IRpcTransport
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly Uri _requestUri;
    private readonly AuthenticationHeaderValue? _authorization;
    private long _nextId;

    /// <summary>
    /// A transport over a shared <paramref name="httpClient"/> (its handler pools connections per host; share one
    /// client between endpoints). Credentials in the URL's userinfo are sent as HTTP Basic authorization.
    /// </summary>
    /// <param name="endpoint">An http(s) URL.</param>
    /// <param name="httpClient">The client; give it an infinite <see cref="HttpClient.Timeout"/>, the transport applies <paramref name="requestTimeout"/>.</param>
    /// <param name="requestTimeout">Limit for one request, from sending to the last byte of the response.</param>
    /// <param name="ownsHttpClient">Dispose <paramref name="httpClient"/> with this transport.</param>
    public HttpRpcTransport(Uri endpoint, HttpClient httpClient, TimeSpan requestTimeout, bool ownsHttpClient = false)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(httpClient);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"RPC endpoint must be an absolute http(s) URL, got '{EndpointRedactor.Redact(endpoint)}'", nameof(endpoint));
        if (requestTimeout <= TimeSpan.Zero && requestTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(requestTimeout), requestTimeout, "the request timeout must be positive");
        _http = httpClient;
        _ownsHttpClient = ownsHttpClient;
        RequestTimeout = requestTimeout;
        Endpoint = EndpointRedactor.Redact(endpoint);
        if (!string.IsNullOrEmpty(endpoint.UserInfo))
        {
            _authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(endpoint.UserInfo))));
            _requestUri = new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty }.Uri;
        }
        else
        {
            _requestUri = endpoint;
        }
    }

    /// <summary>A transport with its own pooled HTTP client.</summary>
    public HttpRpcTransport(Uri endpoint, TimeSpan requestTimeout)
        : this(endpoint, CreateHttpClient(), requestTimeout, ownsHttpClient: true)
    {
    }

    public string Endpoint { get; }

    public TimeSpan RequestTimeout { get; }

    /// <summary>
    /// An HttpClient suited to RPC traffic: pooled keep-alive connections, recycled every few minutes so DNS changes
    /// of a provider are picked up, no client-level timeout (the transport times each request itself).
    /// </summary>
    public static HttpClient CreateHttpClient(int maxConnectionsPerServer = 64, TimeSpan? pooledConnectionLifetime = null) =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = pooledConnectionLifetime ?? TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = maxConnectionsPerServer,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    public async Task<RpcResponse> SendAsync(RpcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Interlocked.Increment(ref _nextId);
        var body = WriteBody(writer => WriteRequest(writer, request, id));
        return await PostAsync(request.Method, body, root =>
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid(request.Method, $"expected a JSON object, got {root.ValueKind}");
            var item = ReadItem(request.Method, root, id);
            return item.IsSuccess ? item.Value : throw item.Error!;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RpcResult<RpcResponse>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0) return [];
        var firstId = Interlocked.Add(ref _nextId, requests.Count) - requests.Count + 1;
        var body = WriteBody(writer =>
        {
            writer.WriteStartArray();
            for (var i = 0; i < requests.Count; i++) WriteRequest(writer, requests[i], firstId + i);
            writer.WriteEndArray();
        });
        var method = BatchName(requests);
        return await PostAsync(method, body, root =>
        {
            // A node that rejects the batch as a whole answers with one error object instead of an array.
            if (root.ValueKind == JsonValueKind.Object)
            {
                var whole = ReadItem(method, root, expectedId: null);
                throw whole.Error ?? Invalid(method, "answered a batch with a single result");
            }
            if (root.ValueKind != JsonValueKind.Array)
                throw Invalid(method, $"expected a JSON array, got {root.ValueKind}");
            var byId = new Dictionary<long, JsonElement>(requests.Count);
            foreach (var item in root.EnumerateArray())
                if (TryReadId(item, out var itemId)) byId[itemId] = item;
            var results = new RpcResult<RpcResponse>[requests.Count];
            for (var i = 0; i < requests.Count; i++)
            {
                var id = firstId + i;
                results[i] = byId.TryGetValue(id, out var item)
                    ? ReadItem(requests[i].Method, item, id)
                    : RpcResult<RpcResponse>.Failure(Invalid(requests[i].Method, $"the batch response has no answer for id {id}"));
            }
            return (IReadOnlyList<RpcResult<RpcResponse>>)results;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> PostAsync<T>(string method, byte[] body, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (RequestTimeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(RequestTimeout);
        using var message = new HttpRequestMessage(HttpMethod.Post, _requestUri)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } },
        };
        if (_authorization is not null) message.Headers.Authorization = _authorization;
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            // Overload and outages say nothing about the request itself, whatever the body holds.
            if (status == 429 || status >= 500)
                throw HttpError(method, status, response.ReasonPhrase);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = await JsonDocument.ParseAsync(stream, default, timeout.Token).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw response.IsSuccessStatusCode
                    ? Invalid(method, $"the body is not JSON ({e.Message})", e)
                    : HttpError(method, status, response.ReasonPhrase);
            }
            using (document)
            {
                // Some nodes send JSON-RPC errors with 4xx statuses; those are answers, not transport failures.
                if (!response.IsSuccessStatusCode && !LooksLikeJsonRpc(document.RootElement))
                    throw HttpError(method, status, response.ReasonPhrase);
                return read(document.RootElement);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcTransportException(method, Endpoint, RpcTransportFailure.Timeout,
                $"no response within {RequestTimeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms", innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new RpcTransportException(method, Endpoint, RpcTransportFailure.ConnectionFailed, Describe(e), innerException: e);
        }
        catch (IOException e)
        {
            throw new RpcTransportException(method, Endpoint, RpcTransportFailure.ConnectionFailed, $"connection broken: {e.Message}", innerException: e);
        }
    }

    private RpcResult<RpcResponse> ReadItem(string method, JsonElement item, long? expectedId)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return RpcResult<RpcResponse>.Failure(Invalid(method, $"expected a JSON object, got {item.ValueKind}"));
        if (item.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            return RpcResult<RpcResponse>.Failure(ReadError(method, error));
        // An error may carry a null id (the node could not read ours); a result must answer our id.
        if (expectedId is { } expected && (!TryReadId(item, out var id) || id != expected))
            return RpcResult<RpcResponse>.Failure(Invalid(method, $"the response answers another request id (expected {expected})"));
        if (!item.TryGetProperty("result", out var result))
            return RpcResult<RpcResponse>.Failure(Invalid(method, "the response has neither result nor error"));
        return RpcResult<RpcResponse>.Success(new RpcResponse(result.Clone(), Endpoint));
    }

    private RpcException ReadError(string method, JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
            return Invalid(method, $"the error member is a {error.ValueKind}, not an object");
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : 0;
        var text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
        JsonElement? data = error.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
        return JsonRpcException.Create(method, Endpoint, code, text, data);
    }

    private static bool TryReadId(JsonElement item, out long id)
    {
        id = 0;
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var value)) return false;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out id),
            // A few proxies echo numeric ids back as strings.
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id),
            _ => false,
        };
    }

    private static bool LooksLikeJsonRpc(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array
        || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("jsonrpc", out _)
            && (root.TryGetProperty("error", out _) || root.TryGetProperty("result", out _)));

    private static void WriteRequest(Utf8JsonWriter writer, RpcRequest request, long id)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        writer.WriteNumber("id"u8, id);
        writer.WriteString("method"u8, request.Method);
        writer.WritePropertyName("params"u8);
        writer.WriteRawValue(request.ParamsJson.Span);
        writer.WriteEndObject();
    }

    private static byte[] WriteBody(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static string BatchName(IReadOnlyList<RpcRequest> requests) =>
        requests.Count <= 3
            ? $"batch[{string.Join(", ", requests.Select(r => r.Method))}]"
            : $"batch[{requests[0].Method}, ... {requests.Count} calls]";

    // HttpRequestException messages name host and port only (never the path or query), so they are safe to keep.
    private static string Describe(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ResponseEnded => "the connection closed before a response",
        HttpRequestError.ConnectionError => $"cannot connect: {e.Message}",
        HttpRequestError.NameResolutionError => $"cannot resolve the host: {e.Message}",
        _ => e.Message,
    };

    private RpcTransportException HttpError(string method, int status, string? reason) =>
        new(method, Endpoint, RpcTransportFailure.HttpError, $"HTTP {status} {reason}".TrimEnd(), status);

    private RpcTransportException Invalid(string method, string detail, Exception? inner = null) =>
        new(method, Endpoint, RpcTransportFailure.InvalidResponse, detail, innerException: inner);

    public void Dispose()
    {
        if (_ownsHttpClient) _http.Dispose();
    }

    public override string ToString() => Endpoint;
}
