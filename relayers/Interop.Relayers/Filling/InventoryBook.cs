using System.Numerics;
using Interop.Ethereum;

namespace Interop.Relayers.Filling;

/// <summary>A fill the filler is about to make: output paid on the destination, input repaid later on the origin.</summary>
public sealed record FillReservation(Bytes32 OrderId, ulong Destination, Address OutputToken, BigInteger Output, ulong Origin, Address InputToken, BigInteger Input);

/// <summary>A rebalancing move: <paramref name="Amount"/> leaves <paramref name="From"/> (token <paramref name="FromToken"/>) for <paramref name="To"/> (token <paramref name="ToToken"/>).</summary>
public sealed record MoveReservation(string MoveId, ulong From, Address FromToken, ulong To, Address ToToken, BigInteger Amount);

/// <summary>Why a reservation was refused, or null when it was made.</summary>
public sealed record ReservationRefusal(string Reason);

/// <summary>
/// The node's inventory (pure; the InventoryActor owns one): balances per (chain, token) read from the chain, fills in
/// flight (reserved on the destination until a balance read at or after the fill's block shows them), and repayments
/// pending on origins. Available = balance − reserved; virtual = available + pending repayments on that chain.
/// A reservation also counts against the origin's exposure (the repayment owed there) until repaid.
/// A rebalancing move is reserved on its source from the decision until a balance read at or after the block its
/// transfer was mined in (so no fill spends it), and counted as incoming on its destination until a balance read at or
/// after the block it arrived in.
/// </summary>
public sealed class InventoryBook
{
    private readonly Dictionary<(ulong Chain, Address Token), (BigInteger Amount, ulong Block)> _balances = [];
    private readonly Dictionary<Bytes32, (FillReservation Fill, ulong? LandedBlock)> _inFlight = [];
    private readonly Dictionary<Bytes32, FillReservation> _repayments = [];
    private readonly Dictionary<string, (MoveReservation Move, ulong? SentBlock, ulong? ArrivedBlock)> _moves = new(StringComparer.Ordinal);

    /// <summary>Records a balance read at <paramref name="block"/>; an older read than the last is ignored.</summary>
    public void ObserveBalance(ulong chain, Address token, BigInteger amount, ulong block)
    {
        if (_balances.TryGetValue((chain, token), out var known) && known.Block > block) return;
        _balances[(chain, token)] = (amount, block);
        foreach (var (id, entry) in _inFlight.ToList())
            if (entry.Fill.Destination == chain && entry.Fill.OutputToken == token && entry.LandedBlock is { } landed && landed <= block)
                _inFlight.Remove(id);
        foreach (var id in _moves.Keys.ToList()) ForgetMoveIfSeen(id);
    }

    /// <summary>The last balance read (zero when never read).</summary>
    public BigInteger Balance(ulong chain, Address token) => _balances.TryGetValue((chain, token), out var b) ? b.Amount : BigInteger.Zero;

    /// <summary>Balance minus fills in flight on it (never negative).</summary>
    public BigInteger Available(ulong chain, Address token)
    {
        var reserved = _inFlight.Values.Where(e => e.Fill.Destination == chain && e.Fill.OutputToken == token).Aggregate(BigInteger.Zero, (s, e) => s + e.Fill.Output)
            + _moves.Values.Where(m => m.Move.From == chain && m.Move.FromToken == token && !Seen(m.Move.From, m.Move.FromToken, m.SentBlock))
                .Aggregate(BigInteger.Zero, (s, m) => s + m.Move.Amount);
        return BigInteger.Max(BigInteger.Zero, Balance(chain, token) - reserved);
    }

    /// <summary>Repayments owed to the filler on <paramref name="chain"/> (its exposure to that origin).</summary>
    public BigInteger PendingRepayments(ulong chain) =>
        _repayments.Values.Where(r => r.Origin == chain).Aggregate(BigInteger.Zero, (s, r) => s + r.Input);

    /// <summary>Available plus repayments of <paramref name="token"/> owed on <paramref name="chain"/>.</summary>
    public BigInteger Virtual(ulong chain, Address token) =>
        Available(chain, token) + _repayments.Values.Where(r => r.Origin == chain && r.InputToken == token).Aggregate(BigInteger.Zero, (s, r) => s + r.Input);

    /// <summary>Reserves the output and books the repayment, unless the inventory or the origin's exposure cap says no. Idempotent by order id.</summary>
    public ReservationRefusal? TryReserve(FillReservation fill, BigInteger exposureCap)
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (_inFlight.ContainsKey(fill.OrderId) || _repayments.ContainsKey(fill.OrderId)) return null;
        var available = Available(fill.Destination, fill.OutputToken);
        if (fill.Output > available) return new ReservationRefusal($"output {fill.Output} is above the available inventory {available} on chain {fill.Destination}");
        var exposure = PendingRepayments(fill.Origin);
        if (exposure + fill.Input > exposureCap) return new ReservationRefusal($"exposure to origin {fill.Origin} would be {exposure + fill.Input}, above the cap {exposureCap}");
        Restore(fill, null);
        return null;
    }

    /// <summary>Re-books a fill the filler journaled (after a restart), without checks.</summary>
    public void Restore(FillReservation fill, ulong? landedBlock)
    {
        _inFlight[fill.OrderId] = (fill, landedBlock);
        _repayments[fill.OrderId] = fill;
    }

    /// <summary>The fill was mined at <paramref name="block"/>: its reservation ends once a balance read reaches that block.</summary>
    public void Landed(Bytes32 orderId, ulong block)
    {
        if (!_inFlight.TryGetValue(orderId, out var entry)) return;
        var current = _balances.GetValueOrDefault((entry.Fill.Destination, entry.Fill.OutputToken));
        if (current.Block >= block) _inFlight.Remove(orderId);
        else _inFlight[orderId] = (entry.Fill, block);
    }

    /// <summary>The fill did not happen: nothing paid, nothing owed.</summary>
    public void Release(Bytes32 orderId)
    {
        _inFlight.Remove(orderId);
        _repayments.Remove(orderId);
    }

    /// <summary>The origin repaid the fill.</summary>
    public void Repaid(Bytes32 orderId) => _repayments.Remove(orderId);

    /// <summary>Moves on their way to <paramref name="chain"/> that a balance read there does not show yet.</summary>
    public BigInteger Incoming(ulong chain, Address token) =>
        _moves.Values.Where(m => m.Move.To == chain && m.Move.ToToken == token && !Seen(m.Move.To, m.Move.ToToken, m.ArrivedBlock))
            .Aggregate(BigInteger.Zero, (s, m) => s + m.Move.Amount);

    /// <summary>Reserves a move's amount on its source unless fills took it meanwhile. Idempotent by move id.</summary>
    public ReservationRefusal? TryReserveMove(MoveReservation move)
    {
        ArgumentNullException.ThrowIfNull(move);
        if (_moves.ContainsKey(move.MoveId)) return null;
        var available = Available(move.From, move.FromToken);
        if (move.Amount > available) return new ReservationRefusal($"move {move.Amount} is above the available inventory {available} on chain {move.From}");
        _moves[move.MoveId] = (move, null, null);
        return null;
    }

    /// <summary>Re-books a move the rebalancer journaled (after a restart), without checks.</summary>
    public void RestoreMove(MoveReservation move, ulong? sentBlock)
    {
        ArgumentNullException.ThrowIfNull(move);
        _moves[move.MoveId] = (move, sentBlock, null);
        ForgetMoveIfSeen(move.MoveId);
    }

    /// <summary>The move's transfer was mined at <paramref name="block"/> on the source: its reservation there ends once a balance read reaches it.</summary>
    public void MoveSent(string moveId, ulong block)
    {
        if (!_moves.TryGetValue(moveId, out var entry)) return;
        _moves[moveId] = (entry.Move, block, entry.ArrivedBlock);
        ForgetMoveIfSeen(moveId);
    }

    /// <summary>The move's tokens reached the destination at <paramref name="block"/>: incoming until a balance read there reaches it.</summary>
    public void MoveArrived(string moveId, ulong block)
    {
        if (!_moves.TryGetValue(moveId, out var entry)) return;
        _moves[moveId] = (entry.Move, entry.SentBlock ?? 0, block);
        ForgetMoveIfSeen(moveId);
    }

    /// <summary>The move did not happen (its transaction failed): nothing left the source.</summary>
    public void ReleaseMove(string moveId) => _moves.Remove(moveId);

    /// <summary>The moves the book holds (sent or not, arrived or not, until balance reads show both ends).</summary>
    public IReadOnlySet<string> MoveIds => _moves.Keys.ToHashSet(StringComparer.Ordinal);

    private bool Seen(ulong chain, Address token, ulong? block) =>
        block is { } b && _balances.TryGetValue((chain, token), out var known) && known.Block >= b;

    private void ForgetMoveIfSeen(string moveId)
    {
        var (move, sent, arrived) = _moves[moveId];
        if (Seen(move.From, move.FromToken, sent) && Seen(move.To, move.ToToken, arrived)) _moves.Remove(moveId);
    }

    public int InFlightCount => _inFlight.Count;
    public int PendingRepaymentCount => _repayments.Count;
}
