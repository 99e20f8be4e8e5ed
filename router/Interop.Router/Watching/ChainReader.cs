using System.Collections.Concurrent;
using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Bridge.Intents;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc;
using Interop.Router.Snapshots;
using Interop.Router.Venues;

namespace Interop.Router.Watching;

/// <summary>Reads venue state from the chains and assembles a <see cref="MarketSnapshot"/> (one pass, every chain concurrently).</summary>
public sealed class ChainReader : IAsyncDisposable
{
    private static readonly ContractDefinition Erc20 = ContractDefinition.Get(ContractNames.TestErc20);
    private static readonly ContractDefinition Bridge = ContractDefinition.Get(ContractNames.TokenBridge);
    private static readonly ContractDefinition Pool = ContractDefinition.Get(ContractNames.ConstantProductPool);

    private readonly RouterSettings _settings;
    private readonly IFillerTermsSource? _fillers;
    private readonly Dictionary<ulong, ChainClient> _clients;
    // Immutable facts read once: token decimals, pool token pairs, whether a bridge is the L1 collateral side. Keyed by
    // (chain, address): deterministic deployments give contracts the same address on every chain.
    private readonly ConcurrentDictionary<AssetKey, int> _decimals = new();
    private readonly ConcurrentDictionary<AssetKey, (Address Token0, Address Token1)> _poolTokens = new();
    private readonly ConcurrentDictionary<AssetKey, bool> _isCollateral = new();

    /// <param name="fillers">Live filler terms; when given, intent fast fills are quoted from them instead of <see cref="RouterSettings.IntentFastFill"/>.</param>
    public ChainReader(RouterSettings settings, IFillerTermsSource? fillers = null)
    {
        _settings = settings;
        _fillers = fillers;
        _clients = settings.Chains.ToDictionary(c => c.ChainId, c => new ChainClient(RpcClient.Create(c.Rpc), c.ChainId));
    }

    public ChainClient Client(ulong chainId) => _clients[chainId];

    public async Task<MarketSnapshot> ReadAsync(IReadOnlyDictionary<(ulong, ulong, VenueKind), FillTime> fillTimes, long version, CancellationToken ct)
    {
        var perChain = await Task.WhenAll(_settings.Chains.Select(c => ReadChainAsync(c, ct))).ConfigureAwait(false);
        var state = _settings.Chains.Zip(perChain).ToDictionary(p => p.First.ChainId, p => p.Second);
        var tokens = new List<TokenInfo>();
        var edges = new List<Edge>();
        var chains = new List<ChainState>();
        foreach (var chain in _settings.Chains)
        {
            var s = state[chain.ChainId];
            chains.Add(new ChainState(chain.ChainId, chain.Name, s.GasPrice, chain.BlockTime, chain.NativeSymbol));
            foreach (var (symbol, address) in chain.Tokens)
                tokens.Add(new TokenInfo(chain.ChainId, symbol.ToUpperInvariant(), address, _decimals.GetValueOrDefault(new AssetKey(chain.ChainId, address), 18)));
            foreach (var pool in s.Pools)
            {
                edges.Add(new PoolEdge { VenueId = $"pool:{chain.ChainId}:{pool.Pool}:0", Contract = pool.Pool, From = new(chain.ChainId, pool.Token0), To = new(chain.ChainId, pool.Token1), ReserveIn = pool.Reserve0, ReserveOut = pool.Reserve1 });
                edges.Add(new PoolEdge { VenueId = $"pool:{chain.ChainId}:{pool.Pool}:1", Contract = pool.Pool, From = new(chain.ChainId, pool.Token1), To = new(chain.ChainId, pool.Token0), ReserveIn = pool.Reserve1, ReserveOut = pool.Reserve0 });
            }
        }

        foreach (var origin in _settings.Chains)
            foreach (var destination in _settings.Chains.Where(d => d.ChainId != origin.ChainId))
            {
                foreach (var (symbol, bridge) in origin.Bridges)
                {
                    if (!destination.Bridges.ContainsKey(symbol)) continue;
                    var o = state[origin.ChainId].Bridges[(symbol, destination.ChainId)];
                    var d = state[destination.ChainId].Bridges[(symbol, origin.ChainId)];
                    var available = BigInteger.Min(o.AvailableOutbound, d.AvailableInbound);
                    // Releasing on the collateral side unlocks what was locked; it can never pay out more.
                    if (d.IsCollateral) available = BigInteger.Min(available, d.Locked);
                    edges.Add(new BridgeEdge
                    {
                        VenueId = $"bridge:{origin.ChainId}-{destination.ChainId}:{symbol.ToUpperInvariant()}",
                        Contract = bridge,
                        From = new(origin.ChainId, origin.Tokens[symbol]),
                        To = new(destination.ChainId, destination.Tokens[symbol]),
                        InterchainFee = o.Fee,
                        Available = available,
                        LargeTransferThreshold = d.LargeTransferThreshold,
                        LargeTransferDelay = TimeSpan.FromSeconds((double)d.LargeTransferDelay),
                    });
                }
                if (origin.IntentPool is { } intentPool && destination.IntentPool is not null)
                    foreach (var (symbol, feeBps, inventory, minInput) in IntentTerms(origin.ChainId, destination.ChainId))
                        if (origin.Tokens.TryGetValue(symbol, out var tokenIn) && destination.Tokens.TryGetValue(symbol, out var tokenOut))
                            edges.Add(new IntentEdge
                            {
                                VenueId = $"intent:{origin.ChainId}-{destination.ChainId}:{symbol.ToUpperInvariant()}",
                                Contract = intentPool,
                                From = new(origin.ChainId, tokenIn),
                                To = new(destination.ChainId, tokenOut),
                                RelayerFeeBps = feeBps,
                                Inventory = inventory,
                                MinInput = BigInteger.Max(BigInteger.One, minInput),
                            });
            }
        return new MarketSnapshot(chains, tokens, edges, fillTimes, DateTimeOffset.UtcNow, version);
    }

    // Live fillers replace the static terms: a route no filler serves gets no intent edge.
    private IEnumerable<(string Symbol, int FeeBps, BigInteger Inventory, BigInteger MinInput)> IntentTerms(ulong origin, ulong destination)
    {
        if (_fillers is not null)
            return _fillers.Current.Where(t => t.OriginChain == origin && t.DestinationChain == destination && t.Inventory.Sign > 0)
                .Select(t => (t.Symbol, t.FeeBps, t.Inventory, t.MinInput));
        if (_settings.IntentFastFill is { } intents)
            return intents.Inventory.Select(kv => (kv.Key, intents.FeeBps, kv.Value, BigInteger.One));
        return [];
    }

    private sealed record PoolState(Address Pool, Address Token0, Address Token1, BigInteger Reserve0, BigInteger Reserve1);

    private sealed record BridgeState(BigInteger Fee, BigInteger AvailableOutbound, BigInteger AvailableInbound, bool IsCollateral, BigInteger Locked, BigInteger LargeTransferThreshold, BigInteger LargeTransferDelay);

    private sealed record ChainRead(BigInteger GasPrice, List<PoolState> Pools, Dictionary<(string, ulong), BridgeState> Bridges);

    private async Task<ChainRead> ReadChainAsync(RouterChainSettings chain, CancellationToken ct)
    {
        var client = _clients[chain.ChainId];
        async Task<BigInteger> Uint(Address to, ContractDefinition abi, string function, params object?[] args) =>
            HexBigInteger.FromBytes((await client.CallAsync(to, abi.Encode(function, args), null, ct).ConfigureAwait(false)).AsSpan(0, 32));

        var gasPrice = await client.Rpc.GasPriceAsync(ct).ConfigureAwait(false);
        foreach (var token in chain.Tokens.Values)
            if (!_decimals.ContainsKey(new AssetKey(chain.ChainId, token)))
                _decimals[new AssetKey(chain.ChainId, token)] = (int)await Uint(token, Erc20, "decimals").ConfigureAwait(false);

        var pools = new List<PoolState>();
        foreach (var pool in chain.Pools)
        {
            if (!_poolTokens.TryGetValue(new AssetKey(chain.ChainId, pool), out var pair))
            {
                var t0 = Address.FromBytes32(await client.CallAsync(pool, Pool.Encode("token0"), null, ct).ConfigureAwait(false));
                var t1 = Address.FromBytes32(await client.CallAsync(pool, Pool.Encode("token1"), null, ct).ConfigureAwait(false));
                _poolTokens[new AssetKey(chain.ChainId, pool)] = pair = (t0, t1);
            }
            var reserves = await client.CallAsync(pool, Pool.Encode("getReserves"), null, ct).ConfigureAwait(false);
            pools.Add(new PoolState(pool, pair.Token0, pair.Token1, HexBigInteger.FromBytes(reserves.AsSpan(0, 32)), HexBigInteger.FromBytes(reserves.AsSpan(32, 32))));
        }

        var bridges = new Dictionary<(string, ulong), BridgeState>();
        foreach (var (symbol, bridge) in chain.Bridges)
        {
            if (!_isCollateral.TryGetValue(new AssetKey(chain.ChainId, bridge), out var collateral))
                _isCollateral[new AssetKey(chain.ChainId, bridge)] = collateral = !(await Uint(bridge, Bridge, "isCollateral").ConfigureAwait(false)).IsZero;
            var locked = collateral ? await Uint(bridge, Bridge, "locked").ConfigureAwait(false) : BigInteger.Zero;
            var threshold = await Uint(bridge, Bridge, "largeTransferThreshold").ConfigureAwait(false);
            var delay = await Uint(bridge, Bridge, "largeTransferDelay").ConfigureAwait(false);
            foreach (var remote in _settings.Chains.Where(r => r.ChainId != chain.ChainId && r.Bridges.ContainsKey(symbol)))
            {
                var domain = (uint)remote.ChainId;
                bridges[(symbol, remote.ChainId)] = new BridgeState(
                    await Uint(bridge, Bridge, "quoteTransferRemote", domain).ConfigureAwait(false),
                    await Uint(bridge, Bridge, "availableOutbound", domain).ConfigureAwait(false),
                    await Uint(bridge, Bridge, "availableInbound", domain).ConfigureAwait(false),
                    collateral, locked, threshold, delay);
            }
        }
        return new ChainRead(gasPrice, pools, bridges);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values) await client.DisposeAsync().ConfigureAwait(false);
    }
}
