using Akka.Actor;
using Akka.Pattern;
using Interop.Bridge.Intents;
using Interop.Ethereum.Rpc;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Chain;

namespace Interop.Relayers.Filling;

/// <summary>
/// Starts a node's fillers in an actor system that has the persistence HOCON: one <see cref="InventoryActor"/>, one
/// TxSender per destination chain (and per rebalanced chain) for the filler key, one <see cref="FillerActor"/> per route
/// and, with rebalancing enabled, one <see cref="RebalancerActor"/>, each persistent one under a backoff supervisor (a
/// journal failure stops a persistent actor; it is started again and recovers).
/// </summary>
public static class FillerNetwork
{
    /// <exception cref="ArgumentException">The settings are invalid (the message names every bad key).</exception>
    /// <param name="board">Where the live terms go (e.g. one the router already reads); a new one when null.</param>
    public static async Task<FillerHandle> StartAsync(ActorSystem system, FillerSettings settings, string name = "fillers", FillerTermsBoard? board = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = settings.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid filler settings: " + string.Join("; ", errors), nameof(settings));
        var rpcs = settings.Chains.ToDictionary(c => c.ChainId, c => RpcClient.Create(c.Rpc));
        board ??= new FillerTermsBoard();
        var supervisor = system.ActorOf(Props.Create(() => new FillerSupervisor(settings, rpcs, board)), name);
        var actors = await supervisor.Ask<FillerActors>(GetFillerActors.Instance, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return new FillerHandle(supervisor, actors, board, rpcs.Values.ToList());
    }
}

/// <summary>The running fillers: their live terms (for the router), their status, and a graceful stop.</summary>
public sealed class FillerHandle : IAsyncDisposable
{
    private readonly IActorRef _supervisor;
    private readonly IReadOnlyList<RpcClient> _rpcs;

    internal FillerHandle(IActorRef supervisor, FillerActors actors, FillerTermsBoard terms, IReadOnlyList<RpcClient> rpcs)
    {
        _supervisor = supervisor;
        Actors = actors;
        Terms = terms;
        _rpcs = rpcs;
    }

    public FillerActors Actors { get; }

    /// <summary>What the fillers offer now (the router's <see cref="IFillerTermsSource"/>).</summary>
    public FillerTermsBoard Terms { get; }

    public Task<FillerStatus> GetStatusAsync(uint origin, uint destination, TimeSpan? timeout = null) =>
        Actors.Fillers[(origin, destination)].Ask<FillerStatus>(GetFillerStatus.Instance, timeout ?? TimeSpan.FromSeconds(5));

    /// <exception cref="InvalidOperationException">Rebalancing is not enabled.</exception>
    public Task<RebalanceStatus> GetRebalanceStatusAsync(TimeSpan? timeout = null) =>
        (Actors.Rebalancer ?? throw new InvalidOperationException("rebalancing is not enabled in these filler settings"))
            .Ask<RebalanceStatus>(GetRebalanceStatus.Instance, timeout ?? TimeSpan.FromSeconds(5));

    public Task<InventorySnapshot> GetInventoryAsync(TimeSpan? timeout = null) =>
        Actors.Inventory.Ask<InventorySnapshot>(GetInventory.Instance, timeout ?? TimeSpan.FromSeconds(5));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _supervisor.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        finally
        {
            foreach (var rpc in _rpcs) await rpc.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The filler actors by role (the fillers, senders and rebalancer are backoff supervisors forwarding to their actor; no rebalancer when disabled).</summary>
public sealed record FillerActors(IActorRef Inventory, IReadOnlyDictionary<uint, IActorRef> Senders, IReadOnlyDictionary<(uint Origin, uint Destination), IActorRef> Fillers,
    IActorRef? Rebalancer = null);

internal sealed record GetFillerActors
{
    public static readonly GetFillerActors Instance = new();

    private GetFillerActors()
    {
    }
}

internal sealed class FillerSupervisor : ReceiveActor
{
    public FillerSupervisor(FillerSettings settings, IReadOnlyDictionary<uint, RpcClient> rpcs, FillerTermsBoard board)
    {
        var address = settings.Key.Address;
        var blockTimes = settings.Chains.ToDictionary(c => c.ChainId, c => c.BlockTime);
        var rebalance = settings.Rebalance.Enabled ? settings.Rebalance.Tokens : [];
        var inventory = Context.ActorOf(InventoryActor.Props(address, rpcs, settings.Routes, settings.Policy, blockTimes, board,
            settings.Timing.PollInterval, settings.Timing.RpcTimeout, rebalance.SelectMany(t => t.Chains.Select(c => (c.Chain, c.Token))).ToList()), "inventory");
        var senders = new Dictionary<uint, IActorRef>();
        foreach (var chainId in settings.Routes.Select(r => r.Destination).Concat(rebalance.SelectMany(t => t.Chains.Select(c => c.Chain))).Distinct())
        {
            var chain = settings.Chains.Single(c => c.ChainId == chainId);
            var options = new TxSenderOptions
            {
                ChainId = chainId,
                PollInterval = settings.Transactions.PollInterval,
                ConfirmationDepth = (ulong)chain.ConfirmationDepth,
                StuckAfter = settings.Transactions.StuckAfter,
                StuckAfterBlocks = settings.Transactions.StuckAfterBlocks,
                RpcTimeout = settings.Timing.RpcTimeout,
                Retry = new Bridge.Retry.RetrySchedule { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5) },
            };
            senders[chainId] = Context.ActorOf(TxSenderActor.SupervisedProps(options, settings.Key, new RpcTxSenderChain(rpcs[chainId])), $"tx-sender-{chainId}");
        }
        var fillers = new Dictionary<(uint, uint), IActorRef>();
        foreach (var route in settings.Routes)
        {
            var wiring = new FillerWiring(address, route, settings.Policy, rpcs[route.Origin], rpcs[route.Destination], inventory, senders[route.Destination], settings.Timing);
            fillers[(route.Origin, route.Destination)] = Context.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(FillerActor.Props(wiring), "actor",
                TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2, maxNrOfRetries: -1)), $"filler-{route.Origin}-{route.Destination}");
        }
        IActorRef? rebalancer = null;
        if (rebalance.Count > 0)
            rebalancer = Context.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(RebalancerActor.Props(new RebalancerWiring(address, settings.Rebalance, rpcs, inventory, senders, settings.Timing)),
                "actor", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2, maxNrOfRetries: -1)), "rebalancer");
        var actors = new FillerActors(inventory, senders, fillers, rebalancer);
        Receive<GetFillerActors>(_ => Sender.Tell(actors));
    }
}
