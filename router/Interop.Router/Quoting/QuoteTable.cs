using System.Globalization;
using System.Numerics;
using System.Text;

namespace Interop.Router.Quoting;

/// <summary>Renders a quote response as a plain-text table (what <c>interop quote</c> prints).</summary>
public static class QuoteTable
{
    private static readonly string[] Headers = ["#", "kind", "input", "expected", "min", "fees", "eta p50/p90", "steps", "quote id"];

    /// <summary>One row per route, columns aligned; amounts in base units; a header line names the pair.</summary>
    public static string Render(QuoteResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var rows = response.Routes.Select((r, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture),
            r.Kind,
            r.InputAmount,
            r.ExpectedOutput,
            r.MinOutput,
            r.Fees.Count == 0 ? "-" : string.Join(", ", r.Fees.Select(f => $"{f.Type} {f.Amount} {f.Token}{(f.Included ? "" : " +")}")),
            string.Create(CultureInfo.InvariantCulture, $"{r.EstimatedFillTimeSec.P50:0.#}s/{r.EstimatedFillTimeSec.P90:0.#}s"),
            string.Join(" > ", r.Steps.Select(s => s.ChainId == s.DestinationChainId ? $"{s.Type}@{s.ChainId}" : $"{s.Type} {s.ChainId}->{s.DestinationChainId}")),
            r.QuoteId.Length > 12 ? r.QuoteId[..12] + "..." : r.QuoteId,
        }).ToList();

        var widths = Headers.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        var first = response.Routes.FirstOrDefault();
        text.Append(CultureInfo.InvariantCulture, $"{response.TradeType} {response.Amount} {first?.FromSymbol ?? response.FromToken} on {response.FromChain} -> {first?.ToSymbol ?? response.ToToken} on {response.ToChain} ({response.Routes.Count} route{(response.Routes.Count == 1 ? "" : "s")}, {response.Order} first)\n");
        void Line(IReadOnlyList<string> cells)
        {
            for (var c = 0; c < cells.Count; c++)
            {
                // Numbers right-aligned, text left-aligned; no trailing spaces.
                var numeric = c is 0 or 2 or 3 or 4;
                var cell = numeric ? cells[c].PadLeft(widths[c]) : c == cells.Count - 1 ? cells[c] : cells[c].PadRight(widths[c]);
                text.Append(cell);
                if (c < cells.Count - 1) text.Append("  ");
            }
            text.Append('\n');
        }
        Line(Headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows) Line(row);
        if (rows.Count == 0) text.Append("no route\n");
        text.Append("fees marked + are paid on top (native token, msg.value or gas); others are already out of the expected output\n");
        return text.ToString();
    }

    /// <summary>A base-unit amount with its decimals, e.g. 1000000 with 6 -> "1".</summary>
    public static string Format(BigInteger amount, int decimals)
    {
        if (decimals <= 0) return amount.ToString(CultureInfo.InvariantCulture);
        var scale = BigInteger.Pow(10, decimals);
        var whole = BigInteger.DivRem(amount, scale, out var fraction);
        var digits = BigInteger.Abs(fraction).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
        return digits.Length == 0 ? whole.ToString(CultureInfo.InvariantCulture) : $"{whole}.{digits}";
    }
}
