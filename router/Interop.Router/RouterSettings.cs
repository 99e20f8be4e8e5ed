using System.Numerics;
using Interop.Bridge.Devnet;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Signing;
using Interop.Router.Quoting;

namespace Interop.Router;

/// <summary>Everything the router needs: chains and their venues, the quote-signing key, the executing key, tuning.</summary>
public sealed record RouterSettings
{
    public required IReadOnlyList<RouterChainSettings> Chains { get; init; }

    /// <summary>Signs quotes (EIP-712); execution accepts only quotes signed by this key.</summary>
    public required EthKey QuoteKey { get; init; }

    /// <summary>The market-maker key that POST /v1/transfers executes quotes with (null: the endpoint answers 503).</summary>
    public EthKey? ExecutorKey { get; init; }

    /// <summary>How long a quote can be executed after it was given.</summary>
    public TimeSpan QuoteTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an identical quote request against the same market snapshot is answered with the same signed response
    /// (same quote ids, same expiry) instead of a new one: wallets re-poll a quote while the user decides, and every
    /// computed response costs a plan, transactions, hashes and a share of a signature. Concurrent
    /// identical requests also wait for one computation. A new snapshot (every <see cref="RefreshInterval"/>) starts
    /// afresh. Zero turns it off. A shared response has already lived up to this long, so at most a quarter of
    /// <see cref="QuoteTtl"/> is used (<see cref="EffectiveQuoteCacheTtl"/>).
    /// </summary>
    public TimeSpan QuoteCacheTtl { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><see cref="QuoteCacheTtl"/>, at most a quarter of <see cref="QuoteTtl"/>.</summary>
    public TimeSpan EffectiveQuoteCacheTtl => QuoteCacheTtl < QuoteTtl / 4 ? QuoteCacheTtl : QuoteTtl / 4;

    /// <summary>The most distinct requests the response cache holds per snapshot (about 8 KiB each); past it, requests are computed uncached.</summary>
    public int QuoteCacheEntries { get; init; } = 1024;

    /// <summary>How often the venue watcher re-reads reserves, limits and gas prices.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    public QuoteEngineOptions Engine { get; init; } = new();

    public int DefaultSlippageBps { get; init; } = 50;

    /// <summary>Where executed transfers' statuses are journaled (JSON lines) so a restart keeps them; null: in memory only.</summary>
    public string? StatusJournalPath { get; init; }

    /// <summary>Intent fast fills are quoted only when this is set (fillers must exist to fill them).</summary>
    public IntentFastFillSettings? IntentFastFill { get; init; }

    /// <summary>
    /// Settings for a devnet: every chain of the manifest with its USDC/WETH tokens, the USDC TokenBridge, the
    /// USDC/WETH pool on L2s and the IntentPool; quote key and executor are market maker
    /// <paramref name="marketMaker"/> (HD index 14 + it) of <paramref name="mnemonic"/>.
    /// </summary>
    public static RouterSettings FromManifest(DevnetManifest manifest, string mnemonic, int marketMaker = 0)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(mnemonic);
        var key = new EthereumHdWallet(Mnemonic.Parse(mnemonic)).GetKey(DevnetAccounts.FirstMarketMaker + marketMaker);
        return new RouterSettings
        {
            QuoteKey = key,
            ExecutorKey = key,
            Chains = manifest.Chains.Select(c =>
            {
                var contracts = c.Contracts;
                Address? Get(string name) => contracts.TryGetValue(name, out var a) ? Address.Parse(a) : null;
                var tokens = new Dictionary<string, Address>(StringComparer.OrdinalIgnoreCase);
                foreach (var symbol in new[] { "USDC", "WETH" })
                    if (Get(symbol) is { } token) tokens[symbol] = token;
                var bridges = new Dictionary<string, Address>(StringComparer.OrdinalIgnoreCase);
                if (Get("TokenBridge") is { } bridge) bridges["USDC"] = bridge;
                return new RouterChainSettings
                {
                    ChainId = c.ChainId,
                    Name = c.Name,
                    Rpc = [new Uri(c.Rpc)],
                    // The devnet's L1 (the chain with the ValidatorRegistry) makes 2 s blocks, the L2s 1 s.
                    BlockTime = contracts.ContainsKey("ValidatorRegistry") ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(1),
                    Tokens = tokens,
                    Bridges = bridges,
                    Pools = Get("Pool") is { } pool ? [pool] : [],
                    IntentPool = Get("IntentPool"),
                };
            }).ToList(),
        };
    }

    /// <summary>Checks the settings and names the first bad one.</summary>
    /// <exception cref="ArgumentException">A chain, token or venue is misconfigured.</exception>
    public void Validate()
    {
        if (Chains.Count == 0) throw new ArgumentException("RouterSettings.Chains must list at least one chain");
        if (Chains.Select(c => c.ChainId).Distinct().Count() != Chains.Count) throw new ArgumentException("RouterSettings.Chains lists a chain id twice");
        foreach (var chain in Chains)
        {
            if (chain.Rpc.Count == 0) throw new ArgumentException($"RouterSettings.Chains[{chain.ChainId}].Rpc is empty");
            foreach (var symbol in chain.Bridges.Keys)
                if (!chain.Tokens.ContainsKey(symbol))
                    throw new ArgumentException($"RouterSettings.Chains[{chain.ChainId}].Bridges[{symbol}] bridges a token not in Tokens");
        }
        if (QuoteTtl <= TimeSpan.Zero) throw new ArgumentException("RouterSettings.QuoteTtl must be positive");
        if (QuoteTtl > Quoting.QuoteIds.MaxTtl) throw new ArgumentException($"RouterSettings.QuoteTtl must be at most {Quoting.QuoteIds.MaxTtl} (a quote id carries it in 16 bits of seconds)");
        if (QuoteCacheTtl < TimeSpan.Zero) throw new ArgumentException($"RouterSettings.QuoteCacheTtl must not be negative, got {QuoteCacheTtl}");
        if (QuoteCacheEntries < 0) throw new ArgumentException("RouterSettings.QuoteCacheEntries must not be negative");
        if (DefaultSlippageBps is < 0 or > 10_000) throw new ArgumentException("RouterSettings.DefaultSlippageBps must be within 0..10000");
    }
}

/// <summary>One chain the router quotes on.</summary>
public sealed record RouterChainSettings
{
    public required ulong ChainId { get; init; }
    public required string Name { get; init; }
    /// <summary>RPC endpoints in failover order.</summary>
    public required IReadOnlyList<Uri> Rpc { get; init; }
    public TimeSpan BlockTime { get; init; } = TimeSpan.FromSeconds(2);
    public string NativeSymbol { get; init; } = "ETH";
    /// <summary>Token address by symbol.</summary>
    public required IReadOnlyDictionary<string, Address> Tokens { get; init; }
    /// <summary>TokenBridge address by the symbol of the token it bridges; bridges of one symbol connect every pair of chains.</summary>
    public IReadOnlyDictionary<string, Address> Bridges { get; init; } = new Dictionary<string, Address>();
    /// <summary>ConstantProductPool addresses (their tokens are read from the chain).</summary>
    public IReadOnlyList<Address> Pools { get; init; } = [];
    public Address? IntentPool { get; init; }
}

/// <summary>Terms of intent fast fills offered by fillers on every route with an IntentPool at both ends.</summary>
public sealed record IntentFastFillSettings
{
    public required int FeeBps { get; init; }
    /// <summary>Filler inventory by token symbol, in base units of the destination token.</summary>
    public required IReadOnlyDictionary<string, BigInteger> Inventory { get; init; }
}
