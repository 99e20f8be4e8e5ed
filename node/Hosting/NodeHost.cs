using Interop.Bridge.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;
using Serilog;

namespace Interop.Node.Hosting;

/// <summary>Composes the node: configuration, Serilog, the embedded devnet, health and metrics endpoints.</summary>
public static class NodeHost
{
    /// <summary>Builds the web application from validated options (throws <see cref="ConfigurationException"/> naming bad keys).</summary>
    public static WebApplication Build(IConfigurationRoot configuration, string[]? urlsOverride = null)
    {
        var interop = NodeConfiguration.BindInterop(configuration);
        var node = configuration.GetSection(NodeOptions.SectionName).Get<NodeOptions>() ?? new NodeOptions();
        var errors = node.Validate();
        if (errors.Count > 0) throw new ConfigurationException("invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(urlsOverride ?? node.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Services.AddSerilog(NodeConfiguration.CreateLogger(configuration), dispose: true);
        builder.Services.AddSingleton(interop);
        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton<DevnetService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DevnetService>());
        builder.Services.AddHealthChecks()
            .AddCheck("live", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        var app = builder.Build();
        app.UseHttpMetrics();
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapMetrics("/metrics");
        return app;
    }
}

/// <summary>Ready once the embedded devnet (when enabled) is up; the relayer actors will add their own readiness.</summary>
internal sealed class ReadinessCheck(DevnetService devnet, InteropOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!options.Devnet.Enabled || devnet.IsReady
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the devnet is still starting"));
}
