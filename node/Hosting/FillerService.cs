using Akka.Actor;
using Interop.Bridge.Configuration;
using Interop.Relayers.Filling;

namespace Interop.Node.Hosting;

/// <summary>
/// Runs the node's fillers (Interop:Filler) on the node's actor system once the devnet manifest exists (or at once on
/// configured chains), publishing their live terms on the <see cref="FillerTermsBoard"/> the router quotes from.
/// A filler that cannot start stops the node (like the relayer network): a node advertising fills it cannot make is worse than none.
/// </summary>
public sealed class FillerService(
    IServiceProvider services,
    DevnetService devnet,
    InteropOptions interop,
    KeysOptions keys,
    FillerNodeOptions options,
    RelayerNodeOptions relayer,
    FillerTermsBoard board,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime)
    : BackgroundComponentService<FillerHandle>("fillers", loggerFactory.CreateLogger<FillerService>(), lifetime)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<FillerService>();
    private FillerSettings? _configured;

    /// <summary>The running fillers (null while starting, or when disabled).</summary>
    public FillerHandle? Fillers => Component;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            _logger.LogInformation("Fillers are off ({Section}:Enabled=false): this node fills no intents", FillerNodeOptions.SectionName);
            return Task.CompletedTask;
        }
        if (!interop.Devnet.Enabled && options.KeyIndex is null && string.IsNullOrWhiteSpace(options.Keystore))
        {
            _logger.LogWarning("Fillers are off: no filler key ({Section}:KeyIndex or :Keystore) for the configured chains", FillerNodeOptions.SectionName);
            return Task.CompletedTask;
        }
        _configured = interop.Devnet.Enabled ? null : WithHoldClaims(FillerSettingsFactory.ForChains(interop, keys, options, Environment.GetEnvironmentVariable), relayer);
        StartInBackground();
        return Task.CompletedTask;
    }

    protected override async Task<FillerHandle> StartComponentAsync(CancellationToken cancellationToken)
    {
        var settings = _configured ?? WithHoldClaims(FillerSettingsFactory.ForDevnet(await devnet.Manifest.WaitAsync(cancellationToken).ConfigureAwait(false), interop.Devnet, options), relayer);
        var system = services.GetRequiredService<ActorSystem>();
        var handle = await FillerNetwork.StartAsync(system, settings, board: board).ConfigureAwait(false);
        _logger.LogInformation("Fillers started for {Filler} on {RouteCount} routes (min fee {MinFeeBps} bps)", settings.Key.Address, settings.Routes.Count, settings.Policy.MinFeeBps);
        return handle;
    }

    /// <summary>
    /// The rebalancer leaves held moves to the node's relayer network when that claims every matured hold
    /// (<c>Interop:Relayer:ClaimHolds</c>, on by default): one claimant per hold, no claim reverting on chain.
    /// </summary>
    internal static FillerSettings WithHoldClaims(FillerSettings settings, RelayerNodeOptions relayer) =>
        settings with { Rebalance = settings.Rebalance with { ClaimHolds = !relayer.ClaimHolds } };
}
