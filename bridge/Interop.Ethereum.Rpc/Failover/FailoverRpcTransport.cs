using System.Runtime.ExceptionServices;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Transport;

namespace Interop.Ethereum.Rpc.Failover;

/// <summary>
/// Several endpoints of one chain behind one transport: each call goes to the preferred healthy endpoint and moves
/// to the next on transport failures (timeout, connection, 5xx/429, rate limits); deterministic JSON-RPC errors
/// (reverts, invalid params) are returned at once. Stalled endpoints are found by polling eth_blockNumber.
/// </summary>
/// <remarks>
/// A call may reach a second endpoint after the first timed out having done the work; for eth_sendRawTransaction
/// that means the second may answer "already known" or "nonce too low", which callers must treat as "maybe sent".
/// A batch goes to one endpoint as a whole; per-item errors inside it are not retried elsewhere.
/// </remarks>
public sealed class FailoverRpcTransport : IRpcTransport, IAsyncDisposable
{
    private readonly IReadOnlyList<IRpcTransport> _endpoints;
    private readonly bool _ownsEndpoints;
    private readonly FailoverOptions _options;
    private readonly TimeProvider _time;
    private readonly EndpointSelector _selector;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _monitor;
    private int _disposed;

    /// <param name="endpoints">The endpoints in order of preference.</param>
    /// <param name="options">Cooldown and stall settings; the defaults suit public providers.</param>
    /// <param name="timeProvider">The clock (tests substitute one).</param>
    /// <param name="ownsEndpoints">Dispose the endpoint transports with this one.</param>
    public FailoverRpcTransport(IReadOnlyList<IRpcTransport> endpoints, FailoverOptions? options = null,
        TimeProvider? timeProvider = null, bool ownsEndpoints = true)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0) throw new ArgumentException("at least one endpoint is required", nameof(endpoints));
        _endpoints = endpoints.ToArray();
        _ownsEndpoints = ownsEndpoints;
        _options = options ?? new FailoverOptions();
        _time = timeProvider ?? TimeProvider.System;
        _selector = new EndpointSelector(_endpoints.Select(e => e.Endpoint).ToArray(), _options);
        Endpoint = _endpoints.Count == 1 ? _endpoints[0].Endpoint : $"failover[{string.Join(", ", _endpoints.Select(e => e.Endpoint))}]";
        // Stall detection compares endpoints; with one there is nothing to compare.
        _monitor = _options.HeadCheckInterval is { } interval && _endpoints.Count > 1
            ? Task.Run(() => MonitorHeadsAsync(interval, _stopping.Token))
            : Task.CompletedTask;
    }

    public string Endpoint { get; }

    /// <summary>The endpoint the next call would try first.</summary>
    public string CurrentEndpoint
    {
        get
        {
            lock (_gate) return _endpoints[_selector.Preferred(_time.GetUtcNow())].Endpoint;
        }
    }

    /// <summary>Every endpoint's state and counters (for metrics and the admin API).</summary>
    public IReadOnlyList<EndpointHealth> GetHealth()
    {
        lock (_gate) return _selector.Snapshot(_time.GetUtcNow());
    }

    public Task<RpcResponse> SendAsync(RpcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExecuteAsync(request.Method, (endpoint, ct) => endpoint.SendAsync(request, ct), cancellationToken);
    }

    public Task<IReadOnlyList<RpcResult<RpcResponse>>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return ExecuteAsync("batch", (endpoint, ct) => endpoint.SendBatchAsync(requests, ct), cancellationToken);
    }

    private async Task<T> ExecuteAsync<T>(string method, Func<IRpcTransport, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        IReadOnlyList<int> plan;
        lock (_gate) plan = _selector.Plan(_time.GetUtcNow());
        List<RpcException>? failures = null;
        foreach (var index in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = await send(_endpoints[index], cancellationToken).ConfigureAwait(false);
                lock (_gate) _selector.ReportSuccess(index);
                return result;
            }
            catch (RpcException error)
            {
                var decision = RetryClassifier.Classify(error);
                lock (_gate)
                {
                    if (decision == RetryDecision.MarkFailedAndTryNext) _selector.ReportFailure(index, _time.GetUtcNow(), error.Message);
                    else _selector.ReportSuccess(index);
                }
                if (decision == RetryDecision.Fail) throw;
                (failures ??= []).Add(error);
            }
        }
        // An endpoint that answered (e.g. "method not found" everywhere) says more than the others' silence.
        if (failures!.OfType<JsonRpcException>().FirstOrDefault() is { } answer)
            ExceptionDispatchInfo.Throw(answer);
        throw new RpcEndpointsUnavailableException(method, failures!);
    }

    /// <summary>
    /// Asks every endpoint for eth_blockNumber (in parallel, with <see cref="FailoverOptions.ProbeTimeout"/>) and
    /// feeds the answers to the stall detector; transport failures put an endpoint in cooldown. Runs periodically
    /// when <see cref="FailoverOptions.HeadCheckInterval"/> is set; tests call it directly.
    /// </summary>
    public async Task ProbeHeadsAsync(CancellationToken cancellationToken = default)
    {
        var request = RpcMethods.BlockNumber();
        await Task.WhenAll(_endpoints.Select(async (endpoint, index) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ProbeTimeout);
            try
            {
                var head = request.ParseResult(await endpoint.SendAsync(request, timeout.Token).ConfigureAwait(false));
                lock (_gate) _selector.ReportHead(index, head, _time.GetUtcNow());
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lock (_gate) _selector.ReportFailure(index, _time.GetUtcNow(), $"eth_blockNumber on {endpoint.Endpoint}: no answer within the probe timeout");
            }
            catch (RpcException error) when (RetryClassifier.Classify(error) == RetryDecision.MarkFailedAndTryNext)
            {
                lock (_gate) _selector.ReportFailure(index, _time.GetUtcNow(), error.Message);
            }
            catch (RpcException)
            {
                // It answered, just not with a head (e.g. an error); that says nothing about its sync state.
            }
        })).ConfigureAwait(false);
    }

    private async Task MonitorHeadsAsync(TimeSpan interval, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await ProbeHeadsAsync(stopping).ConfigureAwait(false);
                await Task.Delay(interval, _time, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the loop ends here.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _monitor.ConfigureAwait(false);
        DisposeEndpoints();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        // The loop only awaits cancellable delays and probes, so it ends promptly once cancelled.
        _monitor.Wait(TimeSpan.FromSeconds(10));
        DisposeEndpoints();
    }

    private void DisposeEndpoints()
    {
        _stopping.Dispose();
        if (!_ownsEndpoints) return;
        foreach (var endpoint in _endpoints) endpoint.Dispose();
    }

    public override string ToString() => Endpoint;
}
