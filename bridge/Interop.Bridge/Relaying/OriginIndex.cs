using Interop.Bridge.Protocol;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Relaying;

/// <summary>
/// The messages an origin Mailbox dispatched, rebuilt from its Dispatched logs into the same Merkle tree, and checked
/// against the roots the chain itself reported. Used by the devnet bootstrap and by tests; the node's watchers do the
/// same incrementally with a persisted cursor.
/// </summary>
public sealed class OriginIndex
{
    private readonly List<InteropMessage> _messages = [];

    public OriginIndex(uint origin, Address mailbox)
    {
        Origin = origin;
        Mailbox = mailbox;
    }

    public uint Origin { get; }
    public Address Mailbox { get; }
    public MerkleTree Tree { get; } = new();
    public IReadOnlyList<InteropMessage> Messages => _messages;

    /// <summary>Reads every Dispatched log of the mailbox up to <paramref name="toBlock"/> (inclusive) and appends what is new.</summary>
    public async Task SyncAsync(RpcClient rpc, ulong toBlock, CancellationToken cancellationToken = default)
    {
        var logs = await rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [Mailbox],
            Topics = [[MailboxBinding.DispatchedTopic]],
            FromBlock = BlockParameter.AtNumber(0),
            ToBlock = BlockParameter.AtNumber(toBlock),
        }, cancellationToken).ConfigureAwait(false);
        foreach (var log in logs.OrderBy(l => l.BlockNumber).ThenBy(l => l.LogIndex))
        {
            var dispatched = MailboxBinding.DecodeDispatched(log.Topics, log.Data);
            if (dispatched.Index < Tree.Count) continue;
            if (dispatched.Index != Tree.Count)
                throw new InvalidOperationException($"origin {Origin}: Dispatched index {dispatched.Index} skips ahead of {Tree.Count} leaves");
            var message = InteropMessage.Decode(dispatched.Message);
            if (message.Id != dispatched.Id)
                throw new InvalidOperationException($"origin {Origin}: Dispatched id {dispatched.Id} does not hash its message");
            Tree.Append(message.Id);
            if (Tree.Root() != dispatched.Root)
                throw new InvalidOperationException($"origin {Origin}: rebuilt root {Tree.Root()} differs from the chain's {dispatched.Root} at index {dispatched.Index}");
            _messages.Add(message);
        }
    }
}
