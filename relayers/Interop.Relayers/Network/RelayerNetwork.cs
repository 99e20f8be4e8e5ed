using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Interop.Relayers.Network;

/// <summary>Starts a node's relayer network on an actor system whose persistence and serializer are already configured.</summary>
public static class RelayerNetwork
{
    /// <summary>
    /// Starts watchers, validators, routes, tx senders and the status tracker for <paramref name="settings"/> as children of
    /// one supervisor on <paramref name="system"/>; recovers their persisted state first. Dispose the result to stop them.
    /// </summary>
    public static Task<IRelayerNetwork> StartAsync(ActorSystem system, RelayerNetworkSettings settings, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("TEMPORARY CONTRACT STUB: the actors helper replaces this on branch 'actors'");
}
