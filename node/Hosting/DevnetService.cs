using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;

namespace Interop.Node.Hosting;

/// <summary>
/// Runs the embedded devnet inside the node host: started before the node reports ready, stopped (every anvil) when
/// the host stops. <see cref="Manifest"/> tells the rest of the node which chains and contracts to use.
/// </summary>
public sealed class DevnetService(InteropOptions options, NodeOptions nodeOptions, ILogger<DevnetService> logger, PrestartedDevnet? prestarted = null)
    : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<DevnetManifest> _manifest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LocalDevnet? _devnet;

    /// <summary>
    /// Starts (or resumes) the devnet and writes its manifest: what <see cref="StartAsync"/> does, callable before the host
    /// is built so that parts registered at build time (the router's venues, the gateway's RPC routes) know the chains.
    /// </summary>
    public static async Task<LocalDevnet> StartDevnetAsync(InteropOptions options, NodeOptions nodeOptions, ILogger logger, CancellationToken cancellationToken)
    {
        var deployer = new DevnetDeployer(options.Devnet, logger);
        var devnet = await LocalDevnet.StartAsync(options.Devnet, deployer.DeployAsync, logger, cancellationToken).ConfigureAwait(false);
        try
        {
            devnet.Manifest.Save(nodeOptions.DevnetManifest);
        }
        catch
        {
            await devnet.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        logger.LogInformation("Devnet {State}; manifest at {ManifestPath}", devnet.Resumed ? "resumed" : "deployed", Path.GetFullPath(nodeOptions.DevnetManifest));
        return devnet;
    }

    /// <summary>Completes with the manifest once the devnet is deployed (or resumed).</summary>
    public Task<DevnetManifest> Manifest => _manifest.Task;

    public bool IsReady => _manifest.Task.IsCompletedSuccessfully;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Devnet.Enabled) return;
        try
        {
            // Adopted devnets are stopped with the host like self-started ones.
            _devnet = prestarted?.Devnet ?? await StartDevnetAsync(options, nodeOptions, logger, cancellationToken).ConfigureAwait(false);
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

/// <summary>A devnet started before the host was built (see <see cref="DevnetService.StartDevnetAsync"/>); the host owns it from then on.</summary>
public sealed record PrestartedDevnet(LocalDevnet Devnet);
