using System.Globalization;
using System.Numerics;
using Interop.Ethereum;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Venues;
using Microsoft.AspNetCore.Http;

namespace Interop.Router.Http;

/// <summary>Validates query parameters into domain values; every refusal names its parameter.</summary>
public static class QuoteRequestParser
{
    public static readonly BigInteger UInt256Max = (BigInteger.One << 256) - 1;

    public static (QuoteRequest? Request, QuoteRejection? Rejection) Parse(IQueryCollection query, MarketSnapshot snapshot, RouterSettings settings, Address? defaultSender)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(settings);
        if (Chain(query, "fromChain", snapshot, out var fromChain) is { } e1) return (null, e1);
        if (Chain(query, "toChain", snapshot, out var toChain) is { } e2) return (null, e2);
        if (Token(query, "fromToken", fromChain, snapshot, out var fromToken) is { } e3) return (null, e3);
        if (Token(query, "toToken", toChain, snapshot, out var toToken, fromToken.Symbol) is { } e4) return (null, e4);
        if (Amount(query, "amount", out var amount) is { } e5) return (null, e5);

        var tradeType = TradeType.ExactIn;
        switch (Get(query, "tradeType")?.ToUpperInvariant())
        {
            case null or "EXACTIN": break;
            case "EXACTOUT": tradeType = TradeType.ExactOut; break;
            default: return (null, new QuoteRejection("tradeType", $"tradeType must be exactIn or exactOut, got '{Get(query, "tradeType")}'"));
        }
        var order = RouteOrder.Cheapest;
        switch (Get(query, "order")?.ToUpperInvariant())
        {
            case null or "CHEAPEST": break;
            case "FASTEST": order = RouteOrder.Fastest; break;
            default: return (null, new QuoteRejection("order", $"order must be cheapest or fastest, got '{Get(query, "order")}'"));
        }
        var slippage = settings.DefaultSlippageBps;
        if (Get(query, "slippageBps") is { } s && (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out slippage) || slippage > 5_000))
            return (null, new QuoteRejection("slippageBps", $"slippageBps must be an integer from 0 to 5000, got '{s}'"));

        if (AddressParam(query, "sender", defaultSender, out var sender) is { } e6) return (null, e6);
        if (sender is null)
            return (null, new QuoteRejection("sender", "sender is required: the address that signs the transactions (this node has no market-maker key to default to)"));
        if (AddressParam(query, "recipient", sender, out var recipient) is { } e7) return (null, e7);
        return (new QuoteRequest(fromToken, toToken, amount, tradeType, slippage, order, sender.Value, recipient!.Value), null);
    }

    /// <summary>A positive integer that fits in uint256, digits only.</summary>
    public static QuoteRejection? Amount(IQueryCollection query, string name, out BigInteger amount)
    {
        amount = BigInteger.Zero;
        var text = Get(query, name);
        if (text is null) return new QuoteRejection(name, $"{name} is required (base units of the token, e.g. 1000000 for 1 USDC)");
        if (text.StartsWith('-')) return new QuoteRejection(name, $"{name} must be positive, got '{text}'");
        if (text.Length > 100 || !BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out amount))
            return new QuoteRejection(name, $"{name} must be a whole number of base units (digits only), got '{Shorten(text)}'");
        if (amount.IsZero) return new QuoteRejection(name, $"{name} must be greater than zero");
        if (amount > UInt256Max) return new QuoteRejection(name, $"{name} does not fit in uint256");
        return null;
    }

    private static QuoteRejection? Chain(IQueryCollection query, string name, MarketSnapshot snapshot, out ulong chainId)
    {
        chainId = 0;
        var text = Get(query, name);
        if (text is null) return new QuoteRejection(name, $"{name} is required (a chain id: {Known(snapshot)})");
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out chainId) || snapshot.Chain(chainId) is null)
        {
            var byName = snapshot.Chains.FirstOrDefault(c => string.Equals(c.Name, text, StringComparison.OrdinalIgnoreCase));
            if (byName is null) return new QuoteRejection(name, $"unknown chain '{Shorten(text)}'; known: {Known(snapshot)}");
            chainId = byName.ChainId;
        }
        return null;
    }

    private static QuoteRejection? Token(IQueryCollection query, string name, ulong chainId, MarketSnapshot snapshot, out TokenInfo token, string? fallbackSymbol = null)
    {
        token = null!;
        var text = Get(query, name) ?? fallbackSymbol;
        if (text is null) return new QuoteRejection(name, $"{name} is required (a symbol or a 0x address on chain {chainId})");
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !Address.TryParse(text, out _, out var error))
            return new QuoteRejection(name, $"{name} is not a valid address: {error}");
        var found = snapshot.FindToken(chainId, text);
        if (found is null)
        {
            var known = string.Join(", ", snapshot.Tokens.Where(t => t.ChainId == chainId).Select(t => t.Symbol));
            return new QuoteRejection(name, $"unknown token '{Shorten(text)}' on chain {chainId}; known: {(known.Length > 0 ? known : "none")}");
        }
        token = found;
        return null;
    }

    private static QuoteRejection? AddressParam(IQueryCollection query, string name, Address? fallback, out Address? address)
    {
        address = fallback;
        var text = Get(query, name);
        if (text is null) return null;
        if (!Address.TryParse(text, out var parsed, out var error)) return new QuoteRejection(name, $"{name} is not a valid address: {error}");
        if (parsed.IsZero) return new QuoteRejection(name, $"{name} must not be the zero address");
        address = parsed;
        return null;
    }

    private static string? Get(IQueryCollection query, string name) => query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    private static string Known(MarketSnapshot snapshot) =>
        snapshot.Chains.Length == 0 ? "none yet (venues not read)" : string.Join(", ", snapshot.Chains.Select(c => $"{c.ChainId} ({c.Name})"));

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
