using System.Numerics;
using Interop.Ethereum;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Venues;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

public sealed class QuoteEngineTests
{
    private static readonly Address Wallet = Addr(77);

    private static QuoteRequest Request(TokenInfo from, TokenInfo to, BigInteger amount, TradeType type = TradeType.ExactIn, RouteOrder order = RouteOrder.Cheapest) =>
        new(from, to, amount, type, 50, order, Wallet, Wallet);

    [Fact]
    public void Canonical_usdc_transfer_between_l2s_is_one_to_one_with_the_interchain_gas_paid_on_top()
    {
        var (plans, rejection) = QuoteEngine.Plan(DevnetMarket(), Request(UsdcOn(901), UsdcOn(902), 1_000 * Usdc), new QuoteEngineOptions());
        Assert.Null(rejection);
        var canonical = plans.First(p => p.Kind == "canonical");
        Assert.Equal(1_000 * Usdc, canonical.Output);
        var gas = Assert.Single(canonical.Fees, f => f.Type == "interchainGas");
        Assert.Equal(BridgeFee, gas.Amount);
        Assert.False(gas.Included);
        Assert.Equal(new FillTime(60, 180), canonical.FillTime);
        Assert.Equal(Unlimited, canonical.MaxInput);
    }

    [Fact]
    public void Swap_on_one_chain_charges_the_pool_fee_in_the_input_token()
    {
        var (plans, _) = QuoteEngine.Plan(DevnetMarket(), Request(UsdcOn(901), WethOn(901), 1_000 * Usdc), new QuoteEngineOptions());
        var swap = plans.First(p => p.Kind == "swap");
        Assert.Equal(BigInteger.Parse("332300203003093924"), swap.Output);
        var lp = Assert.Single(swap.Fees, f => f.Type == "lpFee");
        Assert.Equal(3 * Usdc, lp.Amount);
        Assert.Equal(30, lp.Bps);
        Assert.True(lp.Included);
        Assert.Equal(new FillTime(1, 2), swap.FillTime);
    }

    [Fact]
    public void Cross_chain_swap_routes_through_the_bridge_and_the_destination_pool()
    {
        var (plans, rejection) = QuoteEngine.Plan(DevnetMarket(), Request(UsdcOn(901), WethOn(902), 1_000 * Usdc), new QuoteEngineOptions());
        Assert.Null(rejection);
        Assert.Contains(plans, p => p.Kind is "multi-hop" or "split");
        Assert.All(plans, p => Assert.True(p.Output > 0));
    }

    [Fact]
    public void Exact_out_finds_the_smallest_input_that_delivers_the_output()
    {
        var wanted = BigInteger.Parse("332300203003093924");
        var (plans, _) = QuoteEngine.Plan(DevnetMarket(), Request(UsdcOn(901), WethOn(901), wanted, TradeType.ExactOut), new QuoteEngineOptions());
        var swap = plans.First(p => p.Kind == "swap");
        Assert.True(swap.Output >= wanted);
        Assert.True(swap.Input <= 1_000 * Usdc);
    }

    [Fact]
    public void An_amount_past_every_rate_limit_is_refused_naming_the_amount()
    {
        // Direct 900 -> 901 and 900 -> 902 -> 901 take 10k each (a split could move 20k); 50k is past both.
        var limited = DevnetMarket(b => b with { Available = 10_000 * Usdc });
        var (plans, rejection) = QuoteEngine.Plan(limited, Request(UsdcOn(900), UsdcOn(901), 50_000 * Usdc), new QuoteEngineOptions());
        Assert.Empty(plans);
        Assert.Equal("amount", rejection!.Parameter);
        Assert.Contains("10000000000", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transfer_above_the_large_transfer_threshold_includes_the_hold_in_its_eta_and_limits()
    {
        var held = DevnetMarket(b => b with { LargeTransferThreshold = 500 * Usdc });
        var (plans, _) = QuoteEngine.Plan(held, Request(UsdcOn(900), UsdcOn(901), 1_000 * Usdc), new QuoteEngineOptions());
        var canonical = plans.First(p => p.Kind == "canonical");
        Assert.Equal(60 + 3600, canonical.FillTime.P50Seconds);
        Assert.Equal(500 * Usdc, canonical.InstantMaxInput);
    }

    [Fact]
    public void Observed_delivery_times_replace_the_default_eta()
    {
        var snapshot = DevnetMarket().WithFillTimes(new Dictionary<(ulong, ulong, VenueKind), FillTime> { [(901, 902, VenueKind.CanonicalBridge)] = new(12, 20) }, 2);
        var (plans, _) = QuoteEngine.Plan(snapshot, Request(UsdcOn(901), UsdcOn(902), 1_000 * Usdc), new QuoteEngineOptions());
        Assert.Equal(new FillTime(12, 20), plans.First(p => p.Kind == "canonical").FillTime);
    }

    [Fact]
    public void Fastest_order_puts_the_intent_fill_before_the_canonical_bridge()
    {
        // A 2% intent fee: its output ranks below the bridge routes, yet it is the fastest.
        var intent = new IntentEdge { VenueId = "intent:901-902:USDC", Contract = Addr(60), From = UsdcOn(901).Key, To = UsdcOn(902).Key, RelayerFeeBps = 200, Inventory = 1_000_000 * Usdc };
        var devnet = DevnetMarket();
        var snapshot = new MarketSnapshot(devnet.Chains, devnet.Tokens, devnet.Edges.Add(intent));
        var (cheapest, _) = QuoteEngine.Plan(snapshot, Request(UsdcOn(901), UsdcOn(902), 1_000 * Usdc), new QuoteEngineOptions());
        var (fastest, _) = QuoteEngine.Plan(snapshot, Request(UsdcOn(901), UsdcOn(902), 1_000 * Usdc, order: RouteOrder.Fastest), new QuoteEngineOptions());
        Assert.Equal("canonical", cheapest[0].Kind);
        Assert.Single(cheapest[0].Legs[0].Path.Edges);
        Assert.Equal("intent", fastest[0].Kind);
        Assert.Equal(980_000_000, fastest[0].Output);
    }

    [Fact]
    public void An_intent_edge_quotes_nothing_below_its_fillers_minimum_input_and_states_the_minimum_as_the_limit()
    {
        // Fillers whose 5 bps fee must cover 50,000 base units of gas: the smallest order is 100,000,001 (FillerTerms.MinInputFor).
        var minimum = Interop.Bridge.Intents.FillerTerms.MinInputFor(5, 50_000)!.Value;
        Assert.Equal(100_000_001, minimum);
        var intent = new IntentEdge
        {
            VenueId = "intent:901-902:USDC", Contract = Addr(60), From = UsdcOn(901).Key, To = UsdcOn(902).Key, RelayerFeeBps = 5,
            Inventory = 1_000_000 * Usdc, MinInput = minimum,
        };
        Assert.True(intent.AmountOut(minimum - 1).IsZero);
        Assert.Equal(minimum * 9_995 / 10_000, intent.AmountOut(minimum));
        Assert.Equal(minimum, intent.AmountIn(1));
        Assert.Equal((1_000 * Usdc * 10_000 + 9_994) / 9_995, intent.AmountIn(1_000 * Usdc));   // far above: the fee rule alone

        var devnet = DevnetMarket();
        var snapshot = new MarketSnapshot(devnet.Chains, devnet.Tokens, devnet.Edges.Add(intent));
        var (small, _) = QuoteEngine.Plan(snapshot, Request(UsdcOn(901), UsdcOn(902), (long)minimum - 1, order: RouteOrder.Fastest), new QuoteEngineOptions());
        Assert.DoesNotContain(small, p => p.Kind == "intent");
        var (enough, _) = QuoteEngine.Plan(snapshot, Request(UsdcOn(901), UsdcOn(902), (long)minimum, order: RouteOrder.Fastest), new QuoteEngineOptions());
        var route = Assert.Single(enough, p => p.Kind == "intent");
        Assert.Equal(minimum, route.MinInput);
    }

    [Fact]
    public void No_route_between_unconnected_assets_is_refused_naming_the_destination_token()
    {
        var (_, rejection) = QuoteEngine.Plan(DevnetMarket(), Request(WethOn(900), WethOn(901), Weth), new QuoteEngineOptions());
        Assert.Equal("toToken", rejection!.Parameter);
    }
}

public sealed class QuoteEngineSplitTests
{
    [Fact]
    public void A_large_order_on_a_chain_with_two_pools_is_quoted_as_a_split_that_beats_every_single_route()
    {
        var devnet = DevnetMarket();
        var second = Pool(901, 3_000_000 * Usdc, BigInteger.Parse("1000000000000000000000"), id: 1, feeBps: 5);
        var snapshot = new MarketSnapshot(devnet.Chains, devnet.Tokens, devnet.Edges.AddRange(second));
        var request = new QuoteRequest(UsdcOn(901), WethOn(901), 2_000_000 * Usdc, TradeType.ExactIn, 50, RouteOrder.Cheapest, Addr(1), Addr(1));
        var (plans, _) = QuoteEngine.Plan(snapshot, request, new QuoteEngineOptions());
        Assert.Equal("split", plans[0].Kind);
        Assert.Equal(request.Amount, plans[0].Input);
        Assert.All(plans.Skip(1), p => Assert.True(plans[0].Output > p.Output));
        Assert.True(plans[0].Legs.Count >= 2);
    }

    [Fact]
    public void Quoted_output_never_falls_as_the_input_grows()
    {
        var snapshot = DevnetMarket();
        var previous = BigInteger.Zero;
        for (var amount = 1_000 * Usdc; amount <= 5_000_000 * Usdc; amount += 97_000 * Usdc)
        {
            var (plans, _) = QuoteEngine.Plan(snapshot, new QuoteRequest(UsdcOn(901), WethOn(902), amount, TradeType.ExactIn, 50, RouteOrder.Cheapest, Addr(1), Addr(1)), new QuoteEngineOptions());
            Assert.True(plans[0].Output >= previous);
            previous = plans[0].Output;
        }
    }
}
