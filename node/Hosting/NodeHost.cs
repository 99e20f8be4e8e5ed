using Akka.Hosting;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Intents;
using Interop.Relayers.Filling;
using Interop.Bridge.Status;
using Interop.Gateway;
using Interop.Router;
using Interop.Router.Http;
using Interop.Node.Api;
using Interop.Relayers.Network;
using Interop.Relayers.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;
using Serilog;

namespace Interop.Node.Hosting;

/// <summary>
/// Composes the node: configuration, Serilog, the embedded devnet, the actor system with its persistence, the relayer
/// network, and the HTTP surface (checkpoints, messages, admin, health, metrics).
/// </summary>
public static class NodeHost
{
    /// <summary>Builds the web application from validated options (throws <see cref="ConfigurationException"/> naming bad keys).</summary>
    /// <param name="urlsOverride">Where the API listens instead of Interop:Node:ApiUrls.</param>
    /// <param name="starter">Starts the relayer network; default <see cref="RelayerNetwork.StartAsync"/> (HTTP-layer tests pass a fake).</param>
    /// <param name="devnet">A devnet started before the host (<see cref="DevnetService.StartDevnetAsync"/>); the host adopts and stops it.
    /// Without one (and with the devnet enabled) the host starts it itself, and the quote API is off (it needs the manifest at build time).</param>
    public static WebApplication Build(IConfigurationRoot configuration, string[]? urlsOverride = null, RelayerNetworkStarter? starter = null,
        LocalDevnet? devnet = null)
    {
        var interop = NodeConfiguration.BindInterop(configuration);
        var node = Bind<NodeOptions>(configuration, NodeOptions.SectionName);
        var relayer = Bind<RelayerNodeOptions>(configuration, RelayerNodeOptions.SectionName);
        var keys = Bind<KeysOptions>(configuration, KeysOptions.SectionName);
        var admin = Bind<AdminOptions>(configuration, AdminOptions.SectionName);
        var persistence = Bind<PersistenceOptions>(configuration, PersistenceOptions.SectionName);
        var filler = Bind<FillerNodeOptions>(configuration, FillerNodeOptions.SectionName);
        var errors = node.Validate().Concat(relayer.Validate(interop.Devnet.Enabled)).Concat(keys.Validate()).Concat(admin.Validate()).Concat(persistence.Validate())
            .Concat(filler.Validate()).ToList();
        if (errors.Count > 0) throw new ConfigurationException("invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        // The gateway in this process calls the API application directly for requests it routes to http://self/.
        LocalApi.AddTo(builder.Services);
        builder.WebHost.UseUrls(urlsOverride ?? node.ApiUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Services.AddSerilog(NodeConfiguration.CreateLogger(configuration), dispose: true);
        builder.Services.AddSingleton(interop);
        builder.Services.AddSingleton(node);
        if (devnet is not null) builder.Services.AddSingleton(new PrestartedDevnet(devnet));
        builder.Services.AddSingleton<DevnetService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DevnetService>());
        builder.Services.AddSingleton(relayer);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(admin);
        builder.Services.AddSingleton(starter ?? ((system, settings, loggers, ct) => RelayerNetwork.StartAsync(system, settings, loggers, ct)));
        // Registered after the devnet: hosted services start in order (the actor system after the chains) and stop in reverse.
        builder.Services.AddAkka("interop", (akka, _) =>
        {
            akka.WithInteropPersistence(persistence);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
        });
        builder.Services.AddSingleton<RelayerNetworkService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RelayerNetworkService>());
        builder.Services.AddSingleton(filler);
        if (filler.Enabled)
        {
            // The router quotes intent fast fills from the terms these fillers publish (IFillerTermsSource).
            var board = new FillerTermsBoard();
            builder.Services.AddSingleton(board);
            builder.Services.AddSingleton<IFillerTermsSource>(board);
            builder.Services.AddSingleton<FillerService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<FillerService>());
        }
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<IMessageStatusSource, NetworkStatusSource>();
        var (router, routerOff) = RouterComposition.Settings(interop, keys, devnet?.Manifest, Environment.GetEnvironmentVariable);
        if (router is not null) builder.Services.AddInteropRouter(router with { StatusJournalPath = node.RouterStatusJournal });
        builder.Services.AddHealthChecks()
            .AddCheck("live", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        var app = builder.Build();
        // Unhandled errors and bare status codes (404 of an unknown route, 405) answer problem+json too.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHttpMetrics();
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
        app.MapMetrics("/metrics");
        app.MapCheckpointsApi();
        app.MapMessagesApi();
        app.MapAdminApi();
        if (router is not null) app.MapInteropRouterApi();
        else app.Logger.LogWarning("The quote API (/v1/quote, /v1/routes, /v1/limits, /v1/transfers, /v1/status) is off: {Reason}", routerOff);
        return app;
    }

    /// <summary>{"status":"Unhealthy","reason":"the devnet is still starting"}: an operator sees why the node is not ready.</summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var reason = report.Entries.Values.Select(e => e.Description).FirstOrDefault(d => !string.IsNullOrEmpty(d));
        return context.Response.WriteAsJsonAsync(new { status = report.Status.ToString(), reason });
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException($"invalid configuration: {e.Message}");
        }
    }
}

/// <summary>Ready once the embedded devnet (when enabled) is up and the relayer network has indexed every chain to its confirmed head.</summary>
internal sealed class ReadinessCheck(DevnetService devnet, InteropOptions options, RelayerNetworkService relayers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Devnet.Enabled && !devnet.IsReady) return Task.FromResult(HealthCheckResult.Unhealthy("the devnet is still starting"));
        if (relayers.StartFailure is { } failure) return Task.FromResult(HealthCheckResult.Unhealthy($"the relayer network failed to start: {failure}"));
        if (relayers.Network is not { } network) return Task.FromResult(HealthCheckResult.Unhealthy("the relayer network is starting"));
        return Task.FromResult(network.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the relayer network is catching up with the chains"));
    }
}
