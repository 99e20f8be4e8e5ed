using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TextEncoding = System.Text.Encoding;
using System.Text.Json;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Rpc.Tests.Support;

/// <summary>How a <see cref="FaultProxy"/> treats the requests it receives.</summary>
public enum FaultMode
{
    /// <summary>Forward to the upstream node and relay its answer.</summary>
    Pass,

    /// <summary>Read the request and never answer.</summary>
    Hang,

    /// <summary>Answer 503 Service Unavailable.</summary>
    ServiceUnavailable,

    /// <summary>Close the connection without answering.</summary>
    CloseConnection,

    /// <summary>Answer eth_blockNumber with the number frozen by <see cref="FaultProxy.FreezeBlockNumber"/>; forward the rest.</summary>
    FreezeBlockNumber,
}

/// <summary>
/// A minimal HTTP/1.1 proxy on a loopback port in front of a node, switchable between faults at run time, that counts
/// the JSON-RPC methods it receives. Built on TcpListener so it can hang or drop connections at will.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly Uri _upstream;
    private readonly TcpListener _listener;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _methodCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly Task _acceptLoop;
    private volatile FaultMode _mode = FaultMode.Pass;
    private ulong _frozenBlockNumber;
    private int _requests;

    private FaultProxy(Uri upstream)
    {
        _upstream = upstream;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public static FaultProxy Start(Uri upstream) => new(upstream);

    public Uri Url { get; }

    public FaultMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    /// <summary>HTTP requests received (a batch is one).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>The Authorization header of the last request, if any.</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>How many calls of <paramref name="method"/> arrived (batch items counted one by one).</summary>
    public int CountOf(string method) => _methodCounts.TryGetValue(method, out var n) ? n : 0;

    /// <summary>From now on eth_blockNumber answers <paramref name="blockNumber"/>; everything else passes.</summary>
    public void FreezeBlockNumber(ulong blockNumber)
    {
        Volatile.Write(ref _frozenBlockNumber, blockNumber);
        _mode = FaultMode.FreezeBlockNumber;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _connections[client] = 0;
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var reader = new RequestReader(stream);
                while (!_stop.IsCancellationRequested)
                {
                    var request = await reader.ReadAsync(_stop.Token);
                    if (request is null) return;
                    Interlocked.Increment(ref _requests);
                    LastAuthorization = request.Authorization;
                    var methods = MethodsOf(request.Body);
                    foreach (var m in methods) _methodCounts.AddOrUpdate(m, 1, (_, n) => n + 1);
                    switch (_mode)
                    {
                        case FaultMode.Hang:
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                            return;
                        case FaultMode.ServiceUnavailable:
                            await WriteAsync(stream, 503, "Service Unavailable", []);
                            break;
                        case FaultMode.CloseConnection:
                            client.Client.LingerState = new LingerOption(true, 0);
                            return;
                        case FaultMode.FreezeBlockNumber when methods is ["eth_blockNumber"] && !request.IsBatch:
                            await WriteAsync(stream, 200, "OK", FrozenBlockNumberAnswer(request.Body));
                            break;
                        default:
                            using (var upstream = await _http.PostAsync(_upstream, new ByteArrayContent(request.Body)
                                   { Headers = { ContentType = new("application/json") } }, _stop.Token))
                            {
                                var body = await upstream.Content.ReadAsByteArrayAsync(_stop.Token);
                                await WriteAsync(stream, (int)upstream.StatusCode, upstream.ReasonPhrase ?? "OK", body);
                            }
                            break;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or HttpRequestException)
        {
            // The client went away or the proxy is stopping: this connection is done.
        }
        finally
        {
            _connections.TryRemove(client, out _);
        }
    }

    private byte[] FrozenBlockNumberAnswer(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var id = doc.RootElement.GetProperty("id").GetRawText();
        var number = HexBigInteger.ToQuantity(Volatile.Read(ref _frozenBlockNumber));
        return TextEncoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":\"{number}\"}}");
    }

    private static string[] MethodsOf(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.EnumerateArray().Select(e => e.GetProperty("method").GetString()!).ToArray()
                : [doc.RootElement.GetProperty("method").GetString()!];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static async Task WriteAsync(NetworkStream stream, int status, string reason, byte[] body)
    {
        var head = $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {reason}\r\nContent-Type: application/json\r\n" +
                   $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        await stream.WriteAsync(TextEncoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var connection in _connections.Keys) connection.Dispose();
        await _acceptLoop;
        _http.Dispose();
        _stop.Dispose();
    }

    private sealed record HttpRequest(byte[] Body, string? Authorization)
    {
        public bool IsBatch => Body.Length > 0 && Body[0] == (byte)'[';
    }

    /// <summary>Reads Content-Length-framed HTTP/1.1 requests from a keep-alive connection.</summary>
    private sealed class RequestReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _count;

        public async Task<HttpRequest?> ReadAsync(CancellationToken cancellationToken)
        {
            int headerEnd;
            while ((headerEnd = _buffer.AsSpan(0, _count).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (_count == _buffer.Length) throw new IOException("request headers too large");
                var read = await stream.ReadAsync(_buffer.AsMemory(_count), cancellationToken);
                if (read == 0) return null;
                _count += read;
            }
            var headers = TextEncoding.ASCII.GetString(_buffer, 0, headerEnd).Split("\r\n");
            var length = 0;
            string? authorization = null;
            foreach (var line in headers.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0) continue;
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = int.Parse(value, CultureInfo.InvariantCulture);
                if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) authorization = value;
            }
            var bodyStart = headerEnd + 4;
            while (_count - bodyStart < length)
            {
                if (_count == _buffer.Length) throw new IOException("request body too large");
                var read = await stream.ReadAsync(_buffer.AsMemory(_count), cancellationToken);
                if (read == 0) return null;
                _count += read;
            }
            var body = _buffer.AsSpan(bodyStart, length).ToArray();
            var consumed = bodyStart + length;
            Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _count - consumed);
            _count -= consumed;
            return new HttpRequest(body, authorization);
        }
    }
}
