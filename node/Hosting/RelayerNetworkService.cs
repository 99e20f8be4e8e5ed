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
    IHostApplicationLifetime lifetime) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<RelayerNetworkService>();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _starting;
    private volatile IRelayerNetwork? _network;

    /// <summary>The running network, or null while it starts (or if it failed to).</summary>
    public IRelayerNetwork? Network => _network;

    /// <summary>Why the network is not running, once start-up failed.</summary>
    public string? StartFailure { get; private set; }

    /// <exception cref="ConfigurationException">Devnet off and Interop:Chains or Interop:Keys unusable (the host does not start).</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Configured chains and keys are checked now, so a bad key stops the start-up with a configuration error.
        var configured = interop.Devnet.Enabled ? null : RelayerNetworkSettingsFactory.ForChains(interop, relayer, keys, Environment.GetEnvironmentVariable);
        // Start in the background: the devnet may still be deploying, and /health/live must answer meanwhile.
        _starting = Task.Run(() => RunStartAsync(configured, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunStartAsync(RelayerNetworkSettings? configured, CancellationToken cancellationToken)
    {
        try
        {
            var settings = configured
                ?? RelayerNetworkSettingsFactory.ForDevnet(await devnet.Manifest.WaitAsync(cancellationToken).ConfigureAwait(false), interop.Devnet, relayer);
            if (settings.ValidatorKeys.Count == 0) _logger.LogWarning("No validator keys configured ({Section}): this node signs no checkpoints", KeysOptions.SectionName);
            if (settings.RelayerKey is null) _logger.LogWarning("No relayer key configured ({Section}): this node delivers no messages", KeysOptions.SectionName);

            var system = services.GetRequiredService<ActorSystem>();
            var network = await starter(system, settings, loggerFactory, cancellationToken).ConfigureAwait(false);
            _network = network;
            _logger.LogInformation("Relayer network started on {ChainCount} chains with {ValidatorCount} validator key(s); relayer {Relayer}",
                settings.Chains.Count, settings.ValidatorKeys.Count, settings.RelayerKey?.Address.ToString() ?? "none");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the network was up.
        }
        catch (Exception e)
        {
            // A node that cannot relay must not look healthy: log why and stop (`interop node` then exits 1).
            StartFailure = e.Message;
            _logger.LogCritical(e, "The relayer network could not start: {Reason}", e.Message);
            lifetime.StopApplication();
        }
    }

    // A host may be stopped twice (WaitForShutdownAsync stops it, and the command's cleanup stops it again): the second is a no-op.
    private int _stopped;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_starting is not null) await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        var network = Interlocked.Exchange(ref _network, null);
        if (network is not null)
        {
            _logger.LogInformation("Stopping the relayer network");
            await network.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }
}
