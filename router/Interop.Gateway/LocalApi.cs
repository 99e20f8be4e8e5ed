using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Gateway;

/// <summary>
/// The node's own API application, callable from the gateway in the same process without a loopback HTTP hop.
/// <para>
/// The gateway and the node API are two web applications in one process. Proxying to the node's own API over loopback
/// TCP cost ~100-150 µs of CPU per request (a second Kestrel request, an HttpClient exchange, four more socket
/// operations and their thread-pool hops), three to four times the API's own cost of a health check. When the load
/// balancer picks this node's own destination, the gateway hands the request to the API application directly: the API
/// application creates its own <see cref="HttpContext"/> over the gateway connection's request and response (so it
/// answers the client itself, streaming included), with its own request services, endpoint, items and user. The API
/// sees the client's address rather than the gateway's, and no X-Forwarded-* headers.
/// </para>
/// </summary>
public sealed class LocalApi
{
    private volatile Func<HttpContext, Task>? _dispatch;

    /// <summary>True while the API application is started and can take requests.</summary>
    public bool IsAvailable => _dispatch is not null;

    /// <summary>
    /// Replaces the application's <see cref="IServer"/> (Kestrel, already registered) with one that also makes the
    /// application callable through the returned <see cref="LocalApi"/> (registered as a singleton too).
    /// </summary>
    /// <exception cref="InvalidOperationException">No server is registered yet.</exception>
    public static LocalApi AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var server = services.LastOrDefault(d => d.ServiceType == typeof(IServer))
            ?? throw new InvalidOperationException("no IServer is registered: register Kestrel before the local API dispatch");
        services.Remove(server);
        var local = new LocalApi();
        services.AddSingleton(local);
        services.AddSingleton<IServer>(sp => new CapturingServer(Resolve(sp, server), local, sp.GetRequiredService<IServiceScopeFactory>()));
        return local;
    }

    /// <summary>Runs the request of <paramref name="gateway"/> through the API application, which writes the response.</summary>
    /// <exception cref="InvalidOperationException">The API application is not started.</exception>
    public Task DispatchAsync(HttpContext gateway) =>
        (_dispatch ?? throw new InvalidOperationException("the node's API is not started"))(gateway);

    private static IServer Resolve(IServiceProvider services, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IServer instance } => instance,
        { ImplementationFactory: { } factory } => (IServer)factory(services),
        { ImplementationType: { } type } => (IServer)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException($"cannot create the registered server ({descriptor})"),
    };

    private sealed class CapturingServer(IServer inner, LocalApi local, IServiceScopeFactory scopes) : IServer
    {
        public IFeatureCollection Features => inner.Features;

        public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
        {
            await inner.StartAsync(application, cancellationToken).ConfigureAwait(false);
            local._dispatch = context => DispatchAsync(application, scopes, context);
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            local._dispatch = null;
            return inner.StopAsync(cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }

    private static async Task DispatchAsync<TContext>(IHttpApplication<TContext> application, IServiceScopeFactory scopes, HttpContext gateway) where TContext : notnull
    {
        // A layer over the connection's features: the request, response, connection and lifetime are shared; what
        // belongs to one application's handling of the request is the API's own (set here, so the lookups of the API's
        // HttpContext do not fall through to the gateway's).
        var features = new FeatureCollection(gateway.Features);
        var services = new RequestScope(scopes);
        var routing = new RoutingState();
        features.Set<IEndpointFeature>(routing);
        features.Set<IRouteValuesFeature>(routing);
        features.Set<IItemsFeature>(new ItemsFeature());
        features.Set<IHttpAuthenticationFeature>(new HttpAuthenticationFeature());
        features.Set<IServiceProvidersFeature>(services);
        var context = application.CreateContext(features);
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            application.DisposeContext(context, failure);
            await services.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class RoutingState : IEndpointFeature, IRouteValuesFeature
    {
        public Endpoint? Endpoint { get; set; }
        public RouteValueDictionary RouteValues { get; set; } = [];
    }

    /// <summary>The API application's request services for one dispatched request (created on first use, disposed after it).</summary>
    private sealed class RequestScope(IServiceScopeFactory factory) : IServiceProvidersFeature, IAsyncDisposable
    {
        private AsyncServiceScope? _scope;
        private IServiceProvider? _replaced;

        public IServiceProvider RequestServices
        {
            get => _replaced ?? (_scope ??= factory.CreateAsyncScope()).ServiceProvider;
            set => _replaced = value;
        }

        public ValueTask DisposeAsync() => _scope is { } scope ? scope.DisposeAsync() : ValueTask.CompletedTask;
    }
}
