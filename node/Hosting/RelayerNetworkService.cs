using Akka.Actor;
using Interop.Bridge.Configuration;
using Interop.Relayers.Network;

namespace Interop.Node.Hosting;

/// <summary>Starts a relayer network on an actor system (the real one is <see cref="RelayerNetwork.StartAsync"/>; HTTP tests substitute a fake).</summary>
public delegate Task<IRelayerNetwork> RelayerNetworkStarter(ActorSystem system, RelayerNetworkSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken);

/// <summary>
/// Runs the node's relayer network: waits for the devnet manifest (or uses Interop:Chains when the devnet is off), builds
/// the settings, starts the network on the node's actor system and disposes it on shutdown. The HTTP endpoints read
/// <see cref="Network"/>; until it is set they answer 503.
/// </summary>
public sealed class RelayerNetworkService(
    IServiceProvider services,
    DevnetService devnet,
    InteropOptions interop,
    RelayerNodeOptions relayer,
    KeysOptions keys,
    RelayerNetworkStarter starter,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime)
    : BackgroundComponentService<IRelayerNetwork>("relayer network", loggerFactory.CreateLogger<RelayerNetworkService>(), lifetime)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<RelayerNetworkService>();
    private RelayerNetworkSettings? _configured;

    /// <summary>The running network, or null while it starts (or if it failed to).</summary>
    public IRelayerNetwork? Network => Component;

    /// <exception cref="ConfigurationException">Devnet off and Interop:Chains or Interop:Keys unusable (the host does not start).</exception>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Configured chains and keys are checked now, so a bad key stops the start-up with a configuration error.
        _configured = interop.Devnet.Enabled ? null : RelayerNetworkSettingsFactory.ForChains(interop, relayer, keys, Environment.GetEnvironmentVariable);
        StartInBackground();
        return Task.CompletedTask;
    }

    protected override async Task<IRelayerNetwork> StartComponentAsync(CancellationToken cancellationToken)
    {
        var settings = _configured
            ?? RelayerNetworkSettingsFactory.ForDevnet(await devnet.Manifest.WaitAsync(cancellationToken).ConfigureAwait(false), interop.Devnet, relayer);
        if (settings.ValidatorKeys.Count == 0) _logger.LogWarning("No validator keys configured ({Section}): this node signs no checkpoints", KeysOptions.SectionName);
        if (settings.RelayerKey is null) _logger.LogWarning("No relayer key configured ({Section}): this node delivers no messages", KeysOptions.SectionName);

        var system = services.GetRequiredService<ActorSystem>();
        var network = await starter(system, settings, loggerFactory, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Relayer network started on {ChainCount} chains with {ValidatorCount} validator key(s); relayer {Relayer}",
            settings.Chains.Count, settings.ValidatorKeys.Count, settings.RelayerKey?.Address.ToString() ?? "none");
        return network;
    }
}
