using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

public sealed class TransactionBuilderTests
{
    private static async Task<QuoteRoute> QuoteAsync(TokenInfoPair pair, long amount, int slippageBps = 50)
    {
        var store = new SnapshotStore();
        store.Publish(DevnetMarket());
        using var service = new QuoteService(Settings(), store, TimeProvider.System);
        return (await service.QuoteAsync(new QuoteRequest(pair.From, pair.To, amount, TradeType.ExactIn, slippageBps, RouteOrder.Cheapest, Addr(77), Addr(78)))).Response!.Routes[0];
    }

    private sealed record TokenInfoPair(Interop.Router.Venues.TokenInfo From, Interop.Router.Venues.TokenInfo To);

    [Fact]
    public async Task A_canonical_route_is_an_approve_of_the_bridge_then_transfer_remote_paying_the_fee()
    {
        var route = await QuoteAsync(new(UsdcOn(901), UsdcOn(902)), 1_000_000_000);
        var bridge = TestMarket.Bridge(901, 902).Contract;
        Assert.Equal(2, route.Transactions.Count);
        var approve = route.Transactions[0];
        Assert.Equal(UsdcOn(901).Address.ToString(), approve.To);
        Assert.Equal(Hex.Encode(ContractDefinition.Get(ContractNames.TestErc20).Encode("approve", bridge, new System.Numerics.BigInteger(1_000_000_000))), approve.Data);
        Assert.Equal("0", approve.Value);
        var send = route.Transactions[1];
        Assert.Equal(bridge.ToString(), send.To);
        Assert.Equal(Hex.Encode(ContractDefinition.Get(ContractNames.TokenBridge).Encode("transferRemote", 902u, Bytes32.FromAddress(Addr(78)).ToArray(), new System.Numerics.BigInteger(1_000_000_000))), send.Data);
        Assert.Equal(BridgeFee.ToString(), send.Value);
        Assert.All(route.Transactions, t => Assert.Equal(901ul, t.ChainId));
    }

    [Fact]
    public async Task A_swap_pays_the_recipient_and_enforces_the_slippage_bound_on_chain()
    {
        var route = await QuoteAsync(new(UsdcOn(901), WethOn(901)), 1_000_000_000, slippageBps: 30);
        var minOut = TransactionBuilder.MinOutput(System.Numerics.BigInteger.Parse(route.ExpectedOutput), 30);
        Assert.Equal(minOut.ToString(), route.MinOutput);
        var pool = Pool(901, 1, 1)[0].Contract;
        Assert.Equal(Hex.Encode(ContractDefinition.Get(ContractNames.ConstantProductPool).Encode("swap", UsdcOn(901).Address, new System.Numerics.BigInteger(1_000_000_000), minOut, Addr(78))), route.Transactions[1].Data);
    }
}
