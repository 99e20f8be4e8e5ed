using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Bridge.Devnet;
using Interop.Bridge.Validation;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Errors;

namespace Interop.Bridge.Tests.Validation;

/// <summary>Reading the origin Mailbox's tree at a block the origin node no longer keeps state for (pruned / resumed nodes).</summary>
public sealed class OnChainTreeReaderTests
{
    [Fact]
    public async Task A_pruned_block_is_read_from_the_latest_state_only_while_no_message_was_dispatched_since()
    {
        // Anvil keeping only the newest state: older blocks cannot be read, as on a non-archive node.
        using var anvil = await AnvilProcess.StartAsync(new AnvilOptions { ChainId = 901, ExtraArguments = ["--prune-history", "1"] });
        await using var chain = new ChainClient(RpcClient.Create(anvil.RpcUrl), 901);
        var owner = new EthereumHdWallet(Mnemonic.Parse(new AnvilOptions { ChainId = 1 }.Mnemonic)).GetKey(0);
        var mailboxDefinition = ContractDefinition.Get(ContractNames.Mailbox);
        var mailbox = await chain.DeployAsync(owner, mailboxDefinition, [901u, owner.Address, owner.Address]);
        await chain.SendAsync(owner, mailbox, mailboxDefinition, "enrollRemoteMailbox", [902u, Bytes32.FromAddress(owner.Address).ToArray()]);

        async Task<ulong> Dispatch() => (await chain.SendAsync(owner, mailbox, mailboxDefinition, "dispatch",
            [902u, Bytes32.FromAddress(owner.Address).ToArray(), 50_000u, new byte[] { 1 }], BigInteger.Zero)).BlockNumber;

        var first = await Dispatch();
        var expected = await OnChainTreeReader.ReadAsync(chain.Rpc, mailbox, first);
        Assert.Equal(1, expected.Count);
        // Later blocks push the dispatch block's state out of the pruned history.
        for (var i = 0; i < 3; i++) await chain.Rpc.CallAsync<string>("evm_mine", []);
        await Assert.ThrowsAnyAsync<JsonRpcException>(() => OnChainTreeReader.ReadAsync(chain.Rpc, mailbox, first));

        // Unchanged since (count still 1): the latest root is the root at that block.
        Assert.Equal(expected, await OnChainTreeReader.ReadAtOrUnchangedSinceAsync(chain.Rpc, mailbox, first, expectedCount: 1));

        // A newer dispatch: the old block's tree can no longer be known; the caller waits for the newer leaf.
        await Dispatch();
        for (var i = 0; i < 3; i++) await chain.Rpc.CallAsync<string>("evm_mine", []);
        var wait = await Assert.ThrowsAsync<InvalidOperationException>(() => OnChainTreeReader.ReadAtOrUnchangedSinceAsync(chain.Rpc, mailbox, first, expectedCount: 1));
        Assert.Contains("has 2 messages", wait.Message, StringComparison.Ordinal);
    }
}
