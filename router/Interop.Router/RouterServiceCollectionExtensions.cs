using Interop.Bridge.Intents;
using Interop.Bridge.Status;
using Interop.Router.Execution;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using Interop.Router.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Interop.Router;

/// <summary>Registers the router in a host: <c>services.AddInteropRouter(settings)</c>, then <c>app.MapInteropRouterApi()</c>.</summary>
public static class RouterServiceCollectionExtensions
{
    /// <summary>
    /// Adds the snapshot store, the venue watcher (a hosted service polling the chains when
    /// <paramref name="watchChains"/>), quoting, execution, status and the OpenAPI document. The message status source
    /// (the relayer network) is optional: without it, bridge transfers stay FILLING and fill times use the defaults.
    /// An <see cref="IFillerTermsSource"/> registered in DI (the node's fillers) makes intent fast fills quoted from the
    /// live filler terms instead of <see cref="RouterSettings.IntentFastFill"/>; executed intents are followed by the
    /// <see cref="IntentStatusWatcher"/> (fill, expiry, cancel, refund); intent routes a wallet executed itself are found by
    /// their quote id on chain (<see cref="QuotedOrderWatcher"/>).
    /// </summary>
    public static IServiceCollection AddInteropRouter(this IServiceCollection services, RouterSettings settings, IMessageStatusSource? messageStatus = null, bool watchChains = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton(_ => settings.StatusJournalPath is { } journal ? new TransferStatusStore(journal) : new TransferStatusStore());
        services.AddSingleton(sp => new ChainReader(settings, sp.GetService<IFillerTermsSource>()));
        services.AddSingleton(new QuoteIds(settings.QuoteKey));
        services.AddSingleton<QuoteService>();
        services.AddSingleton<TransferExecutor>();
        services.AddSingleton(sp => new StatusService(sp.GetRequiredService<TransferStatusStore>(), sp.GetRequiredService<TimeProvider>(),
            messageStatus ?? sp.GetService<IMessageStatusSource>(), sp.GetRequiredService<QuoteIds>()));
        services.AddSingleton(sp => new VenueWatcher(settings, sp.GetRequiredService<SnapshotStore>(), sp.GetRequiredService<ChainReader>(),
            sp.GetRequiredService<ILogger<VenueWatcher>>(), messageStatus ?? sp.GetService<IMessageStatusSource>(), sp.GetService<IFillerTermsSource>()));
        services.AddSingleton<IntentStatusWatcher>();
        services.AddSingleton<QuotedOrderWatcher>();
        if (watchChains)
        {
            services.AddHostedService(sp => sp.GetRequiredService<VenueWatcher>());
            services.AddHostedService(sp => sp.GetRequiredService<IntentStatusWatcher>());
            services.AddHostedService(sp => sp.GetRequiredService<QuotedOrderWatcher>());
        }
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        return services;
    }
}
