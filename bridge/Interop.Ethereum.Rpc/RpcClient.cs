using System.Text.Json;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Failover;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Rpc.Transport;

namespace Interop.Ethereum.Rpc;

/// <summary>
/// Ethereum JSON-RPC client: typed methods, generic calls, batches, and failover over one chain's endpoints.
/// Thread-safe; create one per chain and share it.
/// </summary>
public sealed partial class RpcClient : IDisposable, IAsyncDisposable
{
    private readonly HttpClient? _ownedHttpClient;
    private readonly bool _ownsTransport;

    /// <summary>A client over any transport (a fake in tests, a custom one in hosts).</summary>
    public RpcClient(IRpcTransport transport, bool ownsTransport = true)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transport = transport;
        _ownsTransport = ownsTransport;
    }

    private RpcClient(FailoverRpcTransport transport, HttpClient httpClient) : this(transport)
    {
        _ownedHttpClient = httpClient;
    }

    /// <summary>
    /// A client over the endpoints of one chain, in order of preference, sharing one pooled HTTP client. With one
    /// endpoint there is nothing to fail over to, but health tracking and the typed API are the same.
    /// </summary>
    public static RpcClient Create(IEnumerable<Uri> endpoints, RpcClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        options ??= new RpcClientOptions();
        var urls = endpoints.ToArray();
        if (urls.Length == 0) throw new ArgumentException("at least one RPC endpoint is required", nameof(endpoints));
        var http = HttpRpcTransport.CreateHttpClient(options.MaxConnectionsPerEndpoint, options.PooledConnectionLifetime);
        try
        {
            var transports = urls.Select(u => (IRpcTransport)new HttpRpcTransport(u, http, options.RequestTimeout)).ToArray();
            return new RpcClient(new FailoverRpcTransport(transports, options.Failover, timeProvider), http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>A client over a single endpoint.</summary>
    public static RpcClient Create(Uri endpoint, RpcClientOptions? options = null) => Create([endpoint], options);

    /// <summary>The transport the client sends through.</summary>
    public IRpcTransport Transport { get; }

    /// <summary>Endpoint states and counters for metrics; empty when the transport does not track endpoint health.</summary>
    public IReadOnlyList<EndpointHealth> GetEndpointHealth() =>
        Transport is FailoverRpcTransport failover ? failover.GetHealth() : [];

    /// <summary>Sends one typed request and parses its result.</summary>
    public async Task<T> SendAsync<T>(RpcRequest<T> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return request.ParseResult(response);
    }

    /// <summary>
    /// Sends the requests in one HTTP POST (a JSON-RPC batch). Read each answer with
    /// <see cref="RpcBatchResults.Get{T}(RpcRequest{T})"/>; one item's error does not fail the others.
    /// </summary>
    public async Task<RpcBatchResults> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var responses = await Transport.SendBatchAsync(requests, cancellationToken).ConfigureAwait(false);
        return new RpcBatchResults(requests, responses);
    }

    /// <summary>
    /// Calls any method (anvil_mine, evm_snapshot, debug_traceTransaction, ...) and reads the result as
    /// <typeparamref name="T"/> (ulong and BigInteger read hex quantities, byte[] reads hex data, JsonElement reads anything).
    /// Parameters follow <see cref="RpcRequest.Create{T}"/>: pass BigInteger for hex quantities, byte[] for data.
    /// </summary>
    public Task<T> CallAsync<T>(string method, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default) =>
        SendAsync(RpcRequest.Create<T>(method, parameters), cancellationToken);

    /// <summary>Like <see cref="CallAsync{T}"/> with the raw JSON result.</summary>
    public Task<JsonElement> CallAsync(string method, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default) =>
        CallAsync<JsonElement>(method, parameters, cancellationToken);

    /// <summary>
    /// Polls eth_getTransactionReceipt every <paramref name="pollInterval"/> (default 1 s) until the transaction is
    /// mined, then returns its receipt (which may report failure: check <see cref="Receipt.Succeeded"/>).
    /// Transport errors while polling are retried until the timeout; the last one becomes the inner exception.
    /// The timeout also bounds a poll in flight, so a hung endpoint cannot stretch the wait.
    /// </summary>
    /// <exception cref="TimeoutException">No receipt within <paramref name="timeout"/>.</exception>
    public async Task<Receipt> WaitForReceiptAsync(byte[] transactionHash, TimeSpan timeout, TimeSpan? pollInterval = null,
        CancellationToken cancellationToken = default)
    {
        var request = RpcMethods.GetTransactionReceipt(transactionHash);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "the timeout must be positive");
        var interval = pollInterval ?? TimeSpan.FromSeconds(1);
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(pollInterval), interval, "the poll interval must be positive");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        RpcTransportException? lastError = null;
        try
        {
            while (true)
            {
                try
                {
                    if (await SendAsync(request, deadline.Token).ConfigureAwait(false) is { } receipt) return receipt;
                }
                catch (RpcTransportException e)
                {
                    lastError = e;
                }
                await Task.Delay(interval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"transaction {Hex.Encode(transactionHash)} has no receipt on {Transport.Endpoint} after {timeout.TotalSeconds:0.###} s", lastError);
        }
    }

    public void Dispose()
    {
        if (_ownsTransport) Transport.Dispose();
        _ownedHttpClient?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsTransport)
        {
            if (Transport is IAsyncDisposable asyncTransport) await asyncTransport.DisposeAsync().ConfigureAwait(false);
            else Transport.Dispose();
        }
        _ownedHttpClient?.Dispose();
    }

    public override string ToString() => $"RpcClient({Transport.Endpoint})";
}
