using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;

namespace Interop.Node.Hosting;

/// <summary>
/// Runs the embedded devnet inside the node host: started before the node reports ready, stopped (every anvil) when
/// the host stops. <see cref="Manifest"/> tells the rest of the node which chains and contracts to use.
/// </summary>
public sealed class DevnetService(InteropOptions options, NodeOptions nodeOptions, ILogger<DevnetService> logger) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<DevnetManifest> _manifest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LocalDevnet? _devnet;

    /// <summary>Completes with the manifest once the devnet is deployed (or resumed).</summary>
    public Task<DevnetManifest> Manifest => _manifest.Task;

    public bool IsReady => _manifest.Task.IsCompletedSuccessfully;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Devnet.Enabled) return;
        try
        {
            var deployer = new DevnetDeployer(options.Devnet, logger);
            _devnet = await LocalDevnet.StartAsync(options.Devnet, deployer.DeployAsync, logger, cancellationToken).ConfigureAwait(false);
            _devnet.Manifest.Save(nodeOptions.DevnetManifest);
            logger.LogInformation("Devnet {State}; manifest at {ManifestPath}", _devnet.Resumed ? "resumed" : "deployed", Path.GetFullPath(nodeOptions.DevnetManifest));
            _manifest.TrySetResult(_devnet.Manifest);
        }
        catch (Exception e)
        {
            _manifest.TrySetException(e);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        var devnet = Interlocked.Exchange(ref _devnet, null);
        if (devnet is not null) await devnet.DisposeAsync().ConfigureAwait(false);
    }
}
