namespace Interop.Node.Hosting;

/// <summary>
/// Runs one long-lived component of the node (the relayer network, the fillers): starts it in the background, because the
/// devnet may still be deploying and /health/live must answer meanwhile; stops the node when it cannot start, because a
/// node that looks healthy but does not relay or fill is worse than one that is down (<c>interop node</c> then exits 1);
/// disposes it on shutdown. A host may be stopped twice (WaitForShutdownAsync stops it, and the command's cleanup stops
/// it again): the second stop is a no-op.
/// </summary>
/// <typeparam name="T">The running component, disposed on stop.</typeparam>
public abstract class BackgroundComponentService<T>(string name, ILogger logger, IHostApplicationLifetime lifetime) : IHostedService
    where T : class, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _starting;
    private volatile T? _component;
    private int _stopped;

    /// <summary>The running component, or null while it starts, when it failed to, or when it is off.</summary>
    protected T? Component => _component;

    /// <summary>Why the component is not running, once start-up failed.</summary>
    public string? StartFailure { get; private set; }

    /// <summary>Called by <see cref="StartAsync"/>: checks what can be checked at once (throwing stops the host's start-up) and calls <see cref="StartInBackground"/>.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Starts the component (waiting for the devnet where it needs to); runs in the background.</summary>
    protected abstract Task<T> StartComponentAsync(CancellationToken cancellationToken);

    protected void StartInBackground() => _starting = Task.Run(() => RunStartAsync(_stopping.Token), CancellationToken.None);

    private async Task RunStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _component = await StartComponentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the component was up.
        }
        catch (Exception e)
        {
            StartFailure = e.Message;
            logger.LogCritical(e, "The {Component} could not start: {Reason}", name, e.Message);
            lifetime.StopApplication();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_starting is not null) await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _component, null) is { } component)
        {
            logger.LogInformation("Stopping the {Component}", name);
            await component.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }
}
