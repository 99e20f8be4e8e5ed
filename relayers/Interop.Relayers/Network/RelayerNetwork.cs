using System.Collections.Concurrent;
using Akka.Actor;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Failover;
using Interop.Relayers.Relaying;
using Interop.Relayers.Status;
using Interop.Relayers.Validating;
using Interop.Relayers.Watching;
using Microsoft.Extensions.Logging;

namespace Interop.Relayers.Network;

/// <summary>Starts a node's relayer network on an actor system whose persistence and serializer are already configured.</summary>
public static class RelayerNetwork
{
    /// <summary>The name of the supervisor actor (one network per actor system).</summary>
    public const string SupervisorName = "relayer-network";

    /// <summary>
    /// Starts watchers, validators, routes, tx senders and the status tracker for <paramref name="settings"/> as children of
    /// one supervisor on <paramref name="system"/>; recovers their persisted state first. Dispose the result to stop them.
    /// </summary>
    /// <exception cref="ArgumentException">The settings are invalid (the message names every problem).</exception>
    public static async Task<IRelayerNetwork> StartAsync(ActorSystem system, RelayerNetworkSettings settings, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var errors = settings.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid relayer network settings: " + string.Join("; ", errors), nameof(settings));
        var logger = loggerFactory.CreateLogger(typeof(RelayerNetwork));

        var rpcs = settings.Chains.ToDictionary(c => c.ChainId, c => RpcClient.Create(c.Rpc, new RpcClientOptions
        {
            RequestTimeout = settings.RpcTimeout,
            // Endpoints come back quickly on a devnet or a restarted node: short cooldowns, no background head probes.
            Failover = new FailoverOptions { Cooldown = TimeSpan.FromMilliseconds(500), MaxCooldown = TimeSpan.FromSeconds(2), HeadCheckInterval = null },
        }));
        var http = new HttpClient { Timeout = settings.AskTimeout };
        var caughtUp = new ConcurrentDictionary<uint, bool>();
        IActorRef? supervisor = null;
        try
        {
            supervisor = system.ActorOf(NetworkSupervisor.Props(settings, rpcs, http, caughtUp), SupervisorName);
            var actors = await supervisor.Ask<NetworkActors>(GetNetworkActors.Instance, settings.AskTimeout, cancellationToken).ConfigureAwait(false);

            // Every persistent actor answers only after its recovery: these questions wait for all of them.
            var recoveryTimeout = settings.AskTimeout * 6;
            await Task.WhenAll(
                actors.Watchers.Values.Select(w => w.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, recoveryTimeout, cancellationToken))
                    .Cast<Task>()
                    .Concat(actors.ValidatorsByOrigin.Values.SelectMany(v => v)
                        .Select(v => v.Ask<ValidatorStatus>(GetValidatorStatus.Instance, recoveryTimeout, cancellationToken)))
                    .Concat(actors.Routes.Values.Select(r => r.Ask<RouteStatus>(GetRouteStatus.Instance, recoveryTimeout, cancellationToken)))
                    .Append(actors.StatusTracker.Ask<StatusAnswer>(new ListMessages(null, 0), recoveryTimeout, cancellationToken)))
                .ConfigureAwait(false);

            var denylist = actors.Routes.Count == 0
                ? settings.Relay.Denylist
                : (await actors.Routes.Values.First().Ask<RouteStatus>(GetRouteStatus.Instance, settings.AskTimeout, cancellationToken).ConfigureAwait(false)).Denylist;
            logger.LogInformation("relayer network started: {Chains} chains, {Validators} validator actors, {Routes} routes",
                settings.Chains.Count, actors.ValidatorsByOrigin.Values.Sum(v => v.Count), actors.Routes.Count);
            return new RelayerNetworkHandle(system, supervisor, actors, settings, rpcs, http, caughtUp, denylist, logger);
        }
        catch
        {
            if (supervisor is not null) await supervisor.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            foreach (var rpc in rpcs.Values) rpc.Dispose();
            http.Dispose();
            throw;
        }
    }
}
