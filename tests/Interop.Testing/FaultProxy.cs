using System.Net;
using System.Net.Sockets;

namespace Interop.Testing;

/// <summary>
/// A TCP forwarder on a fixed local port in front of a real endpoint (an anvil), that a test can take down and bring back:
/// <see cref="Stop"/> closes the listener and cuts every open connection (clients see refused/reset connections, as when
/// an RPC node goes away); <see cref="Start"/> listens again on the same port.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly object _gate = new();
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _running;
    private Task? _acceptLoop;

    private FaultProxy(int port, IPEndPoint target)
    {
        Port = port;
        _target = target;
    }

    /// <summary>The local port the proxy listens on (stays the same across Stop/Start).</summary>
    public int Port { get; }

    /// <summary>The URL clients use instead of the target's.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>Whether the proxy currently forwards.</summary>
    public bool IsRunning => _listener is not null;

    /// <summary>Starts a proxy on a free local port forwarding to <paramref name="target"/> (an http://host:port URL).</summary>
    public static FaultProxy StartFor(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var address = target.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(target.Host);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var proxy = new FaultProxy(port, new IPEndPoint(address, target.Port));
        proxy.Start();
        return proxy;
    }

    /// <summary>Listens and forwards again (no-op when running).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null) return;
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _running = new CancellationTokenSource();
            _acceptLoop = AcceptAsync(listener, _running.Token);
        }
    }

    /// <summary>Stops listening and resets every open connection (no-op when stopped).</summary>
    public void Stop()
    {
        Task? loop;
        lock (_gate)
        {
            if (_listener is null) return;
            _running!.Cancel();
            _listener.Stop();
            _listener = null;
            foreach (var connection in _connections)
            {
                connection.Client.LingerState = new LingerOption(true, 0); // RST, like a dead node
                connection.Dispose();
            }
            _connections.Clear();
            loop = _acceptLoop;
        }
        try
        {
            loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by its listener being stopped under it.
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ForwardAsync(inbound, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, CancellationToken cancellationToken)
    {
        var outbound = new TcpClient();
        lock (_gate)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                inbound.Dispose();
                outbound.Dispose();
                return;
            }
            _connections.Add(inbound);
            _connections.Add(outbound);
        }
        try
        {
            await outbound.ConnectAsync(_target, cancellationToken).ConfigureAwait(false);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, cancellationToken), b.CopyToAsync(a, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A cut connection is what this class is for.
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(inbound);
                _connections.Remove(outbound);
            }
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
