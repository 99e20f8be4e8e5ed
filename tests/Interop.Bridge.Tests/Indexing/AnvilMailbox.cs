using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Bridge.Devnet;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Tests.Indexing;

/// <summary>A single automining anvil with a Mailbox (and its ISM) deployed, able to dispatch, mine and reorganise.</summary>
internal sealed class AnvilMailbox : IAsyncDisposable
{
    public const uint RemoteDomain = 2;

    private readonly AnvilProcess _anvil;
    private ChainClient _client;

    private AnvilMailbox(AnvilProcess anvil, ChainClient client, EthKey key, Address mailbox)
    {
        _anvil = anvil;
        _client = client;
        Key = key;
        Mailbox = mailbox;
    }

    public uint Domain => (uint)_anvil.ChainId;
    public EthKey Key { get; }
    public Address Mailbox { get; }
    public RpcClient Rpc => _client.Rpc;

    /// <param name="extraArguments">More anvil flags, e.g. <c>--prune-history 1</c> to behave like a node without old state.</param>
    public static async Task<AnvilMailbox> StartAsync(uint domain = 1337, IReadOnlyList<string>? extraArguments = null)
    {
        var anvil = await AnvilProcess.StartAsync(new AnvilOptions { ChainId = domain, Accounts = 1, Name = "anvil mailbox test", ExtraArguments = extraArguments ?? [] });
        try
        {
            var key = new EthereumHdWallet(Mnemonic.Parse(new AnvilOptions { ChainId = domain }.Mnemonic)).GetKey(0);
            var client = new ChainClient(RpcClient.Create(anvil.RpcUrl), domain);
            var ism = await client.DeployAsync(key, ContractDefinition.Get(ContractNames.MultisigIsm), [key.Address]);
            var mailbox = await client.DeployAsync(key, MailboxBinding.Definition, [domain, ism, key.Address]);
            await client.SendAsync(key, mailbox, MailboxBinding.Definition, "enrollRemoteMailbox", [RemoteDomain, Bytes32.FromAddress(key.Address).ToArray()]);
            return new AnvilMailbox(anvil, client, key, mailbox);
        }
        catch
        {
            anvil.Dispose();
            throw;
        }
    }

    /// <summary>Dispatches a free message to the remote domain; returns the block it was mined in.</summary>
    public async Task<ulong> DispatchAsync(string body)
    {
        var receipt = await _client.SendAsync(Key, Mailbox, MailboxBinding.EncodeDispatch(RemoteDomain, Bytes32.FromAddress(Key.Address), 50_000,
            System.Text.Encoding.UTF8.GetBytes(body)), BigInteger.Zero, MailboxBinding.Definition);
        return receipt.BlockNumber;
    }

    public Task MineAsync(int blocks) => Rpc.CallAsync("anvil_mine", [new BigInteger(blocks)]);

    /// <summary>Replaces the newest <paramref name="depth"/> blocks with empty ones (anvil_reorg): their transactions are gone.</summary>
    public async Task ReorgAsync(int depth)
    {
        await Rpc.CallAsync("anvil_reorg", [(ulong)depth, Array.Empty<object>()]);
        // The client keeps its own nonce ahead of the node's; after a reorg the dropped nonces are free again.
        var fresh = new ChainClient(RpcClient.Create(_anvil.RpcUrl), Domain);
        await _client.DisposeAsync();
        _client = fresh;
    }

    public async Task<Bytes32> RootAsync() =>
        new(await Rpc.EthCallAsync(new CallRequest { To = Mailbox, Data = MailboxBinding.Definition.Encode("root") }));

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _anvil.Dispose();
    }
}
