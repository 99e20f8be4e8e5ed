using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc;
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
}
