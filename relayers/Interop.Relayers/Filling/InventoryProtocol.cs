using System.Numerics;
using Interop.Ethereum;

namespace Interop.Relayers.Filling;

/// <summary>Reserve a fill's output and book its repayment; answered <see cref="FillReserved"/> or <see cref="FillRefused"/>.</summary>
public sealed record ReserveFill(FillReservation Fill);

public sealed record FillReserved(Bytes32 OrderId);

public sealed record FillRefused(Bytes32 OrderId, string Reason);

/// <summary>Re-book a journaled fill after a restart (in flight when <paramref name="LandedBlock"/> is null).</summary>
public sealed record RestoreFill(FillReservation Fill, ulong? LandedBlock);

/// <summary>The fill was mined in <paramref name="Block"/>.</summary>
public sealed record FillLanded(Bytes32 OrderId, ulong Block);

/// <summary>The fill did not happen.</summary>
public sealed record FillReleased(Bytes32 OrderId);

/// <summary>The origin paid the filler back.</summary>
public sealed record FillRepaid(Bytes32 OrderId);

/// <summary>Reserve a rebalancing move's amount on its source; answered <see cref="MoveReserved"/> or <see cref="MoveRefused"/>.</summary>
public sealed record ReserveMove(MoveReservation Move);

public sealed record MoveReserved(string MoveId);

public sealed record MoveRefused(string MoveId, string Reason);

/// <summary>Re-book a journaled move after a restart (<paramref name="SentBlock"/> when its transfer was mined).</summary>
public sealed record RestoreMove(MoveReservation Move, ulong? SentBlock);

/// <summary>The move's transfer was mined in <paramref name="Block"/> on its source.</summary>
public sealed record MoveSent(string MoveId, ulong Block);

/// <summary>The move's tokens arrived in <paramref name="Block"/> on its destination.</summary>
public sealed record MoveArrived(string MoveId, ulong Block);

/// <summary>The move did not happen.</summary>
public sealed record MoveReleased(string MoveId);

/// <summary>
/// Published on the event stream when the inventory actor was restarted after a failure: its book (fills in flight,
/// repayments owed, rebalancing moves) started empty, so every filler and the rebalancer of that inventory re-book what
/// they have journaled (<see cref="RestoreFill"/>, <see cref="RestoreMove"/>), as they do when they recover.
/// </summary>
public sealed record InventoryRestarted(Akka.Actor.IActorRef Inventory);

/// <summary>Asks for an <see cref="InventorySnapshot"/>.</summary>
public sealed record GetInventory
{
    public static readonly GetInventory Instance = new();

    private GetInventory()
    {
    }
}

/// <summary>Balances, available (balance − in flight) and virtual (available + repayments owed there) amounts per (chain, token), and exposure per origin.</summary>
public sealed record InventorySnapshot(
    IReadOnlyDictionary<(ulong Chain, Address Token), BigInteger> Balances,
    IReadOnlyDictionary<(ulong Chain, Address Token), BigInteger> Available,
    IReadOnlyDictionary<(ulong Chain, Address Token), BigInteger> Virtual,
    IReadOnlyDictionary<ulong, BigInteger> Exposure,
    int InFlight,
    int PendingRepayments,
    bool Read)
{
    public static readonly InventorySnapshot Empty = new(
        new Dictionary<(ulong, Address), BigInteger>(), new Dictionary<(ulong, Address), BigInteger>(), new Dictionary<(ulong, Address), BigInteger>(),
        new Dictionary<ulong, BigInteger>(), 0, 0, false);

    /// <summary>Rebalancing moves on their way to each (chain, token) that its balance does not show yet.</summary>
    public IReadOnlyDictionary<(ulong Chain, Address Token), BigInteger> Incoming { get; init; } = new Dictionary<(ulong, Address), BigInteger>();

    /// <summary>The rebalancing moves this snapshot accounts for (reserved on the source and/or incoming on the destination).</summary>
    public IReadOnlySet<string> Moves { get; init; } = new HashSet<string>();

    public BigInteger AvailableOf(ulong chain, Address token) => Available.GetValueOrDefault((chain, token));

    public BigInteger ExposureTo(ulong origin) => Exposure.GetValueOrDefault(origin);
}
