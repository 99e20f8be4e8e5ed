using System.Collections.Concurrent;
using Akka.Actor;
using Interop.Bridge.Indexing;
using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Relayers.Relaying;
using Interop.Relayers.Status;
using Interop.Relayers.Validating;
using Microsoft.Extensions.Logging;

namespace Interop.Relayers.Network;

/// <summary>The running network as <see cref="IRelayerNetwork"/>: every answer comes from an actor (Ask with a timeout).</summary>
internal sealed class RelayerNetworkHandle : IRelayerNetwork
{
    private readonly ActorSystem _system;
    private readonly IActorRef _supervisor;
    private readonly NetworkActors _actors;
    private readonly RelayerNetworkSettings _settings;
    private readonly IReadOnlyDictionary<uint, RpcClient> _rpcs;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<uint, bool> _caughtUp;
    private readonly ILogger _logger;
    private Denylist _denylist;
    private int _disposed;

    public RelayerNetworkHandle(ActorSystem system, IActorRef supervisor, NetworkActors actors, RelayerNetworkSettings settings,
        IReadOnlyDictionary<uint, RpcClient> rpcs, HttpClient http, ConcurrentDictionary<uint, bool> caughtUp, Denylist denylist, ILogger logger)
    {
        _system = system;
        _supervisor = supervisor;
        _actors = actors;
        _settings = settings;
        _rpcs = rpcs;
        _http = http;
        _caughtUp = caughtUp;
        _denylist = denylist;
        _logger = logger;
    }

    /// <summary>The actors, for diagnostics and tests.</summary>
    public NetworkActors Actors => _actors;

    public bool IsReady => _settings.Chains.All(c => _caughtUp.ContainsKey(c.ChainId));

    public Denylist Denylist => Volatile.Read(ref _denylist);

    private TimeSpan Timeout => _settings.AskTimeout;

    public async Task<MessageRecord?> GetAsync(Bytes32 id, CancellationToken cancellationToken = default) =>
        (await _actors.StatusTracker.Ask<StatusAnswer>(new GetMessageStatus(id), Timeout, cancellationToken).ConfigureAwait(false)).Records
        .FirstOrDefault();

    public async Task<IReadOnlyList<MessageRecord>> FindByTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default) =>
        (await _actors.StatusTracker.Ask<StatusAnswer>(new FindMessagesByTransaction(transactionHash), Timeout, cancellationToken).ConfigureAwait(false))
        .Records;

    public async Task<IReadOnlyList<MessageRecord>> ListAsync(MessageStage? stage, int limit, CancellationToken cancellationToken = default) =>
        (await _actors.StatusTracker.Ask<StatusAnswer>(new ListMessages(stage, limit), Timeout, cancellationToken).ConfigureAwait(false)).Records;

    public Task<IReadOnlyList<SignedCheckpoint>> GetCheckpointsAsync(uint origin, uint index, CancellationToken cancellationToken = default) =>
        AskValidatorsAsync(origin, new GetCheckpoint(origin, index), cancellationToken);

    public Task<IReadOnlyList<SignedCheckpoint>> GetLatestCheckpointsAsync(uint origin, CancellationToken cancellationToken = default) =>
        AskValidatorsAsync(origin, new GetLatestCheckpoint(origin), cancellationToken);

    private async Task<IReadOnlyList<SignedCheckpoint>> AskValidatorsAsync(uint origin, object query, CancellationToken cancellationToken)
    {
        if (!_actors.ValidatorsByOrigin.TryGetValue(origin, out var validators)) return [];
        var answers = await Task.WhenAll(validators.Select(v => v.Ask<CheckpointAnswer>(query, Timeout, cancellationToken))).ConfigureAwait(false);
        return answers.Select(a => a.Checkpoint).OfType<SignedCheckpoint>().ToList();
    }

    public async Task<AdminResult> RetryAsync(Bytes32 messageId, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(messageId, cancellationToken).ConfigureAwait(false) is not { } record)
            return new AdminResult(AdminResultKind.NotFound, $"this node has not seen message {messageId}");
        if (record.Stage is MessageStage.Delivered or MessageStage.Held)
            return new AdminResult(AdminResultKind.Conflict, record.Stage == MessageStage.Held
                ? $"message {messageId} is already delivered (transaction {record.DeliveryTransaction}); its tokens are held ({record.Hold!.Describe()}) until someone calls claim(holdId)"
                : $"message {messageId} is already delivered (transaction {record.DeliveryTransaction})");
        if (!_actors.Routes.TryGetValue((record.Origin, record.Destination), out var route))
            return new AdminResult(AdminResultKind.Conflict, $"this node does not relay {record.Origin}->{record.Destination} (no relayer key or unknown chain)");
        var result = await route.Ask<AdminResult>(new RetryMessage(record.Nonce), Timeout, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("retry of message {MessageId} on route {Origin}->{Destination}: {Kind} ({Detail})",
            messageId, record.Origin, record.Destination, result.Kind, result.Detail);
        return result;
    }

    public async Task<AdminResult> RelayTransactionAsync(uint chainId, Bytes32 transactionHash, CancellationToken cancellationToken = default)
    {
        var chain = _settings.Chains.FirstOrDefault(c => c.ChainId == chainId);
        if (chain is null) return new AdminResult(AdminResultKind.NotFound, $"chain {chainId} is not one this node watches");
        var receipt = await _rpcs[chainId].GetTransactionReceiptAsync(transactionHash.ToArray(), cancellationToken).ConfigureAwait(false);
        if (receipt is null) return new AdminResult(AdminResultKind.NotFound, $"chain {chainId} has no mined transaction {transactionHash}");
        var dispatched = receipt.Logs.Where(l => l.Address == chain.Mailbox).Select(MailboxLog.Decode).OfType<DispatchedLog>().ToList();
        if (dispatched.Count == 0)
            return new AdminResult(AdminResultKind.NotFound, $"transaction {transactionHash} on chain {chainId} dispatched no message from the Mailbox");
        var results = new List<AdminResult>();
        foreach (var log in dispatched)
        {
            if (!_actors.Routes.TryGetValue((chainId, log.Event.Destination), out var route))
            {
                results.Add(new AdminResult(AdminResultKind.Conflict, $"this node does not relay {chainId}->{log.Event.Destination}"));
                continue;
            }
            results.Add(await route.Ask<AdminResult>(new RelayMessageNow(log.Event.Index, log.Event.Id), Timeout, cancellationToken).ConfigureAwait(false));
        }
        var ids = dispatched.Select(d => d.Event.Id).ToList();
        var kind = results.Any(r => r.Kind == AdminResultKind.Accepted) ? AdminResultKind.Accepted
            : results.All(r => r.Kind == AdminResultKind.NotFound) ? AdminResultKind.NotFound : AdminResultKind.Conflict;
        _logger.LogInformation("relay of transaction {TxHash} on chain {ChainId}: {Count} message(s), {Kind}", transactionHash, chainId, ids.Count, kind);
        return new AdminResult(kind, string.Join("; ", results.Select(r => r.Detail)), ids);
    }

    public async Task<Denylist> SetDenylistAsync(Denylist denylist, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(denylist);
        var answers = await Task.WhenAll(_actors.Routes.Values.Select(r => r.Ask<DenylistReplaced>(new ReplaceDenylist(denylist), Timeout, cancellationToken)))
            .ConfigureAwait(false);
        Volatile.Write(ref _denylist, denylist);
        _logger.LogInformation("denylist replaced on {Routes} routes; {Dropped} queued message(s) dropped", answers.Length, answers.Sum(a => a.Dropped));
        return denylist;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            if (!_system.WhenTerminated.IsCompleted) await _supervisor.GracefulStop(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TaskCanceledException or AskTimeoutException)
        {
            // The actor system went away, or an actor did not stop in time: its journal is safe either way.
            _logger.LogWarning("the relayer network did not stop gracefully: {Error}", e.Message);
        }
        finally
        {
            foreach (var rpc in _rpcs.Values) rpc.Dispose();
            _http.Dispose();
        }
    }
}
