using System.CommandLine;
using Interop.Bridge.Devnet;
using Interop.Gateway;
using Interop.Node.Hosting;
using Serilog;
using Serilog.Extensions.Logging;

namespace Interop.Node.Cli;

/// <summary>`interop node` (also the default command): the long-running node with its HTTP endpoints.</summary>
internal static class NodeCommand
{
    public static Command Build()
    {
        var command = new Command("node",
            "Run the node (the default): embedded devnet when Interop:Devnet:Enabled, the relayer network, the API on Interop:Node:ApiUrls and the gateway on Interop:Node:Urls.");
        var config = ConfigOption.Create();
        var urls = new Option<string?>("--urls") { Description = "Override Interop:Node:Urls, the public gateway port (e.g. http://127.0.0.1:8080).", HelpName = "URLS" };
        command.Options.Add(config);
        command.Options.Add(urls);
        command.SetAction((parseResult, ct) => RunAsync(parseResult.GetValue(config), parseResult.GetValue(urls), parseResult.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(string? configPath, string? urls, TextWriter error, CancellationToken cancellationToken)
    {
        IConfigurationRoot configuration;
        NodeOptions node;
        GatewayOptions gatewayOptions;
        Bridge.Configuration.InteropOptions interop;
        try
        {
            configuration = NodeConfiguration.Load(configPath);
            interop = NodeConfiguration.BindInterop(configuration);
            node = configuration.GetSection(NodeOptions.SectionName).Get<NodeOptions>() ?? new NodeOptions();
            gatewayOptions = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
            var errors = node.Validate().Concat(gatewayOptions.Validate()).ToList();
            if (errors.Count > 0) throw new ConfigurationException("invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }
        catch (Exception e) when (e is ConfigurationException or InvalidOperationException)
        {
            await error.WriteLineAsync(e is ConfigurationException ? e.Message : $"invalid configuration: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        var publicUrls = (urls ?? node.Urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        using var serilog = NodeConfiguration.CreateLogger(configuration);
        using var loggers = new SerilogLoggerFactory(serilog);
        var logger = loggers.CreateLogger("Interop.Node");

        // The devnet first: the router's venues and the gateway's /rpc routes are composed from its manifest.
        LocalDevnet? devnet = null;
        if (interop.Devnet.Enabled)
        {
            try
            {
                devnet = await DevnetService.StartDevnetAsync(interop, node, loggers.CreateLogger<DevnetService>(), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception e)
            {
                await error.WriteLineAsync($"error: the devnet could not start: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        }

        WebApplication app;
        try
        {
            app = NodeHost.Build(configuration, starter: null, devnet: devnet);
        }
        catch (ConfigurationException e)
        {
            if (devnet is not null) await devnet.DisposeAsync().ConfigureAwait(false);
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        await using (app.ConfigureAwait(false))
        {
            WebApplication? gateway = null;
            try
            {
                try
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ConfigurationException e)
                {
                    await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                    return 2;
                }
                var api = new Uri(app.Urls.First());
                gateway = GatewayHost.Build(configuration, gatewayOptions, publicUrls, new SelfAddress(() => api, app.Services.GetRequiredService<LocalApi>()),
                    services => services.AddSerilog(serilog, dispose: false));
                gateway.Services.GetRequiredService<GatewayRpcRoutes>().Update(GatewayChains(interop, devnet));
                try
                {
                    await gateway.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    await error.WriteLineAsync($"error: the gateway cannot listen on {string.Join(", ", publicUrls)} (Interop:Node:Urls or --urls): {e.Message}").ConfigureAwait(false);
                    return 1;
                }
                foreach (var url in gateway.Urls)
                    logger.LogInformation("Interop node listening on {Url} (health: {Url}/health/ready, quotes: {Url}/v1/quote, metrics: {Url}/metrics, RPC: {Url}/rpc/<chainId>)",
                        url, url, url, url, url);
                logger.LogInformation("Node API (behind the gateway) on {ApiUrl}", api);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                // A relayer network that could not start stops the node: that is a failure, not a clean shutdown.
                if (app.Services.GetRequiredService<RelayerNetworkService>().StartFailure is { } failure)
                {
                    await error.WriteLineAsync($"error: the relayer network could not start: {failure}").ConfigureAwait(false);
                    return 1;
                }
                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            finally
            {
                if (gateway is not null)
                {
                    await gateway.StopAsync(CancellationToken.None).ConfigureAwait(false);
                    await gateway.DisposeAsync().ConfigureAwait(false);
                }
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static IEnumerable<GatewayChain> GatewayChains(Bridge.Configuration.InteropOptions interop, LocalDevnet? devnet) =>
        devnet is not null
            ? devnet.Manifest.Chains.Select(c => new GatewayChain(c.ChainId, [new Uri(c.Rpc)]))
            : interop.Chains.Select(c => new GatewayChain(c.ChainId, c.Rpc.Select(u => new Uri(u)).ToList()));
}
