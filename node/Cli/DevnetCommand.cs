using System.CommandLine;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Node.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace Interop.Node.Cli;

/// <summary>`interop devnet`: the one-command local devnet (an L1 and two L2s on anvil, every contract deployed and wired).</summary>
internal static class DevnetCommand
{
    public const string DefaultManifest = "./data/devnet/manifest.json";

    public static Command Build()
    {
        var command = new Command("devnet", "Start a local devnet: L1 (900) and L2s (901, 902) on anvil with every contract deployed; Ctrl-C stops it.");
        var stateDir = new Option<string?>("--state-dir") { Description = "Keep chain state here so a restart resumes the same chains and contracts.", HelpName = "DIR" };
        var manifest = new Option<string>("--manifest") { Description = "Where to write the manifest (chains, RPC URLs, contract addresses).", DefaultValueFactory = _ => DefaultManifest, HelpName = "FILE" };
        var config = ConfigOption.Create();
        command.Options.Add(stateDir);
        command.Options.Add(manifest);
        command.Options.Add(config);
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(parseResult.GetValue(config), parseResult.GetValue(stateDir), parseResult.GetValue(manifest)!, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>Starts the devnet, prints the summary and "devnet ready", then runs until cancelled.</summary>
    public static async Task<int> RunAsync(string? configPath, string? stateDir, string manifestPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        InteropOptions options;
        Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
        try
        {
            configuration = NodeConfiguration.Load(configPath);
            options = NodeConfiguration.BindInterop(configuration);
        }
        catch (ConfigurationException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        if (stateDir is not null) options.Devnet.StateDir = stateDir;

        using var serilog = NodeConfiguration.CreateLogger(configuration);
        using var loggerFactory = new SerilogLoggerFactory(serilog);
        var logger = loggerFactory.CreateLogger("Interop.Devnet");
        try
        {
            var deployer = new DevnetDeployer(options.Devnet, logger);
            await using var devnet = await LocalDevnet.StartAsync(options.Devnet, deployer.DeployAsync, logger, cancellationToken).ConfigureAwait(false);
            devnet.Manifest.Save(manifestPath);
            await output.WriteLineAsync(DevnetSummary.Format(devnet, Path.GetFullPath(manifestPath))).ConfigureAwait(false);
            await output.WriteLineAsync("devnet ready").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopping the devnet");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Interop.Ethereum.Rpc.Errors.RpcException or Interop.Bridge.Chain.TransactionRevertedException)
        {
            logger.LogError(e, "The devnet could not start");
            await error.WriteLineAsync($"error: the devnet could not start: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}

/// <summary>The human-readable devnet summary.</summary>
internal static class DevnetSummary
{
    public static string Format(LocalDevnet devnet, string manifestPath)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(devnet.Resumed ? "Devnet resumed from its state directory:" : "Devnet deployed:");
        foreach (var chain in devnet.Manifest.Chains)
        {
            sb.AppendLine(System.FormattableString.Invariant($"  {chain.Name,-4} chain {chain.ChainId,-5} {chain.Rpc}"));
            foreach (var (name, address) in chain.Contracts.OrderBy(c => c.Key, StringComparer.Ordinal))
                sb.AppendLine(System.FormattableString.Invariant($"       {name,-18} {address}"));
        }
        sb.Append("Manifest: ").Append(manifestPath);
        return sb.ToString();
    }
}

/// <summary>The shared --config option.</summary>
internal static class ConfigOption
{
    public static Option<string?> Create() => new("--config") { Description = "Configuration file (default: ./appsettings.json, else the one beside the executable).", HelpName = "FILE" };
}
