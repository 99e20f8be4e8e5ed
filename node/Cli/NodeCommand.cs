using System.CommandLine;
using Interop.Node.Hosting;

namespace Interop.Node.Cli;

/// <summary>`interop node` (also the default command): the long-running node with its HTTP endpoints.</summary>
internal static class NodeCommand
{
    public static Command Build()
    {
        var command = new Command("node", "Run the node (the default): embedded devnet when Interop:Devnet:Enabled, /health and /metrics on Interop:Node:Urls.");
        var config = ConfigOption.Create();
        var urls = new Option<string?>("--urls") { Description = "Override Interop:Node:Urls (e.g. http://127.0.0.1:8080).", HelpName = "URLS" };
        command.Options.Add(config);
        command.Options.Add(urls);
        command.SetAction((parseResult, ct) => RunAsync(parseResult.GetValue(config), parseResult.GetValue(urls), parseResult.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(string? configPath, string? urls, TextWriter error, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = NodeHost.Build(NodeConfiguration.Load(configPath), urls is null ? null : urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        }
        catch (ConfigurationException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        await using (app.ConfigureAwait(false))
        {
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
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && StartFailure(app) is { } early)
                {
                    // The network failed while the host was still starting, and its StopApplication cancelled the start.
                    await error.WriteLineAsync($"error: the relayer network could not start: {early}").ConfigureAwait(false);
                    return 1;
                }
                foreach (var url in app.Urls)
                    app.Logger.LogInformation("Interop node listening on {Url} (health: {Url}/health/ready, metrics: {Url}/metrics)", url, url, url);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                // A relayer network that could not start stops the node: that is a failure, not a clean shutdown.
                if (StartFailure(app) is { } failure)
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
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static string? StartFailure(WebApplication app) => app.Services.GetRequiredService<RelayerNetworkService>().StartFailure;
}
