using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Pattern;
using Interop.Bridge.Indexing;
using Interop.Bridge.Relaying;
using Interop.Ethereum.Rpc;
using Interop.Relayers.Claiming;
using Interop.Relayers.Relaying;
using Interop.Relayers.Status;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Chain;
using Interop.Relayers.Validating;
using Interop.Relayers.Watching;

namespace Interop.Relayers.Network;

/// <summary>The actors of a running network by role (each a backoff supervisor forwarding to its actor).</summary>
public sealed record NetworkActors(
    IReadOnlyDictionary<uint, IActorRef> Watchers,
    IActorRef StatusTracker,
    IReadOnlyDictionary<uint, IReadOnlyList<IActorRef>> ValidatorsByOrigin,
    IReadOnlyDictionary<uint, IActorRef> TxSenders,
    IReadOnlyDictionary<(uint Origin, uint Destination), IActorRef> Routes);

/// <summary>Asks the supervisor for its <see cref="NetworkActors"/>.</summary>
public sealed record GetNetworkActors
{
    public static readonly GetNetworkActors Instance = new();

    private GetNetworkActors()
    {
    }
}

/// <summary>
/// The parent of every actor of a node's relayer network. Each child runs under a backoff supervisor that starts it again
/// (recovering from its journal) when it stops or fails, so one chain's trouble never stops another's actors.
/// Creation order is the wiring order: watchers, status tracker, validators, tx senders, routes.
/// </summary>
public sealed class NetworkSupervisor : ReceiveActor
{
    private readonly NetworkActors _actors;

    public NetworkSupervisor(RelayerNetworkSettings settings, IReadOnlyDictionary<uint, RpcClient> rpcs, HttpClient http,
        ConcurrentDictionary<uint, bool> caughtUp)
    {
        var watchers = new Dictionary<uint, IActorRef>();
        foreach (var chain in settings.Chains)
        {
            var options = new ChainWatcherOptions(chain.ChainId, chain.Name, chain.Mailbox, (ulong)chain.ConfirmationDepth, chain.PollInterval)
            {
                HistoryLength = chain.EffectiveReorgHistoryBlocks,
                Consumers = ConsumersOf(settings, chain.ChainId),
                TokenBridges = chain.TokenBridges,
            };
            watchers[chain.ChainId] = Supervised(ChainWatcherActor.Props(options, new RpcBlockSource(rpcs[chain.ChainId]), id => caughtUp[id] = true),
                $"watcher-{chain.ChainId}");
        }

        var tracker = Supervised(StatusTrackerActor.Props(watchers), "status-tracker");

        var validators = new Dictionary<uint, IReadOnlyList<IActorRef>>();
        foreach (var chain in settings.Chains)
            validators[chain.ChainId] = settings.ValidatorKeys
                .Select(key => Supervised(ValidatorActor.Props(key, chain.ChainId, chain.Mailbox, rpcs[chain.ChainId], watchers[chain.ChainId],
                        (ulong)chain.EffectiveReorgHistoryBlocks),
                    $"validator-{chain.ChainId}-{key.Address.ToChecksumString().ToLowerInvariant()}"))
                .ToList();

        var senders = new Dictionary<uint, IActorRef>();
        var routes = new Dictionary<(uint, uint), IActorRef>();
        if (settings.RelayerKey is { } relayerKey)
        {
            foreach (var chain in settings.Chains)
            {
                var options = new TxSenderOptions
                {
                    ChainId = chain.ChainId,
                    PollInterval = settings.Transactions.PollInterval,
                    ConfirmationDepth = (ulong)chain.ConfirmationDepth,
                    StuckAfter = settings.Transactions.StuckAfter,
                    StuckAfterBlocks = settings.Transactions.StuckAfterBlocks,
                    RpcTimeout = settings.RpcTimeout,
                    Retry = new Bridge.Retry.RetrySchedule { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5) },
                };
                senders[chain.ChainId] = Context.ActorOf(TxSenderActor.SupervisedProps(options, relayerKey, new RpcTxSenderChain(rpcs[chain.ChainId])),
                    $"tx-sender-{chain.ChainId}");
            }
            foreach (var origin in settings.Chains)
            foreach (var destination in settings.Chains.Where(d => d.ChainId != origin.ChainId))
            {
                var validatorSet = settings.ValidatorSets[origin.ChainId];
                var local = settings.ValidatorKeys.Zip(validators[origin.ChainId])
                    .Select(x => (ICheckpointSource)new ActorCheckpointSource(x.Item2, x.Item1.Address.ToString(), settings.AskTimeout));
                var remote = settings.RemoteCheckpointEndpoints
                    .SelectMany(endpoint => validatorSet.Validators
                        .Where(v => settings.ValidatorKeys.All(k => k.Address != v))
                        .Select(v => (ICheckpointSource)new HttpCheckpointSource(http, endpoint, v)));
                // The route undoes reorgs of both chains: it keeps the larger of their windows (a deeper reorg halts a watcher first).
                var relay = settings.Relay with { ReorgHistoryBlocks = Math.Max(origin.EffectiveReorgHistoryBlocks, destination.EffectiveReorgHistoryBlocks) };
                var wiring = new RouteWiring(origin.ChainId, origin.Mailbox, destination.ChainId, destination.Mailbox, relay, validatorSet,
                    [.. local, .. remote], rpcs[destination.ChainId], relayerKey.Address, watchers[origin.ChainId], watchers[destination.ChainId],
                    senders[destination.ChainId], tracker);
                routes[(origin.ChainId, destination.ChainId)] = Supervised(RouteActor.Props(wiring), $"route-{origin.ChainId}-{destination.ChainId}");
            }
        }

        if (settings.HoldClaims.Enabled)
            foreach (var chain in settings.Chains.Where(c => c.TokenBridges.Count > 0 && senders.ContainsKey(c.ChainId)))
                Context.ActorOf(HoldClaimerActor.Props(new HoldClaimerWiring(chain.ChainId, rpcs[chain.ChainId], tracker, senders[chain.ChainId],
                    chain.PollInterval, settings.HoldClaims, settings.RpcTimeout, settings.AskTimeout)), $"hold-claimer-{chain.ChainId}");

        _actors = new NetworkActors(watchers, tracker, validators, senders, routes);
        Receive<GetNetworkActors>(_ => Sender.Tell(_actors));
    }

    public static Props Props(RelayerNetworkSettings settings, IReadOnlyDictionary<uint, RpcClient> rpcs, HttpClient http,
        ConcurrentDictionary<uint, bool> caughtUp) =>
        Akka.Actor.Props.Create(() => new NetworkSupervisor(settings, rpcs, http, caughtUp));

    /// <summary>
    /// The persistence ids of every actor below that subscribes to the watcher of <paramref name="chainId"/> as a named consumer:
    /// the status tracker, the chain's validators, and each route from or to it. The watcher keeps every event until all of
    /// them acknowledged it, whichever subscribes first (they start concurrently).
    /// </summary>
    internal static IReadOnlyCollection<string> ConsumersOf(RelayerNetworkSettings settings, uint chainId)
    {
        var consumers = new List<string> { StatusTrackerActor.PersistenceIdValue };
        consumers.AddRange(settings.ValidatorKeys.Select(key => ValidatorActor.PersistenceIdFor(chainId, key.Address)));
        if (settings.RelayerKey is not null)
            foreach (var other in settings.Chains.Where(c => c.ChainId != chainId))
                consumers.AddRange([RouteActor.PersistenceIdFor(chainId, other.ChainId), RouteActor.PersistenceIdFor(other.ChainId, chainId)]);
        return consumers;
    }

    // A persistent actor stops when its journal fails; the backoff supervisor starts it again and it recovers.
    private static IActorRef Supervised(Props props, string name) =>
        Context.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(props, "actor", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2,
            maxNrOfRetries: -1)), name);
}
