namespace Interop.Relayers.Filling;

/// <summary>A move the rebalancer started and has not finished.</summary>
public sealed record RebalanceMove(RebalanceStarted Started, bool Approved, ulong? SentBlock)
{
    public string Id => RebalanceState.MoveId(Started);
}

/// <summary>The rebalancer's state (pure): the next move number, the moves in flight, and counts of finished ones.</summary>
public sealed class RebalanceState
{
    private readonly Dictionary<string, RebalanceMove> _inFlight = new(StringComparer.Ordinal);

    public long NextNumber { get; private set; }
    public int Arrived { get; private set; }
    public int Failed { get; private set; }

    public IReadOnlyDictionary<string, RebalanceMove> InFlight => _inFlight;

    /// <summary>The transfer's request id (deterministic: the same after a restart), <c>rebalance:{symbol}:{from}->{to}:{n}</c>.</summary>
    public static string MoveId(RebalanceStarted s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return FormattableString.Invariant($"rebalance:{s.Symbol}:{s.From}->{s.To}:{s.Number}");
    }

    /// <summary>The approve's request id.</summary>
    public static string ApproveId(string moveId) => moveId + ":approve";

    /// <summary>True when a move of <paramref name="symbol"/> to <paramref name="destination"/> is in flight.</summary>
    public bool HasMoveTo(string symbol, uint destination) =>
        _inFlight.Values.Any(m => m.Started.Symbol == symbol && m.Started.To == destination);

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
            case RebalanceFinished f when _inFlight.Remove(f.MoveId):
                if (f.Arrived) Arrived++;
                else Failed++;
                break;
        }
    }
}
