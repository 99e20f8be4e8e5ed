using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

public sealed class QuoteTableTests
{
    private static async Task<QuoteResponse> ResponseAsync(ulong from, ulong to, string toSymbol, long amount)
    {
        var store = new SnapshotStore();
        store.Publish(DevnetMarket());
        using var service = new QuoteService(Settings(), store, TimeProvider.System);
        var toToken = toSymbol == "USDC" ? UsdcOn(to) : WethOn(to);
        return (await service.QuoteAsync(new QuoteRequest(UsdcOn(from), toToken, amount, TradeType.ExactIn, 50, RouteOrder.Cheapest, Addr(77), Addr(77)))).Response!;
    }

    [Fact]
    public async Task Render_prints_a_header_and_one_aligned_row_per_route()
    {
        var response = await ResponseAsync(901, 902, "USDC", 1_000_000_000);
        var lines = QuoteTable.Render(response).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("exactIn 1000000000 USDC on 901 -> USDC on 902 (" + response.Routes.Count + " routes, cheapest first)", lines[0]);
        Assert.StartsWith("#  kind", lines[1], StringComparison.Ordinal);
        Assert.Matches("^-+  -+", lines[2]);
        Assert.Equal(response.Routes.Count, lines.Count(l => l.Contains("...", StringComparison.Ordinal) && char.IsDigit(l.TrimStart()[0])));
        var first = lines[3];
        Assert.Contains("canonical", first, StringComparison.Ordinal);
        Assert.Contains("1000000000", first, StringComparison.Ordinal);
        Assert.Contains("995000000", first, StringComparison.Ordinal);
        Assert.Contains("interchainGas " + BridgeFee + " ETH +", first, StringComparison.Ordinal);
        Assert.Contains("60s/180s", first, StringComparison.Ordinal);
        Assert.Contains("bridge 901->902", first, StringComparison.Ordinal);
        // Columns line up: every row's "kind" column starts where the header's does.
        var kindColumn = lines[1].IndexOf("kind", StringComparison.Ordinal);
        Assert.All(lines.Skip(3).Where(l => char.IsDigit(l.TrimStart()[0])), l => Assert.NotEqual(' ', l[kindColumn]));
        Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l));
    }

    [Fact]
    public async Task Render_of_a_swap_names_the_chain_of_the_step()
    {
        var text = QuoteTable.Render(await ResponseAsync(901, 901, "WETH", 1_000_000_000));
        Assert.Contains("swap@901", text, StringComparison.Ordinal);
        Assert.Contains("lpFee 3000000 USDC", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000000", 6, "1")]
    [InlineData("1500000", 6, "1.5")]
    [InlineData("1", 18, "0.000000000000000001")]
    [InlineData("0", 6, "0")]
    public void Format_shows_base_units_with_their_decimals(string amount, int decimals, string expected) =>
        Assert.Equal(expected, QuoteTable.Format(System.Numerics.BigInteger.Parse(amount), decimals));
}
