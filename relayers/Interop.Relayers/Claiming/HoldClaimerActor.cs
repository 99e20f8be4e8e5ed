using System.Numerics;
using Akka.Actor;
using Akka.Event;
using Interop.Bridge.Status;
using Interop.Contracts.Bindings;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.Metrics;
using Interop.Relayers.Network;
using Interop.Relayers.Status;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;

namespace Interop.Relayers.Claiming;

/// <summary>What a hold claimer needs: its chain and RPC, the status tracker (which knows the held messages), the chain's TxSender (relayer key) and timing.</summary>
public sealed record HoldClaimerWiring(uint Chain, RpcClient Rpc, IActorRef StatusTracker, IActorRef TxSender, TimeSpan PollInterval,
    HoldClaimOptions Options, TimeSpan RpcTimeout, TimeSpan AskTimeout);

/// <summary>
/// Claims users' matured TokenBridge holds on one destination chain (one per chain with TokenBridges, not persisted). Every
/// poll it asks the <see cref="StatusTrackerActor"/> for the messages at Held there (persisted there, so a restart loses
/// nothing), reads the chain's latest block time and, for each hold it has reached, <c>holds(holdId)</c>, and sends <c>claim(holdId)</c> through the
/// chain's TxSender once the block time is at or past the release, under the request ids of <see cref="HoldClaim"/>
/// (<c>claim:{chain}:{bridge}:{holdId}</c>, <c>:{n}</c> after a failed attempt): idempotent at the TxSender, so a restart
/// never claims twice. Someone else claiming first makes the gas estimate revert (UnknownHold: nothing sent, no nonce), and
/// the next read finds the hold gone; either way the watcher's HoldReleased moves the message to Delivered.
/// </summary>
public sealed class HoldClaimerActor : ReceiveActor, IWithTimers
{
    private readonly HoldClaimerWiring _w;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly UnacknowledgedRequests _unacknowledged = new();
    // By request id base; a claim stays while its message is held or its outcome is outstanding.
    private readonly Dictionary<string, (HoldClaim Claim, MessageRecord Message)> _claims = new(StringComparer.Ordinal);
    private readonly string _chainLabel;
    private bool _busy;

    public HoldClaimerActor(HoldClaimerWiring wiring)
    {
        _w = wiring;
        _chainLabel = wiring.Chain.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Receive<Tick>(_ => OnTick());
        Receive<HeldListed>(OnListed);
        Receive<HoldsRead>(OnRead);
        Receive<ReadFailed>(f =>
        {
            _busy = false;
            _log.Warning("HoldClaimer of chain {ChainId}: reading held messages failed, retrying on the next poll: {Error}", _w.Chain, f.Cause.Message);
        });
        Receive<TransactionAccepted>(a => _unacknowledged.Heard(a.RequestId));
        Receive<TransactionSubmitted>(s =>
        {
            _unacknowledged.Heard(s.RequestId);
            _log.Info("HoldClaimer of chain {ChainId}: {RequestId} submitted as {TxHash}", _w.Chain, s.RequestId, s.Hash);
        });
        Receive<TransactionReplaced>(r => _unacknowledged.Heard(r.RequestId));
        Receive<TransactionConfirmed>(c =>
        {
            _unacknowledged.Heard(c.RequestId);
            OnOutcome(c.RequestId, c.Receipt.Succeeded ? null : "the claim reverted", c.Hash.ToString());
        });
        Receive<TransactionFailed>(f =>
        {
            _unacknowledged.Heard(f.RequestId);
            OnOutcome(f.RequestId, f.Reason, null);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(HoldClaimerWiring wiring) => Akka.Actor.Props.Create(() => new HoldClaimerActor(wiring));

    /// <summary>The first request id of the claim of <paramref name="hold"/> on <paramref name="chain"/>.</summary>
    public static string RequestIdBase(uint chain, MessageHold hold) =>
        FormattableString.Invariant($"claim:{chain}:{hold.Bridge.ToChecksumString().ToLowerInvariant()}:{hold.HoldId}");

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance, _w.PollInterval, _w.PollInterval);

    private void OnTick()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (txSender, command, silence) in _unacknowledged.Due(now, _w.Options.ResendAfter))
        {
            _log.Warning("HoldClaimer of chain {ChainId}: the TxSender has not acknowledged {RequestId} for {Silence}; sending it again", _w.Chain, command.RequestId, silence);
            txSender.Tell(command, Self);
        }
        if (_busy) return;
        _busy = true;
        _w.StatusTracker.Ask<StatusAnswer>(new GetHeldMessages(_w.Chain), _w.AskTimeout)
            .PipeTo(Self, success: a => new HeldListed(a.Records), failure: e => new ReadFailed(e));
    }

    private void OnListed(HeldListed listed)
    {
        var now = DateTimeOffset.UtcNow;
        var held = listed.Records.Where(r => r.Hold is not null).ToDictionary(r => RequestIdBase(_w.Chain, r.Hold!), StringComparer.Ordinal);
        // Released (the watcher saw HoldReleased): forget, unless an outcome is still to come (logged and counted then).
        foreach (var key in _claims.Keys.Where(k => !held.ContainsKey(k) && !_claims[k].Claim.Pending).ToList()) _claims.Remove(key);
        foreach (var (key, record) in held)
            if (!_claims.ContainsKey(key)) _claims[key] = (new HoldClaim(key), record);
        var toRead = _claims.Where(c => held.ContainsKey(c.Key) && c.Value.Claim.ShouldRead(now))
            .Select(c => (Key: c.Key, c.Value.Message.Hold!)).ToList();
        if (toRead.Count == 0)
        {
            _busy = false;
            return;
        }
        var (rpc, timeout) = (_w.Rpc, _w.RpcTimeout);
        ReadAsync().PipeTo(Self, success: r => r, failure: e => new ReadFailed(e));

        async Task<HoldsRead> ReadAsync()
        {
            using var cts = new CancellationTokenSource(timeout);
            var head = await rpc.GetBlockByNumberAsync(BlockParameter.Latest, false, cts.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the chain returned no latest block");
            var present = new List<(string, bool)>();
            foreach (var (key, hold) in toRead)
            {
                // Not mature on the chain's clock: nothing to decide, and no call.
                if (head.Timestamp < (ulong)hold.ReleaseAt.ToUnixTimeSeconds()) continue;
                var output = await rpc.EthCallAsync(new CallRequest { To = hold.Bridge, Data = TokenBridgeBinding.EncodeHolds(hold.HoldId) }, null, cts.Token)
                    .ConfigureAwait(false);
                present.Add((key, TokenBridgeBinding.DecodeHoldPresent(output)));
            }
            return new HoldsRead(head.Timestamp, present);
        }
    }

    private void OnRead(HoldsRead read)
    {
        _busy = false;
        var now = DateTimeOffset.UtcNow;
        foreach (var (key, present) in read.Present)
        {
            if (!_claims.TryGetValue(key, out var entry)) continue;
            var (claim, message) = entry;
            var hold = message.Hold!;
            switch (claim.Decide(present, read.HeadTime, (ulong)hold.ReleaseAt.ToUnixTimeSeconds(), now))
            {
                case HoldClaimDecision.Claim:
                    _log.Info("HoldClaimer of chain {ChainId}: claiming {Hold} of message {MessageId} ({RequestId})", _w.Chain, hold.Describe(), message.Id, claim.RequestId);
                    RelayerMetrics.HoldClaims.WithLabels(_chainLabel, "sent").Inc();
                    _unacknowledged.Send(_w.TxSender, new SendTransaction(claim.RequestId, hold.Bridge, TokenBridgeBinding.EncodeClaim(hold.HoldId), BigInteger.Zero), now, Self);
                    break;
                case HoldClaimDecision.Finished when claim.Gone:
                    RelayerMetrics.HoldClaims.WithLabels(_chainLabel, "gone").Inc();
                    _log.Info("HoldClaimer of chain {ChainId}: {Hold} of message {MessageId} is already claimed; waiting for its HoldReleased", _w.Chain, hold.Describe(), message.Id);
                    break;
            }
        }
    }

    private void OnOutcome(string requestId, string? error, string? hash)
    {
        var match = _claims.FirstOrDefault(c => c.Value.Claim.IsCurrent(requestId));
        if (match.Key is null) return; // an older attempt's outcome, or a claim already forgotten
        var (claim, message) = match.Value;
        if (error is null)
        {
            claim.Succeeded();
            RelayerMetrics.HoldClaims.WithLabels(_chainLabel, "claimed").Inc();
            _log.Info("HoldClaimer of chain {ChainId}: claimed {Hold} of message {MessageId} in {TxHash}", _w.Chain, message.Hold!.Describe(), message.Id, hash);
            return;
        }
        // Someone else claimed first (UnknownHold, nothing was sent), or the route is cursed: read the hold again later.
        claim.Failed(DateTimeOffset.UtcNow, _w.Options.RetryAfter);
        RelayerMetrics.HoldClaims.WithLabels(_chainLabel, "failed").Inc();
        if (error.Contains("UnknownHold", StringComparison.Ordinal))
            _log.Info("HoldClaimer of chain {ChainId}: {Hold} of message {MessageId} was claimed by someone else ({Reason}); nothing was sent",
                _w.Chain, message.Hold!.Describe(), message.Id, error);
        else
            _log.Warning("HoldClaimer of chain {ChainId}: claiming {Hold} of message {MessageId} failed ({Reason}); reading the hold again before another claim",
                _w.Chain, message.Hold!.Describe(), message.Id, error);
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();

        private Tick()
        {
        }
    }

    private sealed record HeldListed(IReadOnlyList<MessageRecord> Records);

    private sealed record HoldsRead(ulong HeadTime, IReadOnlyList<(string Key, bool Present)> Present);

    private sealed record ReadFailed(Exception Cause);
}
