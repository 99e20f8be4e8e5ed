using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Validation;

/// <summary>Reads the origin Mailbox's own tree (count and root) at a block, for <see cref="ValidatorState.NextCheckpoint"/>.</summary>
public static class OnChainTreeReader
{
    /// <summary>
    /// <c>count()</c> and <c>root()</c> of <paramref name="mailbox"/> at <paramref name="block"/> (by number: if a reorg replaced that
    /// block, the answer disagrees with the rebuilt tree and the validator halts, as it must for a reorg past the confirmation depth).
    /// </summary>
    public static async Task<OnChainTree> ReadAsync(RpcClient rpc, Address mailbox, ulong block, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var at = BlockParameter.AtNumber(block);
        var count = rpc.EthCallAsync(new CallRequest { To = mailbox, Data = MailboxBinding.EncodeCount() }, at, cancellationToken);
        var root = rpc.EthCallAsync(new CallRequest { To = mailbox, Data = MailboxBinding.Definition.Encode("root") }, at, cancellationToken);
        return new OnChainTree(block, (long)MailboxBinding.DecodeCount(await count.ConfigureAwait(false)), new Bytes32(await root.ConfigureAwait(false)));
    }

    /// <summary>
    /// The tree at <paramref name="block"/>, also from a node that no longer has that block's state (a pruned or non-archive
    /// node, a devnet resumed from a state dump): the Mailbox tree is append-only, so if the latest state still holds
    /// <paramref name="expectedCount"/> messages, its root is the root at <paramref name="block"/> (a reorg that changed the
    /// messages shows as a different root and halts the validator, as it must).
    /// </summary>
    /// <exception cref="InvalidOperationException">The state is gone and the chain has more messages since: sign later, once they are indexed.</exception>
    public static async Task<OnChainTree> ReadAtOrUnchangedSinceAsync(RpcClient rpc, Address mailbox, ulong block, long expectedCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        try
        {
            return await ReadAsync(rpc, mailbox, block, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException e) when (e is not ExecutionRevertedException)
        {
            var latest = await rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
            var now = await ReadAsync(rpc, mailbox, latest, cancellationToken).ConfigureAwait(false);
            if (now.Count != expectedCount)
                throw new InvalidOperationException($"the origin node cannot serve block {block} ({e.Message}) and its Mailbox has {now.Count} messages "
                    + $"at block {latest}, not {expectedCount}: signing waits until the newer messages are indexed", e);
            return now with { Block = block };
        }
    }
}
