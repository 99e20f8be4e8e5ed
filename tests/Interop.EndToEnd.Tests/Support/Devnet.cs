using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Bridge.Devnet;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;

namespace Interop.EndToEnd.Tests.Support;

/// <summary>Direct chain access for assertions and set-up: the devnet's manifest, keys, and a client per chain.</summary>
public sealed class Devnet : IAsyncDisposable
{
    private static readonly EthereumHdWallet Wallet = new(Mnemonic.Parse("test test test test test test test test test test test junk"));
    private readonly Dictionary<ulong, ChainClient> _clients = [];

    public Devnet(DevnetManifest manifest) => Manifest = manifest;

    public DevnetManifest Manifest { get; }

    /// <summary>The CLI's default signer: the first devnet market maker (HD 14).</summary>
    public static EthKey MarketMaker { get; } = Wallet.GetKey(DevnetAccounts.FirstMarketMaker);

    public static EthKey Deployer { get; } = Wallet.GetKey(DevnetAccounts.Deployer);

    public static EthKey Key(int index) => Wallet.GetKey(index);

    public ChainClient Chain(ulong chainId)
    {
        if (!_clients.TryGetValue(chainId, out var client))
            _clients[chainId] = client = new ChainClient(RpcClient.Create(new Uri(Manifest.Chain(chainId).Rpc)), chainId);
        return client;
    }

    public Address Contract(ulong chainId, string name) => Address.Parse(Manifest.Chain(chainId).Contracts[name]);

    public async Task<BigInteger> UsdcBalanceAsync(ulong chainId, Address owner)
    {
        var erc20 = ContractDefinition.Get(ContractNames.TestErc20);
        return erc20.DecodeOutput("balanceOf", await Chain(chainId).CallAsync(Contract(chainId, "USDC"), erc20.Encode("balanceOf", owner))).Get<BigInteger>(0);
    }

    /// <summary>Every Processed log of the destination Mailbox for <paramref name="id"/> since genesis.</summary>
    public async Task<int> ProcessedCountAsync(ulong destination, Bytes32 id)
    {
        var logs = await Chain(destination).Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [Contract(destination, "Mailbox")],
            Topics = [[MailboxBinding.ProcessedTopic], [id.ToArray()]],
            FromBlock = BlockParameter.AtNumber(0),
            ToBlock = BlockParameter.Latest,
        });
        return logs.Count;
    }

    public async Task<bool> DeliveredAsync(ulong destination, uint origin, ulong nonce) =>
        MailboxBinding.DecodeDelivered(await Chain(destination).CallAsync(Contract(destination, "Mailbox"), MailboxBinding.EncodeDelivered(origin, nonce)));

    /// <summary>Opens a 1 ETH long on <paramref name="chainId"/> for the market maker with <paramref name="margin"/> USDC base units; returns its id.</summary>
    public async Task<BigInteger> OpenPositionAsync(ulong chainId, BigInteger margin)
    {
        var client = Chain(chainId);
        var manager = Contract(chainId, "PositionManager");
        var abi = ContractDefinition.Get(ContractNames.PositionManager);
        await client.SendAsync(MarketMaker, Contract(chainId, "USDC"), ContractDefinition.Get(ContractNames.TestErc20), "approve", [manager, margin]);
        var receipt = await client.SendAsync(MarketMaker, manager, abi, "open", [DevnetDeployer.EthUsdMarket.ToArray(), true, BigInteger.Pow(10, 18), margin]);
        var opened = receipt.Logs.Single(l => l.Address == manager && l.Topics[0].AsSpan().SequenceEqual(abi.Topic0("PositionOpened")));
        return new BigInteger(opened.Topics[1], isUnsigned: true, isBigEndian: true);
    }

    public async Task<Address> PositionOwnerAsync(ulong chainId, BigInteger positionId)
    {
        var abi = ContractDefinition.Get(ContractNames.PositionManager);
        return abi.DecodeOutput("positions", await Chain(chainId).CallAsync(Contract(chainId, "PositionManager"), abi.Encode("positions", positionId))).Get<Address>(0);
    }

    /// <summary>Enables or disables the devnet's ETH-USD market on <paramref name="chainId"/> (owner call).</summary>
    public Task SetMarketEnabledAsync(ulong chainId, bool enabled) =>
        Chain(chainId).SendAsync(Deployer, Contract(chainId, "PositionManager"), ContractDefinition.Get(ContractNames.PositionManager), "setMarket",
            [DevnetDeployer.EthUsdMarket.ToArray(), enabled, (ushort)1000, (ushort)500, (ushort)100]);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values) await client.DisposeAsync();
    }
}
