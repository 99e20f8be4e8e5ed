using Interop.Ethereum;
using Interop.Relayers.Filling;

namespace Interop.Relayers.Tests.Filling;

public sealed class RebalanceStateTests
{
    private static readonly Address Usdc900 = Address.Parse("0x0000000000000000000000000000000000000a00");
    private static readonly Address Usdc901 = Address.Parse("0x0000000000000000000000000000000000000a01");

    [Fact]
    public void A_move_id_is_deterministic_and_names_token_route_and_number()
    {
        Assert.Equal("rebalance:USDC:901->900:3", RebalanceState.MoveId(new RebalanceStarted(3, "USDC", 901, 900, 5, 10)));
        Assert.Equal("rebalance:USDC:901->900:3:approve", RebalanceState.ApproveId("rebalance:USDC:901->900:3"));
    }

    [Fact]
    public void A_move_is_in_flight_from_its_start_until_it_finished_and_numbers_are_never_reused()
    {
        var state = new RebalanceState();
        var started = new RebalanceStarted(0, "USDC", 901, 900, 500, 10);
        var id = RebalanceState.MoveId(started);
        state.Apply(started);
        Assert.True(state.HasMoveTo("USDC", 900));
        Assert.False(state.HasMoveTo("USDC", 901));
        Assert.False(state.HasMoveTo("WETH", 900));
        state.Apply(new RebalanceApproved(id));
        state.Apply(new RebalanceSent(id, default, 42));
        Assert.Equal(new RebalanceMove(started, true, 42), state.InFlight[id]);
        state.Apply(new RebalanceFinished(id, true, 50, null));
        Assert.False(state.HasMoveTo("USDC", 900));
        Assert.Equal((1L, 1, 0), (state.NextNumber, state.Arrived, state.Failed));

        state.Apply(new RebalanceStarted(1, "USDC", 901, 900, 500, 60));
        state.Apply(new RebalanceFinished("rebalance:USDC:901->900:1", false, 0, "the transfer reverted"));
        Assert.Equal((2L, 1, 1), (state.NextNumber, state.Arrived, state.Failed));
    }

    [Fact]
    public void A_held_move_stays_in_flight_waiting_for_its_claim_until_it_arrived()
    {
        var state = new RebalanceState();
        var started = new RebalanceStarted(0, "USDC", 901, 900, 500, 10);
        var id = RebalanceState.MoveId(started);
        state.Apply(started);
        Assert.Equal(RebalanceStage.Approve, state.InFlight[id].Stage);
        // A hold seen before the move is known sent is ignored (the rebalancer only looks for holds of sent moves).
        state.Apply(new RebalanceHeld(id, 1, 100, 40));
        Assert.Null(state.InFlight[id].Hold);
        state.Apply(new RebalanceApproved(id));
        Assert.Equal(RebalanceStage.Transfer, state.InFlight[id].Stage);
        state.Apply(new RebalanceSent(id, default, 42));
        Assert.Equal(RebalanceStage.Arrival, state.InFlight[id].Stage);

        state.Apply(new RebalanceHeld(id, 7, 1_700_000_005, 44));
        Assert.Equal(new RebalanceMove(started, true, 42, new RebalanceHold(7, 1_700_000_005)), state.InFlight[id]);
        Assert.Equal(RebalanceStage.Claim, state.InFlight[id].Stage);
        Assert.True(state.HasMoveTo("USDC", 900));
        Assert.Equal((1, 0, 1), (state.Held, state.Arrived, state.InFlight.Count));

        // The claim's TransferReceived ends it as arrived (whoever claimed).
        state.Apply(new RebalanceFinished(id, true, 50, null));
        Assert.Empty(state.InFlight);
        Assert.Equal((1, 1, 0), (state.Held, state.Arrived, state.Failed));
        Assert.Equal("rebalance:USDC:901->900:0:claim", RebalanceState.ClaimId(id));
        Assert.Equal("rebalance:USDC:901->900:0:claim:2", RebalanceState.ClaimId(id, 2));
    }

    [Fact]
    public void A_move_is_reserved_on_its_source_until_a_read_shows_it_sent_and_incoming_on_its_destination_until_a_read_shows_it_arrived()
    {
        var book = new InventoryBook();
        book.ObserveBalance(901, Usdc901, 1_000, 10);
        book.ObserveBalance(900, Usdc900, 100, 10);
        var move = new MoveReservation("m", 901, Usdc901, 900, Usdc900, 600);
        Assert.NotNull(book.TryReserveMove(move with { MoveId = "too-much", Amount = 1_001 }));
        Assert.Null(book.TryReserveMove(move));
        Assert.Null(book.TryReserveMove(move));
        Assert.Equal((400, 600), ((int)book.Available(901, Usdc901), (int)book.Incoming(900, Usdc900)));

        book.MoveSent("m", 12);
        book.ObserveBalance(901, Usdc901, 1_000, 11); // a read before the transfer's block: still reserved
        Assert.Equal(400, book.Available(901, Usdc901));
        book.ObserveBalance(901, Usdc901, 400, 12);
        Assert.Equal(400, book.Available(901, Usdc901));
        Assert.Equal(600, book.Incoming(900, Usdc900));

        book.MoveArrived("m", 20);
        book.ObserveBalance(900, Usdc900, 100, 19);
        Assert.Equal(600, book.Incoming(900, Usdc900));
        Assert.Contains("m", book.MoveIds);
        book.ObserveBalance(900, Usdc900, 700, 20);
        Assert.Equal((0, 700), ((int)book.Incoming(900, Usdc900), (int)book.Available(900, Usdc900)));
        Assert.DoesNotContain("m", book.MoveIds);
    }

    [Fact]
    public void A_released_move_gives_its_amount_back_to_the_source()
    {
        var book = new InventoryBook();
        book.ObserveBalance(901, Usdc901, 1_000, 10);
        Assert.Null(book.TryReserveMove(new MoveReservation("m", 901, Usdc901, 900, Usdc900, 600)));
        book.ReleaseMove("m");
        Assert.Equal((1_000, 0), ((int)book.Available(901, Usdc901), (int)book.Incoming(900, Usdc900)));
        Assert.Empty(book.MoveIds);
    }

    [Fact]
    public void Settings_name_every_bad_rebalancing_key()
    {
        var venue = new RebalanceVenue(900, Usdc900, Usdc901, new RebalanceLimits(1_000, 500));
        var good = new RebalanceSettings { Enabled = true, Tokens = [new RebalanceToken("USDC", 1, [venue, venue with { Chain = 901 }])] };
        Assert.Empty(good.Validate([900, 901]));
        Assert.Empty((good with { Enabled = false, Tokens = [] }).Validate([]));

        var errors = new RebalanceSettings
        {
            Enabled = true,
            Tokens =
            [
                new RebalanceToken("USDC", 0, [venue with { Limits = new RebalanceLimits(1_000, 1_001) }, venue with { Chain = 999, Bridge = Address.Zero, Limits = new RebalanceLimits(0, -1) }]),
            ],
        }.Validate([900, 901]);
        Assert.Contains("Rebalance:Tokens:0:MinMove must be positive, got 0", errors);
        Assert.Contains("Rebalance:Tokens:0:Chains:0:LowWater (1001) must not be above Target (1000)", errors);
        Assert.Contains("Rebalance:Tokens:0:Chains:1:Chain 999 is not in Chains", errors);
        Assert.Contains("Rebalance:Tokens:0:Chains:1:Target must be positive, got 0", errors);
        Assert.Contains("Rebalance:Tokens:0:Chains:1:LowWater must not be negative, got -1", errors);
        Assert.Contains("Rebalance:Tokens:0:Chains:1:Bridge is not set", errors);
        // Low-water mark equal to the target is allowed (at the boundary).
        Assert.Empty((good with { Tokens = [new RebalanceToken("USDC", 1, [venue with { Limits = new RebalanceLimits(1_000, 1_000) }, venue with { Chain = 901 }])] }).Validate([900, 901]));
        Assert.Contains("Rebalance:Tokens:0:Chains: USDC needs at least two chains to move between", new RebalanceSettings { Enabled = true, Tokens = [new RebalanceToken("USDC", 1, [venue])] }.Validate([900]));
    }
}
