using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Interop.Gateway;

/// <summary>
/// Builds the public gateway: YARP routes from the "ReverseProxy" section (by default every path to the router nodes,
/// <c>http://self/</c> being this node's own API) plus the generated <c>/rpc/{chainId}</c> routes, API keys and per-key
/// rate limits, failover before the client sees an error, and problem+json for every error the gateway itself answers.
/// </summary>
public static class GatewayHost
{
    /// <summary>The configuration section YARP reads routes and clusters from.</summary>
    public const string ReverseProxySection = "ReverseProxy";

    /// <summary>
    /// The "ReverseProxy" used when the configuration has no routes: every path to this node's own API (<c>http://self/</c>),
    /// probed at /health/live (not /health/ready: a node catching up must still answer its own readiness).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> DefaultReverseProxy { get; } = new Dictionary<string, string?>
    {
        [$"{ReverseProxySection}:Routes:node:ClusterId"] = "router",
        [$"{ReverseProxySection}:Routes:node:Match:Path"] = "/{**catch-all}",
        [$"{ReverseProxySection}:Clusters:router:LoadBalancingPolicy"] = "RoundRobin",
        [$"{ReverseProxySection}:Clusters:router:HealthCheck:Active:Enabled"] = "true",
        [$"{ReverseProxySection}:Clusters:router:HealthCheck:Active:Interval"] = "00:00:05",
        [$"{ReverseProxySection}:Clusters:router:HealthCheck:Active:Timeout"] = "00:00:02",
        [$"{ReverseProxySection}:Clusters:router:HealthCheck:Active:Policy"] = "ConsecutiveFailures",
        [$"{ReverseProxySection}:Clusters:router:HealthCheck:Active:Path"] = "/health/live",
        [$"{ReverseProxySection}:Clusters:router:Destinations:self:Address"] = $"http://{SelfAddress.Host}/",
    };

    /// <summary>
    /// A web application listening on <paramref name="urls"/>; <paramref name="configureServices"/> adds logging etc.
    /// Serve chains by calling <see cref="GatewayRpcRoutes.Update"/> on the registered <see cref="GatewayRpcRoutes"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The gateway options are invalid (the message names every bad key).</exception>
    public static WebApplication Build(IConfiguration configuration, GatewayOptions options, IEnumerable<string> urls, SelfAddress self,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid gateway configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));

        if (!configuration.GetSection($"{ReverseProxySection}:Routes").GetChildren().Any())
            configuration = new ConfigurationBuilder().AddInMemoryCollection(DefaultReverseProxy).AddConfiguration(configuration).Build();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls([.. urls]);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddInteropGateway(configuration, options, self);
        var app = builder.Build();
        app.UseInteropGateway();
        return app;
    }

    /// <summary>Registers the gateway's services (for a host that composes its own application).</summary>
    public static IServiceCollection AddInteropGateway(this IServiceCollection services, IConfiguration configuration, GatewayOptions options, SelfAddress self)
    {
        var rpc = new GatewayRpcRoutes(options);
        services.AddSingleton(options);
        services.AddSingleton(rpc);
        services.AddSingleton(self);
        services.AddProblemDetails();
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection(ReverseProxySection))
            .AddConfigFilter<SelfAddressFilter>();
        services.AddSingleton<IProxyConfigProvider>(rpc.Provider);
        services.AddSingleton<IProbingRequestFactory, ProbingRequestFactory>();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Items[ApiKeyMiddleware.CallerItem] is GatewayApiKey key
                    ? RateLimitPartition.GetTokenBucketLimiter("key:" + key.Name, _ => Bucket(key.PermitsPerSecond))
                    : RateLimitPartition.GetTokenBucketLimiter("ip:" + context.Connection.RemoteIpAddress, _ => Bucket(options.AnonymousPermitsPerSecond)));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var who = context.Items[ApiKeyMiddleware.CallerItem] is GatewayApiKey key ? $"API key '{key.Name}'" : "clients without an API key";
                var perSecond = context.Items[ApiKeyMiddleware.CallerItem] is GatewayApiKey k ? k.PermitsPerSecond : options.AnonymousPermitsPerSecond;
                context.Response.Headers.RetryAfter = "1";
                await Problems.Write(context, StatusCodes.Status429TooManyRequests, "Rate limit exceeded",
                    $"{who} may make {perSecond.ToString(CultureInfo.InvariantCulture)} requests per second; retry after 1 s").ConfigureAwait(false);
            };
        });
        return services;
    }

    /// <summary>Adds the gateway's middleware and endpoints.</summary>
    public static WebApplication UseInteropGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        // Chains without a generated route (their POSTs fall here; the generated ones have a higher priority).
        app.Map("/rpc/{chainId}", (string chainId, GatewayRpcRoutes rpc) => Results.Problem(
            title: "Unknown chain",
            detail: $"chain '{chainId}' is not served by this gateway; served: {string.Join(", ", rpc.Chains.Select(c => c.ChainId).Order())}"
                + " (JSON-RPC is POST /rpc/{chainId})",
            statusCode: StatusCodes.Status404NotFound));
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<FailoverMiddleware>();
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
            pipeline.UseMiddleware<LocalDispatchMiddleware>();
        });
        return app;
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond) => new()
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
