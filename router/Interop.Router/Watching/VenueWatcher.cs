using Interop.Bridge.Intents;
using Interop.Bridge.Status;
using Interop.Router.Snapshots;
using Interop.Router.Venues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Interop.Router.Watching;

/// <summary>
/// Keeps the <see cref="SnapshotStore"/> current: every <see cref="RouterSettings.RefreshInterval"/> it reads every
/// chain (reserves, rate limits, fees, gas prices) and the observed delivery times, builds a new immutable snapshot
/// and publishes it with one reference swap. A failed read keeps the previous snapshot and is logged.
/// A hosted polling service rather than actors: one loop owns all writes, there is no state to persist or supervise
/// beyond "try again next tick", and the router then needs no ActorSystem of its own in the node's composition.
/// </summary>
public sealed class VenueWatcher(RouterSettings settings, SnapshotStore store, ChainReader reader, ILogger<VenueWatcher> logger, IMessageStatusSource? messages = null,
    IFillerTermsSource? fillers = null)
    : BackgroundService
{
    private long _version;

    /// <summary>Reads once and publishes; returns the snapshot.</summary>
    public async Task<MarketSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        var fillTimes = new Dictionary<(ulong, ulong, VenueKind), FillTime>();
        if (messages is not null)
            foreach (var (key, value) in FillTimeStats.FromMessages(await messages.ListAsync(MessageStage.Delivered, 500, cancellationToken).ConfigureAwait(false)))
                fillTimes[key] = value;
        // Live fillers state how fast they fill (confirmations they wait at the origin's block time).
        foreach (var terms in fillers?.Current ?? [])
            fillTimes.TryAdd((terms.OriginChain, terms.DestinationChain, VenueKind.IntentFill), new FillTime(terms.FillTimeP50Seconds, terms.FillTimeP90Seconds));
        var snapshot = await reader.ReadAsync(fillTimes, Interlocked.Increment(ref _version), cancellationToken).ConfigureAwait(false);
        store.Publish(snapshot);
        return snapshot;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.RefreshInterval);
        do
        {
            try
            {
                var snapshot = await RefreshAsync(stoppingToken).ConfigureAwait(false);
                logger.LogDebug("Published router snapshot {Version} with {EdgeCount} edges", snapshot.Version, snapshot.Edges.Length);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "Router snapshot refresh failed; quotes keep using snapshot {Version}", store.Current.Version);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
