using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Intents;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.Router.Quoting;
using Interop.Router.Status;
using Interop.Router.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Router.Tests.Devnet;

/// <summary>
/// The quoted-order watcher on a real devnet: it finds intent orders opened with one of the router's quote ids, and after a
/// restart it goes on from its saved cursor, so an order opened while it was down is found however far back it lies.
/// </summary>
public sealed class QuotedOrderWatcherDevnetTests : IDisposable
{
    private const uint L2a = 901;
    private const uint L2b = 902;
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-order-cursor-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Orders_with_the_routers_quote_ids_are_found_and_a_restart_goes_on_from_the_saved_cursor()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var options = new DevnetOptions { Chains = DevnetOptions.DefaultChains() };
        var deployer = new DevnetDeployer(options, NullLogger.Instance);
        await using var devnet = await LocalDevnet.StartAsync(options, deployer.DeployAsync, NullLogger.Instance, ct);
        var journal = Path.Combine(_dir, "router-status.jsonl");
        var settings = RouterSettings.FromManifest(devnet.Manifest, options.Mnemonic) with { StatusJournalPath = journal };
        var ids = new QuoteIds(settings.QuoteKey);
        var wallet = deployer.MarketMakerKeys[1];
        await using var chainA = new ChainClient(RpcClient.Create(new Uri(devnet.Manifest.Chain(L2a).Rpc)), L2a);
        await using var chains = new ChainReader(settings);
        QuotedOrderWatcher Watcher(RouterSettings s, TransferStatusStore store) =>
            new(s, store, chains, ids, TimeProvider.System, NullLogger<QuotedOrderWatcher>.Instance) { LookbackBlocks = 10 };

        var first = await OpenAsync(devnet, chainA, ids, wallet, 1, ct);
        var store = new TransferStatusStore(journal);
        var watcher = Watcher(settings, store);
        await watcher.RefreshAsync(ct);
        Assert.Equal(TransferStatus.Filling, store.Find(first)!.Status);
        Assert.Equal(1, watcher.Found);
        Assert.True(File.Exists(journal + ".order-cursors.json"));

        // Down: another order is opened, then 50 blocks pass (far more than the 10 a first read looks back).
        var second = await OpenAsync(devnet, chainA, ids, wallet, 2, ct);
        await chainA.Rpc.CallAsync("anvil_mine", ["0x32"], ct);

        // Without the saved cursor (no journal) the order is out of reach; with it, the restart finds it.
        var fresh = new TransferStatusStore();
        await Watcher(settings with { StatusJournalPath = null }, fresh).RefreshAsync(ct);
        Assert.Null(fresh.Find(second));
        var restartedStore = new TransferStatusStore(journal);
        var restarted = Watcher(settings, restartedStore);
        await restarted.RefreshAsync(ct);
        Assert.Equal(TransferStatus.Filling, restartedStore.Find(second)!.Status);
        Assert.Equal(TransferStatus.Filling, restartedStore.Find(first)!.Status);
        Assert.Equal(1, restarted.Found);

        // A cursor past the chain's head (the devnet was reset) is not trusted: the watcher looks back instead.
        var head = await chainA.Rpc.BlockNumberAsync(ct);
        File.WriteAllText(journal + ".order-cursors.json", $"{{\"{L2a}\":{head + 1_000_000}}}");
        var third = await OpenAsync(devnet, chainA, ids, wallet, 3, ct);
        var afterReset = new TransferStatusStore();
        await Watcher(settings, afterReset).RefreshAsync(ct);
        Assert.Equal(TransferStatus.Filling, afterReset.Find(third)!.Status);
    }

    /// <summary>Opens a 1 USDC intent order L2a -> L2b from <paramref name="wallet"/> whose salt is a new quote id; returns the id.</summary>
    private static async Task<string> OpenAsync(LocalDevnet devnet, ChainClient chain, QuoteIds ids, EthKey wallet, int n, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = new byte[QuoteIds.Length];
        ids.Issue(id, now, now + 60, now + 660, BitConverter.GetBytes((long)n));
        var a = devnet.Manifest.Chain(L2a);
        var pool = Address.Parse(a.Contracts["IntentPool"]);
        var usdc = Address.Parse(a.Contracts["USDC"]);
        var order = new IntentOrder(L2a, L2b, wallet.Address, wallet.Address, usdc, 1_000_000, Address.Parse(devnet.Manifest.Chain(L2b).Contracts["USDC"]), 999_000,
            (uint)(now + 660), Address.Zero, 0, new BigInteger(id, isUnsigned: true, isBigEndian: true));
        await chain.SendAsync(wallet, usdc, ContractDefinition.Get(ContractNames.TestErc20), "approve", [pool, new BigInteger(1_000_000)], null, ct);
        await chain.SendAsync(wallet, pool, IntentPoolAbi.Definition, "open", [order.ToAbiTuple()], null, ct);
        return Hex.Encode(id);
    }
}
