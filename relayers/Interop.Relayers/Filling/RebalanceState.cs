namespace Interop.Relayers.Filling;

/// <summary>A hold of a move on its destination bridge: <c>claim(HoldId)</c> pays it out once the chain's time is at least <c>ReleaseAt</c>.</summary>
public sealed record RebalanceHold(System.Numerics.BigInteger HoldId, ulong ReleaseAt);

/// <summary>What a move in flight waits for next.</summary>
public enum RebalanceStage
{
    /// <summary>The approve of the source bridge is to be sent (or mined).</summary>
    Approve,

    /// <summary>The transferRemote is to be sent (or mined).</summary>
    Transfer,

    /// <summary>Sent: waiting for the destination bridge's TransferReceived (or TransferHeld).</summary>
    Arrival,

    /// <summary>Held on the destination: to be claimed once mature, then waiting for TransferReceived.</summary>
    Claim,
}

/// <summary>A move the rebalancer started and has not finished; <see cref="Hold"/> once the destination bridge held it.</summary>
public sealed record RebalanceMove(RebalanceStarted Started, bool Approved, ulong? SentBlock, RebalanceHold? Hold = null)
{
    public string Id => RebalanceState.MoveId(Started);

    public RebalanceStage Stage => !Approved ? RebalanceStage.Approve
        : SentBlock is null ? RebalanceStage.Transfer
        : Hold is null ? RebalanceStage.Arrival
        : RebalanceStage.Claim;
}

/// <summary>The rebalancer's state (pure): the next move number, the moves in flight, and counts of finished ones.</summary>
public sealed class RebalanceState
{
    private readonly Dictionary<string, RebalanceMove> _inFlight = new(StringComparer.Ordinal);

    public long NextNumber { get; private set; }
    public int Arrived { get; private set; }
    public int Failed { get; private set; }

    /// <summary>Moves the destination bridge held (ever; a held move later arrives too).</summary>
    public int Held { get; private set; }

    public IReadOnlyDictionary<string, RebalanceMove> InFlight => _inFlight;

    /// <summary>The transfer's request id (deterministic: the same after a restart), <c>rebalance:{symbol}:{from}->{to}:{n}</c>.</summary>
    public static string MoveId(RebalanceStarted s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return FormattableString.Invariant($"rebalance:{s.Symbol}:{s.From}->{s.To}:{s.Number}");
    }

    /// <summary>The approve's request id.</summary>
    public static string ApproveId(string moveId) => moveId + ":approve";

    /// <summary>The request id of the <paramref name="attempt"/>-th claim of a held move: <c>{moveId}:claim</c>, then <c>{moveId}:claim:{attempt}</c>.</summary>
    public static string ClaimId(string moveId, int attempt = 0) => Claiming.HoldClaim.RequestIdFor(moveId + ":claim", attempt);

    /// <summary>True when a move of <paramref name="symbol"/> to <paramref name="destination"/> is in flight.</summary>
    public bool HasMoveTo(string symbol, uint destination) =>
        _inFlight.Values.Any(m => m.Started.Symbol == symbol && m.Started.To == destination);

    /// <summary>The whole state, for a snapshot (moves in journal order of their numbers).</summary>
    public RebalancerSnapshot ToSnapshot() => new(NextNumber, Arrived, Failed, Held,
        [.. _inFlight.Values.OrderBy(m => m.Started.Number).Select(m => new RebalanceMoveSnapshot(m.Started, m.Approved, m.SentBlock, m.Hold))]);

    /// <summary>The state a snapshot holds (the events after it are applied on top).</summary>
    public static RebalanceState FromSnapshot(RebalancerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new RebalanceState { NextNumber = snapshot.NextNumber, Arrived = snapshot.Arrived, Failed = snapshot.Failed, Held = snapshot.Held };
        foreach (var m in snapshot.InFlight) state._inFlight[MoveId(m.Started)] = new RebalanceMove(m.Started, m.Approved, m.SentBlock, m.Hold);
        return state;
    }

    public void Apply(IRebalanceEvent e)
    {
        switch (e)
        {
            case RebalanceStarted s:
                _inFlight[MoveId(s)] = new RebalanceMove(s, false, null);
                NextNumber = Math.Max(NextNumber, s.Number + 1);
                break;
            case RebalanceApproved a when _inFlight.TryGetValue(a.MoveId, out var m):
                _inFlight[a.MoveId] = m with { Approved = true };
                break;
            case RebalanceSent s when _inFlight.TryGetValue(s.MoveId, out var m):
                _inFlight[s.MoveId] = m with { Approved = true, SentBlock = s.Block };
                break;
            case RebalanceHeld h when _inFlight.TryGetValue(h.MoveId, out var m) && m.SentBlock is not null:
                _inFlight[h.MoveId] = m with { Hold = new RebalanceHold(h.HoldId, h.ReleaseAt) };
                Held++;
                break;
            case RebalanceFinished f when _inFlight.Remove(f.MoveId):
                if (f.Arrived) Arrived++;
                else Failed++;
                break;
        }
    }
}
