using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interop.Node.Cli.Messaging;
using Interop.Router.Quoting;

namespace Interop.Node.Cli;

/// <summary>`interop quote`: asks the node's quote API (through its gateway) and prints the routes as a table.</summary>
internal static class QuoteCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Build()
    {
        var from = new Option<ulong>("--from") { Description = "Origin chain id.", Required = true, HelpName = "CHAIN" };
        var to = new Option<ulong>("--to") { Description = "Destination chain id.", Required = true, HelpName = "CHAIN" };
        var token = new Option<string>("--token") { Description = "Token to send (symbol such as USDC, or address).", Required = true, HelpName = "TOKEN" };
        var toToken = new Option<string?>("--to-token") { Description = "Token to receive (default: the same symbol as --token).", HelpName = "TOKEN" };
        var amount = new Option<string>("--amount") { Description = "Amount in base units (USDC has 6 decimals: 1000000000 = 1,000 USDC).", Required = true, HelpName = "UNITS" };
        var tradeType = new Option<string>("--trade-type") { Description = "exactIn (amount is what you send) or exactOut (amount is what arrives).", DefaultValueFactory = _ => "exactIn", HelpName = "TYPE" };
        var order = new Option<string>("--order") { Description = "cheapest or fastest first.", DefaultValueFactory = _ => "cheapest", HelpName = "ORDER" };
        var slippage = new Option<int?>("--slippage-bps") { Description = "Tolerated slippage in basis points (default: the node's).", HelpName = "BPS" };
        var options = new ClientOptions();
        var command = new Command("quote", "Quote a transfer or swap across chains: routes with output, fees, ETA and steps (exit 0 with at least one route).");
        foreach (var option in new Option[] { from, to, token, toToken, amount, tradeType, order, slippage }) command.Options.Add(option);
        command.Options.Add(options.Config);
        command.Options.Add(options.Node);
        command.SetAction((parse, ct) => MessageCommandRunner.RunAsync(parse, options, signs: false, async (context, cancellationToken) =>
        {
            var query = new List<string>
            {
                $"fromChain={parse.GetValue(from)}",
                $"toChain={parse.GetValue(to)}",
                $"fromToken={Uri.EscapeDataString(parse.GetValue(token)!)}",
                $"toToken={Uri.EscapeDataString(parse.GetValue(toToken) ?? parse.GetValue(token)!)}",
                $"amount={Uri.EscapeDataString(parse.GetValue(amount)!)}",
                $"tradeType={Uri.EscapeDataString(parse.GetValue(tradeType)!)}",
                $"order={Uri.EscapeDataString(parse.GetValue(order)!)}",
            };
            if (parse.GetValue(slippage) is { } bps) query.Add($"slippageBps={bps}");
            var url = new Uri(context.NodeUrl, "/v1/quote?" + string.Join('&', query));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new CliException($"cannot reach the node at {context.NodeUrl}: {e.Message} (start it with `dotnet run --project node`, or pass --node URL)");
            }
            using (response)
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
                    // The node's 4xx names the bad parameter: that is the user's argument, hence exit 2.
                    throw new CliException($"the node refused the quote ({(int)response.StatusCode}): {problem}",
                        (int)response.StatusCode is >= 400 and < 500 ? CliExitCodes.BadArguments : CliExitCodes.Failed);
                }
                var quote = await response.Content.ReadFromJsonAsync<QuoteResponse>(Json, cancellationToken).ConfigureAwait(false)
                            ?? throw new CliException("the node answered an empty quote");
                context.Say(QuoteTable.Render(quote).TrimEnd('\n'));
                return quote.Routes.Count > 0 ? CliExitCodes.Delivered : CliExitCodes.Failed;
            }
        }, ct, manifestRequired: false));
        return command;
    }

    private static async Task<string> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body
                : root.TryGetProperty("title", out var title) ? title.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] + "..." : body;
        }
    }
}
