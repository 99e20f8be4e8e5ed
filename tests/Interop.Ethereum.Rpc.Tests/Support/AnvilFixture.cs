using Interop.Bridge.Devnet;
using Interop.Ethereum.Rpc.Failover;

namespace Interop.Ethereum.Rpc.Tests.Support;

/// <summary>One anvil (chain 31337) and a client for it, shared by the tests of a collection and stopped at its end.</summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private AnvilProcess? _anvil;
    private RpcClient? _client;

    public AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("anvil is not started");

    public RpcClient Client => _client ?? throw new InvalidOperationException("anvil is not started");

    public async Task InitializeAsync()
    {
        _anvil = await AnvilProcess.StartAsync(new AnvilOptions { ChainId = 31337 });
        _client = RpcClient.Create(_anvil.RpcUrl, new RpcClientOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(10),
            Failover = new FailoverOptions { HeadCheckInterval = null },
        });
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        _anvil?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Tests that read and change one shared anvil's state; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>
{
    public const string Name = "anvil";
}
