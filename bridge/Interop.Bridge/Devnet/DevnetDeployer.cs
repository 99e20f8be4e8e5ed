using System.Buffers.Binary;
using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Bridge.Configuration;
using Interop.Bridge.Protocol;
using Interop.Bridge.Relaying;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Signing;
using Interop.Ethereum.TypedData;
using Microsoft.Extensions.Logging;

namespace Interop.Bridge.Devnet;

/// <summary>
/// Deploys and wires the whole protocol on fresh devnet chains: mailboxes and ISMs with the validator set on every
/// chain, the canonical collateral bridge (USDC locked on L1, bridged USDC minted on the L2s by real delivered
/// messages), intent pools, validator stakes on L1, and on each L2 a price feed, a perp market and a USDC/WETH pool;
/// market makers are funded on every chain.
/// </summary>
public sealed class DevnetDeployer
{
    /// <summary>Whole USDC (6 decimals) the devnet locks on L1 and bridges to each L2 at start.</summary>
    public static readonly BigInteger BridgedPerL2 = 50_000_000 * Usdc;

    /// <summary>Bridged USDC each market maker holds on each L2, and L1 USDC on L1.</summary>
    public static readonly BigInteger MarketMakerUsdc = 5_000_000 * Usdc;

    /// <summary>WETH (18 decimals) each market maker holds on every chain.</summary>
    public static readonly BigInteger MarketMakerWeth = 1_000 * Weth;

    /// <summary>The devnet's perp market id: keccak256("ETH-USD").</summary>
    public static readonly Bytes32 EthUsdMarket = new(Keccak256.HashUtf8("ETH-USD"));

    /// <summary>The oracle's ETH price at start: 3000 USD with 18 decimals.</summary>
    public static readonly BigInteger EthPrice = 3000 * BigInteger.Pow(10, 18);

    private const long Usdc = 1_000_000;
    private static readonly BigInteger Weth = BigInteger.Pow(10, 18);
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private const int MarketMakers = 3;

    private readonly DevnetOptions _options;
    private readonly ILogger _logger;
    private readonly EthereumHdWallet _wallet;
    private CancellationToken _cancellation;

    public DevnetDeployer(DevnetOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _wallet = new EthereumHdWallet(Mnemonic.Parse(options.Mnemonic));
        Deployer = _wallet.GetKey(DevnetAccounts.Deployer);
        Validators = Enumerable.Range(DevnetAccounts.FirstValidator, options.Validators).Select(i => _wallet.GetKey(i)).ToList();
        Oracle = _wallet.GetKey(DevnetAccounts.Oracle);
        MarketMakerKeys = Enumerable.Range(DevnetAccounts.FirstMarketMaker, MarketMakers).Select(i => _wallet.GetKey(i)).ToList();
        Filler = _wallet.GetKey(DevnetAccounts.Filler);
    }

    public EthKey Deployer { get; }
    public IReadOnlyList<EthKey> Validators { get; }
    public EthKey Oracle { get; }
    public IReadOnlyList<EthKey> MarketMakerKeys { get; }

    /// <summary>The intent filler: holds <see cref="MarketMakerUsdc"/> on every chain (its inventory).</summary>
    public EthKey Filler { get; }

    /// <summary>Deploys everything and returns the manifest; every chain must be fresh and on automine.</summary>
    public async Task<DevnetManifest> DeployAsync(IReadOnlyList<DevnetChain> chains, CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken;
        var clients = new List<ChainClient>();
        try
        {
            foreach (var chain in chains)
                clients.Add(new ChainClient(RpcClient.Create(chain.Anvil.RpcUrl), chain.Options.ChainId));
            var deployments = await Task.WhenAll(chains.Select((c, i) => DeployChainAsync(c.Options, clients[i], c.Anvil.RpcUrl, cancellationToken))).ConfigureAwait(false);
            await Task.WhenAll(deployments.Select(d => WireAsync(d, deployments, cancellationToken))).ConfigureAwait(false);
            await BridgeCollateralAsync(deployments, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(deployments.Where(d => d.Options.Layer == ChainLayer.L2).Select(d => SeedL2Async(d, cancellationToken))).ConfigureAwait(false);

            // Switch from automine (fast set-up) to the configured block times.
            foreach (var (chain, client) in chains.Zip(clients))
                if (chain.Options.BlockTimeSeconds > 0)
                    await client.Rpc.CallAsync("evm_setIntervalMining", [(ulong)Math.Ceiling(chain.Options.BlockTimeSeconds)], cancellationToken).ConfigureAwait(false);

            return new DevnetManifest
            {
                Chains = deployments.Select(d => new DevnetManifestChain
                {
                    Name = d.Options.Name,
                    ChainId = d.Options.ChainId,
                    Rpc = d.Rpc.ToString().TrimEnd('/'),
                    Contracts = d.Contracts.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal),
                    Accounts = Accounts(),
                }).ToList(),
            };
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Dictionary<string, string> Accounts()
    {
        var accounts = new Dictionary<string, string>(StringComparer.Ordinal) { ["deployer"] = Deployer.Address.ToString(), ["oracle"] = Oracle.Address.ToString() };
        for (var i = 0; i < Validators.Count; i++) accounts[$"validator{i}"] = Validators[i].Address.ToString();
        for (var i = 0; i < MarketMakerKeys.Count; i++) accounts[$"marketMaker{i}"] = MarketMakerKeys[i].Address.ToString();
        accounts["filler"] = Filler.Address.ToString();
        return accounts;
    }

    private sealed record ChainDeployment(DevnetChainOptions Options, ChainClient Client, Uri Rpc, Dictionary<string, Address> Contracts)
    {
        public uint Domain => (uint)Options.ChainId;
        public Address this[string name] => Contracts[name];
    }

    private async Task<ChainDeployment> DeployChainAsync(DevnetChainOptions options, ChainClient client, Uri rpc, CancellationToken ct)
    {
        var owner = Deployer.Address;
        var contracts = new Dictionary<string, Address>(StringComparer.Ordinal);
        var isL1 = options.Layer == ChainLayer.L1;
        async Task<Address> Deploy(string key, string contract, params object?[] args)
        {
            var address = await client.DeployAsync(Deployer, ContractDefinition.Get(contract), args, ct).ConfigureAwait(false);
            contracts[key] = address;
            return address;
        }

        var ism = await Deploy("MultisigIsm", ContractNames.MultisigIsm, owner).ConfigureAwait(false);
        var mailbox = await Deploy("Mailbox", ContractNames.Mailbox, (uint)options.ChainId, ism, owner).ConfigureAwait(false);
        var usdc = isL1
            ? await Deploy("USDC", ContractNames.TestErc20, "USD Coin", "USDC", (byte)6, 10_000 * Usdc, owner).ConfigureAwait(false)
            : await Deploy("USDC", ContractNames.BridgedToken, "Interop Bridged USDC", "USDC", (byte)6, owner).ConfigureAwait(false);
        var weth = await Deploy("WETH", ContractNames.TestErc20, "Wrapped Ether", "WETH", (byte)18, 10 * Weth, owner).ConfigureAwait(false);
        var bridge = await Deploy("TokenBridge", ContractNames.TokenBridge, mailbox, usdc, isL1, 3600UL, owner).ConfigureAwait(false);
        await Deploy("IntentPool", ContractNames.IntentPool, mailbox, owner).ConfigureAwait(false);
        if (isL1)
        {
            var registry = await Deploy("ValidatorRegistry", ContractNames.ValidatorRegistry, 7UL * 24 * 3600, (ushort)1000, Ether, owner).ConfigureAwait(false);
            var registryDef = ContractDefinition.Get(ContractNames.ValidatorRegistry);
            foreach (var validator in Validators)
                await client.SendAsync(validator, registry, registryDef, "stake", [], 10 * Ether, ct).ConfigureAwait(false);
        }
        else
        {
            await Send(client, usdc, ContractNames.BridgedToken, "setMinter", bridge, true).ConfigureAwait(false);
            var feed = await Deploy("PriceFeed", ContractNames.PriceFeed, Oracle.Address, 7UL * 24 * 3600, owner).ConfigureAwait(false);
            var positions = await Deploy("PositionManager", ContractNames.PositionManager, bridge, feed, owner).ConfigureAwait(false);
            await Send(client, positions, ContractNames.PositionManager, "setMarket", EthUsdMarket.ToArray(), true, (ushort)1000, (ushort)500, (ushort)100).ConfigureAwait(false);
            await Deploy("Pool", ContractNames.ConstantProductPool, usdc, weth, "Interop USDC/WETH LP", "ULP").ConfigureAwait(false);
        }
        _logger.LogInformation("Deployed {ContractCount} contracts on chain {ChainId}", contracts.Count, options.ChainId);
        return new ChainDeployment(options, client, rpc, contracts);
    }

    private async Task WireAsync(ChainDeployment local, IReadOnlyList<ChainDeployment> all, CancellationToken ct)
    {
        var validatorAddresses = Validators.Select(v => v.Address).Order().ToArray();
        foreach (var remote in all.Where(r => r != local))
        {
            await Send(local.Client, local["Mailbox"], ContractNames.Mailbox, "enrollRemoteMailbox", remote.Domain, Bytes32.FromAddress(remote["Mailbox"]).ToArray()).ConfigureAwait(false);
            // Destination gas is priced at 1 gwei of origin native token per unit, plus a fixed 50k overhead.
            await Send(local.Client, local["Mailbox"], ContractNames.Mailbox, "setGasConfig", remote.Domain, new BigInteger(1_000_000_000), 50_000UL).ConfigureAwait(false);
            await Send(local.Client, local["MultisigIsm"], ContractNames.MultisigIsm, "setValidators", remote.Domain, validatorAddresses, (byte)_options.Threshold).ConfigureAwait(false);
            await Send(local.Client, local["TokenBridge"], ContractNames.TokenBridge, "enrollRemoteRouter", remote.Domain, Bytes32.FromAddress(remote["TokenBridge"]).ToArray()).ConfigureAwait(false);
            await Send(local.Client, local["IntentPool"], ContractNames.IntentPool, "enrollRemoteRouter", remote.Domain, Bytes32.FromAddress(remote["IntentPool"]).ToArray()).ConfigureAwait(false);
            if (local.Options.Layer == ChainLayer.L2 && remote.Options.Layer == ChainLayer.L2)
                await Send(local.Client, local["PositionManager"], ContractNames.PositionManager, "enrollRemoteManager", remote.Domain, Bytes32.FromAddress(remote["PositionManager"]).ToArray()).ConfigureAwait(false);
        }
    }

    /// <summary>Locks USDC on L1 and delivers the bridge messages to every L2 through the real protocol path.</summary>
    private async Task BridgeCollateralAsync(IReadOnlyList<ChainDeployment> all, CancellationToken ct)
    {
        var l1 = all.Single(d => d.Options.Layer == ChainLayer.L1);
        var l2s = all.Where(d => d.Options.Layer == ChainLayer.L2).ToList();
        var erc20 = ContractNames.TestErc20;
        var total = BridgedPerL2 * l2s.Count + MarketMakerUsdc * (MarketMakers + 1);
        await Send(l1.Client, l1["USDC"], erc20, "mint", Deployer.Address, total).ConfigureAwait(false);
        await Send(l1.Client, l1["USDC"], erc20, "approve", l1["TokenBridge"], BridgedPerL2 * l2s.Count).ConfigureAwait(false);
        var bridgeDef = ContractDefinition.Get(ContractNames.TokenBridge);
        foreach (var l2 in l2s)
        {
            var fee = HexBigInteger.FromBytes(await l1.Client.CallAsync(l1["TokenBridge"], bridgeDef.Encode("quoteTransferRemote", l2.Domain), null, ct).ConfigureAwait(false));
            await l1.Client.SendAsync(Deployer, l1["TokenBridge"], bridgeDef, "transferRemote", [l2.Domain, Bytes32.FromAddress(Deployer.Address).ToArray(), BridgedPerL2], fee, ct).ConfigureAwait(false);
        }
        foreach (var mm in MarketMakerKeys)
        {
            await Send(l1.Client, l1["USDC"], erc20, "transfer", mm.Address, MarketMakerUsdc).ConfigureAwait(false);
            await Send(l1.Client, l1["WETH"], erc20, "mint", mm.Address, MarketMakerWeth).ConfigureAwait(false);
        }
        await Send(l1.Client, l1["USDC"], erc20, "transfer", Filler.Address, MarketMakerUsdc).ConfigureAwait(false);

        var index = new OriginIndex(l1.Domain, l1["Mailbox"]);
        await index.SyncAsync(l1.Client.Rpc, await l1.Client.Rpc.BlockNumberAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        foreach (var l2 in l2s)
        {
            var messages = index.Messages.Where(m => m.Destination == l2.Domain).ToList();
            var checkpoint = new Checkpoint(l1.Domain, Bytes32.FromAddress(l1["Mailbox"]), index.Tree.Root(), (uint)(index.Tree.Count - 1));
            var signatures = Validators.Take(_options.Threshold).Select(checkpoint.Sign);
            var batch = BatchBuilder.Build(index.Tree, index.Tree.Count, l1.Domain, checkpoint.OriginMailbox, messages, signatures);
            var receipt = await l2.Client.SendAsync(Deployer, l2["Mailbox"], batch.EncodeCall(), BigInteger.Zero, MailboxBinding.Definition, ct).ConfigureAwait(false);
            var failed = receipt.Logs.Count(l => l.Topics.Count > 0 && l.Topics[0].AsSpan().SequenceEqual(MailboxBinding.ProcessFailedTopic));
            if (failed > 0) throw new InvalidOperationException($"{failed} collateral message(s) failed on chain {l2.Domain}");
            _logger.LogInformation("Bridged {Amount} USDC base units from chain {Origin} to chain {Destination}", BridgedPerL2, l1.Domain, l2.Domain);
        }
    }

    private async Task SeedL2Async(ChainDeployment l2, CancellationToken ct)
    {
        var token = ContractNames.BridgedToken;
        var erc20 = ContractNames.TestErc20;
        foreach (var mm in MarketMakerKeys)
        {
            await Send(l2.Client, l2["USDC"], token, "transfer", mm.Address, MarketMakerUsdc).ConfigureAwait(false);
            await Send(l2.Client, l2["WETH"], erc20, "mint", mm.Address, MarketMakerWeth).ConfigureAwait(false);
        }
        await Send(l2.Client, l2["USDC"], token, "transfer", Filler.Address, MarketMakerUsdc).ConfigureAwait(false);

        // Pool at the oracle price: 10M USDC against 3333 WETH.
        var poolUsdc = 10_000_000 * Usdc;
        var poolWeth = poolUsdc * BigInteger.Pow(10, 12) * BigInteger.Pow(10, 18) / EthPrice;
        await Send(l2.Client, l2["WETH"], erc20, "mint", Deployer.Address, poolWeth).ConfigureAwait(false);
        await Send(l2.Client, l2["USDC"], token, "approve", l2["Pool"], poolUsdc).ConfigureAwait(false);
        await Send(l2.Client, l2["WETH"], erc20, "approve", l2["Pool"], poolWeth).ConfigureAwait(false);
        await Send(l2.Client, l2["Pool"], ContractNames.ConstantProductPool, "addLiquidity", poolUsdc, poolWeth, BigInteger.Zero, Deployer.Address).ConfigureAwait(false);

        // The perp pool is the counterparty of every position; fund it and publish a first price.
        var perpPool = 10_000_000 * Usdc;
        await Send(l2.Client, l2["USDC"], token, "approve", l2["PositionManager"], perpPool).ConfigureAwait(false);
        await Send(l2.Client, l2["PositionManager"], ContractNames.PositionManager, "fundPool", perpPool).ConfigureAwait(false);
        var block = await l2.Client.Rpc.GetBlockByNumberAsync(Interop.Ethereum.Rpc.Model.BlockParameter.Latest, false, ct).ConfigureAwait(false);
        var timestamp = block!.Timestamp;
        await Send(l2.Client, l2["PriceFeed"], ContractNames.PriceFeed, "updatePrice", EthUsdMarket.ToArray(), EthPrice, timestamp, SignPrice(EthUsdMarket, EthPrice, timestamp)).ConfigureAwait(false);
        _logger.LogInformation("Seeded pool, perp market and market makers on chain {ChainId}", l2.Domain);
    }

    /// <summary>The oracle's EIP-191 signature over keccak("INTEROP_PRICE" ‖ market ‖ price u256 ‖ timestamp u64).</summary>
    public byte[] SignPrice(Bytes32 market, BigInteger price, ulong timestamp)
    {
        var buffer = new byte[13 + 32 + 32 + 8];
        "INTEROP_PRICE"u8.CopyTo(buffer);
        market.Span.CopyTo(buffer.AsSpan(13));
        HexBigInteger.ToBytes(price, 32).CopyTo(buffer, 45);
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(77), timestamp);
        return PersonalMessage.Sign(Oracle, Keccak256.Hash(buffer)).ToBytes65();
    }

    private Task Send(ChainClient client, Address to, string contract, string function, params object?[] args) =>
        client.SendAsync(Deployer, to, ContractDefinition.Get(contract), function, args, cancellationToken: _cancellation);

}
