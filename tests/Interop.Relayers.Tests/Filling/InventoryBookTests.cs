using Interop.Ethereum;
using Interop.Relayers.Filling;

namespace Interop.Relayers.Tests.Filling;

public sealed class InventoryBookTests
{
    private static readonly Address Usdc901 = Address.Parse("0x0000000000000000000000000000000000000a01");
    private static readonly Address Usdc902 = Address.Parse("0x0000000000000000000000000000000000000a02");

    private static FillReservation Fill(int n, long output) =>
        new(new Bytes32(Enumerable.Repeat((byte)n, 32).ToArray()), 902, Usdc902, output, 901, Usdc901, output + 100);

    [Fact]
    public void A_reservation_up_to_the_available_balance_is_made_and_one_past_it_is_refused()
    {
        var book = new InventoryBook();
        book.ObserveBalance(902, Usdc902, 1_000, 10);
        Assert.Null(book.TryReserve(Fill(1, 600), 1_000_000));
        Assert.Equal(400, book.Available(902, Usdc902));
        Assert.NotNull(book.TryReserve(Fill(2, 401), 1_000_000));
        Assert.Null(book.TryReserve(Fill(3, 400), 1_000_000));
        Assert.Equal(0, book.Available(902, Usdc902));
    }

    [Fact]
    public void Reserving_the_same_order_twice_counts_it_once()
    {
        var book = new InventoryBook();
        book.ObserveBalance(902, Usdc902, 1_000, 10);
        Assert.Null(book.TryReserve(Fill(1, 600), 1_000_000));
        Assert.Null(book.TryReserve(Fill(1, 600), 1_000_000));
        Assert.Equal(400, book.Available(902, Usdc902));
    }

    [Fact]
    public void The_exposure_cap_counts_repayments_owed_on_the_origin()
    {
        var book = new InventoryBook();
        book.ObserveBalance(902, Usdc902, 10_000, 10);
        Assert.Null(book.TryReserve(Fill(1, 400), 1_000));         // owes 500
        Assert.Null(book.TryReserve(Fill(2, 400), 1_000));         // owes 1000: at the cap
        Assert.NotNull(book.TryReserve(Fill(3, 0), 1_000));        // 1100 > cap
        book.Repaid(Fill(1, 400).OrderId);
        Assert.Null(book.TryReserve(Fill(3, 0), 1_000));
    }

    [Fact]
    public void A_landed_fill_stays_reserved_until_a_balance_read_at_or_after_its_block()
    {
        var book = new InventoryBook();
        book.ObserveBalance(902, Usdc902, 1_000, 10);
        var fill = Fill(1, 600);
        book.TryReserve(fill, 1_000_000);
        book.Landed(fill.OrderId, 12);
        book.ObserveBalance(902, Usdc902, 1_000, 11);   // a read from before the fill: still reserved
        Assert.Equal(400, book.Available(902, Usdc902));
        book.ObserveBalance(902, Usdc902, 400, 12);     // the chain shows it now
        Assert.Equal(400, book.Available(902, Usdc902));
        book.ObserveBalance(902, Usdc902, 1_000, 9);    // an older read arriving late is ignored
        Assert.Equal(400, book.Available(902, Usdc902));
    }

    [Fact]
    public void Virtual_balance_adds_repayments_owed_on_that_chain_and_a_release_undoes_everything()
    {
        var book = new InventoryBook();
        book.ObserveBalance(902, Usdc902, 1_000, 10);
        book.ObserveBalance(901, Usdc901, 50, 10);
        var fill = Fill(1, 600);
        book.TryReserve(fill, 1_000_000);
        Assert.Equal(50 + 700, book.Virtual(901, Usdc901));
        Assert.Equal(700, book.PendingRepayments(901));
        book.Release(fill.OrderId);
        Assert.Equal(50, book.Virtual(901, Usdc901));
        Assert.Equal(1_000, book.Available(902, Usdc902));
    }
}
