using Interop.Ethereum;
using System.Collections.Immutable;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.Fees;
using Interop.Relayers.TxSending.Monitoring;
using Interop.Relayers.TxSending.State;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Support;

/// <summary>Builders for the pure TxSender tests.</summary>
public static class TxFactory
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly Eip1559Fees Fees = new(30_000_000_000, 1_000_000_000);

    public static TxSenderOptions Options => new()
    {
        ChainId = 31337, ConfirmationDepth = 2, StuckAfter = TimeSpan.FromSeconds(60), StuckAfterBlocks = 5,
    };

    public static TxRequest Request(string id) => new(id, Address.Parse("0x00000000000000000000000000000000000000b0"), [], 1, null, null, T0);

    public static Bytes32 Hash(int n) => new([.. new byte[31], (byte)n]);

    public static TxAttempt Attempt(int hash, Eip1559Fees? fees = null, DateTimeOffset? at = null, ulong block = 100) =>
        new(Hash(hash), [(byte)hash], fees ?? Fees, at ?? T0, block);

    public static PendingTransaction Pending(string id, ulong nonce, params TxAttempt[] attempts) =>
        new(Request(id), nonce, 25_200, attempts.Length == 0 ? [Attempt((int)nonce + 1)] : [.. attempts]);

    public static ReceiptSummary Receipt(ulong block) => new(block, Hash(200), 21_000, 2_000_000_000, 1);

    public static ChainObservation Observation(ulong head, ulong latestNonce, ulong confirmedNonce, params (Bytes32 Hash, ulong Block)[] mined) =>
        new(head, latestNonce, confirmedNonce, new Eip1559Fees(20_000_000_000, 1_000_000_000),
            mined.ToDictionary(m => m.Hash, m => Receipt(m.Block)));

    public static ImmutableDictionary<string, DateTimeOffset> NoBroadcasts => ImmutableDictionary<string, DateTimeOffset>.Empty;
}
