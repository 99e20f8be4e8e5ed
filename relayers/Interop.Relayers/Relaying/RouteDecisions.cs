using Interop.Bridge.Relaying;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;

namespace Interop.Relayers.Relaying;

/// <summary>The route actor's small pure decisions (tested without Akka).</summary>
public static class RouteDecisions
{
    /// <summary>
    /// The TxSender request id of batch attempt <paramref name="batchNumber"/> of a route: the same after a restart (the
    /// counter is persisted with the request), different for every attempt, so a re-sent request is never mined twice.
    /// </summary>
    public static string RequestId(uint origin, uint destination, long batchNumber) => $"relay:{origin}->{destination}:batch-{batchNumber}";

    /// <summary>The opaque key a batch's messages carry as "submitted in" until their transaction is confirmed.</summary>
    public static Bytes32 BatchKey(string requestId) => new(Keccak256.HashUtf8(requestId));

    /// <summary>The drops a new <paramref name="denylist"/> implies: queued (pending) messages it matches.</summary>
    public static IReadOnlyList<IRelayerEvent> DenylistDrops(RouteState state, Denylist denylist) =>
        state.Messages.Values
            .Where(m => m.Status == RelayStatus.Pending)
            .Select(m => (m.Nonce, Reason: denylist.Match(m.Message)))
            .Where(x => x.Reason is not null)
            .Select(x => (IRelayerEvent)new MessageDropped(x.Nonce, x.Reason!))
            .ToList();

    /// <summary>Gas of a batch attributed to each message: receipt gasUsed / batch size (rounded down).</summary>
    public static ulong GasPerMessage(ulong gasUsed, int batchSize) => batchSize <= 0 ? gasUsed : gasUsed / (ulong)batchSize;
}
