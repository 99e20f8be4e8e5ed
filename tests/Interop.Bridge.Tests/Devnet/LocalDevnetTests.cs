using System.Net.Sockets;
using System.Numerics;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interop.Bridge.Tests.Devnet;

public sealed class LocalDevnetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("interop-devnet-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DevnetOptions Options(string? stateDir = null) => new() { StateDir = stateDir, Chains = DevnetOptions.DefaultChains() };

    private static Task<LocalDevnet> StartAsync(DevnetOptions options) =>
        LocalDevnet.StartAsync(options, new DevnetDeployer(options, NullLogger.Instance).DeployAsync, NullLogger.Instance, CancellationToken.None);

    private static async Task<BigInteger> CallUintAsync(RpcClient rpc, string address, string contract, string function, params object?[] args)
    {
        var output = await rpc.EthCallAsync(new CallRequest { To = Address.Parse(address), Data = ContractDefinition.Get(contract).Encode(function, args) });
        return HexBigInteger.FromBytes(output);
    }

    [Fact]
    public async Task Devnet_deploys_every_contract_and_bridges_collateral_with_supply_conserved()
    {
        await using var devnet = await StartAsync(Options());
        Assert.False(devnet.Resumed);
        Assert.Equal([900UL, 901UL, 902UL], devnet.Manifest.Chains.Select(c => c.ChainId));

        foreach (var chain in devnet.Manifest.Chains)
        {
            using var rpc = RpcClient.Create(new Uri(chain.Rpc));
            Assert.Equal(chain.ChainId, await rpc.ChainIdAsync());
            foreach (var (name, address) in chain.Contracts)
                Assert.True((await rpc.GetCodeAsync(Address.Parse(address))).Length > 0, $"{name} on {chain.ChainId} has no code");
        }

        // L1 locked == sum of L2 supplies (nothing in flight once the devnet is ready).
        var l1 = devnet.Manifest.Chain(900);
        using var l1Rpc = RpcClient.Create(new Uri(l1.Rpc));
        var locked = await CallUintAsync(l1Rpc, l1.Contracts["TokenBridge"], ContractNames.TokenBridge, "locked");
        var l2Supply = BigInteger.Zero;
        foreach (var chainId in new ulong[] { 901, 902 })
        {
            var l2 = devnet.Manifest.Chain(chainId);
            using var rpc = RpcClient.Create(new Uri(l2.Rpc));
            l2Supply += await CallUintAsync(rpc, l2.Contracts["USDC"], ContractNames.BridgedToken, "totalSupply");
        }
        Assert.Equal(DevnetDeployer.BridgedPerL2 * 2, locked);
        Assert.Equal(locked, l2Supply);

        // Every validator is staked on L1.
        foreach (var (role, address) in l1.Accounts!.Where(a => a.Key.StartsWith("validator", StringComparison.Ordinal)))
        {
            var active = await l1Rpc.EthCallAsync(new CallRequest
            {
                To = Address.Parse(l1.Contracts["ValidatorRegistry"]),
                Data = ContractDefinition.Get(ContractNames.ValidatorRegistry).Encode("isActive", Address.Parse(address)),
            });
            Assert.True(active[^1] == 1, $"{role} is not staked");
        }
    }

    [Fact]
    public async Task Devnet_with_a_state_dir_resumes_the_same_chains_instead_of_deploying_again()
    {
        var stateDir = Path.Combine(_dir, "state");
        DevnetManifest first;
        ulong blockBefore;
        await using (var devnet = await StartAsync(Options(stateDir)))
        {
            first = devnet.Manifest;
            using var rpc = RpcClient.Create(new Uri(first.Chain(901).Rpc));
            blockBefore = await rpc.BlockNumberAsync();
        }

        await using var resumed = await StartAsync(Options(stateDir));
        Assert.True(resumed.Resumed);
        Assert.Equal(first.ToJson(), resumed.Manifest.ToJson());
        var l2 = resumed.Manifest.Chain(901);
        using var l2Rpc = RpcClient.Create(new Uri(l2.Rpc));
        Assert.True(await l2Rpc.BlockNumberAsync() >= blockBefore);
        Assert.Equal(DevnetDeployer.BridgedPerL2, await CallUintAsync(l2Rpc, l2.Contracts["USDC"], ContractNames.BridgedToken, "totalSupply"));
    }

    [Fact]
    public async Task Devnet_stops_every_anvil_it_started_when_deployment_fails_half_way()
    {
        var options = Options();
        var ports = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalDevnet.StartAsync(options, (chains, _) =>
        {
            ports.AddRange(chains.Select(c => c.Anvil.Port));
            throw new InvalidOperationException("deployment failed on purpose");
        }, NullLogger.Instance, CancellationToken.None));
        Assert.Equal("deployment failed on purpose", error.Message);
        Assert.Equal(3, ports.Count);
        foreach (var port in ports)
        {
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        }
    }
}
