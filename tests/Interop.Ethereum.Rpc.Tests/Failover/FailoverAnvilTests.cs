using System.Diagnostics;
using Interop.Bridge.Devnet;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Failover;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Rpc.Tests.Support;

namespace Interop.Ethereum.Rpc.Tests.Failover;

/// <summary>An anvil of its own for the failover tests, so their mining does not disturb the other collection.</summary>
public sealed class FailoverAnvilFixture : IAsyncLifetime
{
    private AnvilProcess? _anvil;

    public AnvilProcess Anvil => _anvil ?? throw new InvalidOperationException("anvil is not started");

    public async Task InitializeAsync() => _anvil = await AnvilProcess.StartAsync(new AnvilOptions { ChainId = 31337, Name = "anvil failover" });

    public Task DisposeAsync()
    {
        _anvil?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Endpoints [A, B], each a fault proxy in front of the same anvil.</summary>
public sealed class FailoverAnvilTests(FailoverAnvilFixture fixture) : IClassFixture<FailoverAnvilFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new();
    private FaultProxy _a = null!;
    private FaultProxy _b = null!;
    private RpcClient _client = null!;
    private RpcClient _direct = null!;

    public Task InitializeAsync()
    {
        _a = FaultProxy.Start(fixture.Anvil.RpcUrl);
        _b = FaultProxy.Start(fixture.Anvil.RpcUrl);
        _client = CreateClient(TimeSpan.FromSeconds(1));
        _direct = RpcClient.Create(fixture.Anvil.RpcUrl, new RpcClientOptions { Failover = new FailoverOptions { HeadCheckInterval = null } });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _direct.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private RpcClient CreateClient(TimeSpan requestTimeout, FailoverOptions? failover = null) =>
        RpcClient.Create([_a.Url, _b.Url], new RpcClientOptions
        {
            RequestTimeout = requestTimeout,
            // Probing is driven by the tests (ProbeHeadsAsync) and time by the manual clock: no sleeps, no races.
            Failover = failover ?? new FailoverOptions { Cooldown = Cooldown, HeadCheckInterval = null, MaxBlockLag = 3 },
        }, _time);

    private FailoverRpcTransport Failover => (FailoverRpcTransport)_client.Transport;

    private EndpointHealth HealthOfA => _client.GetEndpointHealth()[0];

    [Fact]
    public async Task Client_uses_A_and_leaves_B_idle_when_both_are_healthy()
    {
        // A generous timeout: this is often the first request of the test process (JIT, first connections), and on a
        // loaded CI machine it took over the 1 s the fault tests use, so the client rightly failed over to B.
        using var client = CreateClient(TimeSpan.FromSeconds(15));
        Assert.Equal(31337UL, await client.ChainIdAsync());
        Assert.Equal(1, _a.CountOf("eth_chainId"));
        Assert.Equal(0, _b.RequestCount);
        Assert.Equal(client.GetEndpointHealth()[0].Endpoint, ((FailoverRpcTransport)client.Transport).CurrentEndpoint);
    }

    [Theory]
    [InlineData(FaultMode.ServiceUnavailable)]
    [InlineData(FaultMode.CloseConnection)]
    [InlineData(FaultMode.Hang)]
    public async Task Client_answers_through_B_and_rests_A_when_A_fails(FaultMode fault)
    {
        _a.Mode = fault;

        Assert.Equal(31337UL, await _client.ChainIdAsync());

        Assert.Equal(1, _b.CountOf("eth_chainId"));
        Assert.Equal(EndpointState.CoolingDown, HealthOfA.State);
        Assert.Equal(1, HealthOfA.ConsecutiveFailures);
        Assert.NotNull(HealthOfA.LastError);

        // While A cools down, calls go straight to B without paying A's failure again.
        var requestsToA = _a.RequestCount;
        Assert.Equal(await _direct.BlockNumberAsync(), await _client.BlockNumberAsync());
        Assert.Equal(requestsToA, _a.RequestCount);
        Assert.Equal(1, _b.CountOf("eth_blockNumber"));
    }

    [Fact]
    public async Task Client_prefers_A_again_when_its_cooldown_has_passed_and_it_recovered()
    {
        _a.Mode = FaultMode.ServiceUnavailable;
        await _client.ChainIdAsync();
        _a.Mode = FaultMode.Pass;

        await _client.ChainIdAsync();
        Assert.Equal(1, _a.RequestCount);
        Assert.Equal(2, _b.CountOf("eth_chainId"));

        _time.Advance(Cooldown + TimeSpan.FromMilliseconds(1));
        Assert.Equal(EndpointState.Healthy, HealthOfA.State);
        await _client.ChainIdAsync();

        Assert.Equal(2, _a.RequestCount);
        Assert.Equal(2, _b.CountOf("eth_chainId"));
        Assert.Equal(0, HealthOfA.ConsecutiveFailures);
    }

    [Fact]
    public async Task Client_lengthens_the_cooldown_when_A_fails_again_right_after_it()
    {
        _a.Mode = FaultMode.ServiceUnavailable;
        await _client.ChainIdAsync();
        var firstUntil = HealthOfA.CooldownUntil!.Value;

        _time.Advance(Cooldown + TimeSpan.FromMilliseconds(1));
        await _client.ChainIdAsync();

        Assert.Equal(2, HealthOfA.ConsecutiveFailures);
        Assert.Equal(_time.GetUtcNow() + 2 * Cooldown, HealthOfA.CooldownUntil);
        Assert.True(HealthOfA.CooldownUntil > firstUntil);
    }

    [Fact]
    public async Task Revert_is_surfaced_from_A_and_not_retried_on_B()
    {
        var reverter = await _direct.DeployAsync(Bytecode.RevertingWith(Bytecode.ErrorString("nope")));

        var error = await Assert.ThrowsAsync<ExecutionRevertedException>(() => _client.EthCallAsync(new CallRequest { To = reverter }));

        Assert.Equal("nope", Assert.IsType<RevertReason.Error>(error.Reason).Message);
        Assert.Equal(1, _a.CountOf("eth_call"));
        Assert.Equal(0, _b.CountOf("eth_call"));
        Assert.Equal(EndpointState.Healthy, HealthOfA.State);
    }

    [Fact]
    public async Task Invalid_params_error_is_surfaced_from_A_and_not_retried_on_B()
    {
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => _client.CallAsync("eth_getBalance", ["0x12", "latest"]));

        Assert.Equal(JsonRpcException.Codes.InvalidParams, error.Code);
        Assert.Equal(1, _a.CountOf("eth_getBalance"));
        Assert.Equal(0, _b.RequestCount);
    }

    [Fact]
    public async Task Unknown_method_is_asked_of_B_too_and_A_answer_is_surfaced()
    {
        // Providers differ in the methods they serve, so "method not found" is worth another endpoint.
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => _client.CallAsync("eth_noSuchMethod", []));

        Assert.Equal(JsonRpcException.Codes.MethodNotFound, error.Code);
        Assert.Equal(1, _a.CountOf("eth_noSuchMethod"));
        Assert.Equal(1, _b.CountOf("eth_noSuchMethod"));
        Assert.Equal(EndpointState.Healthy, HealthOfA.State);
    }

    [Fact]
    public async Task Batch_fails_over_to_B_as_a_whole_when_A_fails()
    {
        _a.Mode = FaultMode.ServiceUnavailable;
        var chainId = RpcMethods.ChainId();
        var head = RpcMethods.BlockNumber();

        var results = await _client.SendBatchAsync([chainId, head]);

        Assert.Equal(31337UL, results.Get(chainId).Value);
        Assert.True(results.Get(head).IsSuccess);
        Assert.Equal(1, _b.RequestCount);
    }

    [Fact]
    public async Task Cancellation_ends_a_hanging_call_without_trying_B_or_blaming_A()
    {
        _a.Mode = FaultMode.Hang;
        using var client = CreateClient(TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ChainIdAsync(cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {clock.Elapsed}");
        Assert.Equal(0, _b.RequestCount);
        var a = client.GetEndpointHealth()[0];
        Assert.Equal(EndpointState.Healthy, a.State);
        Assert.Equal(0, a.Failures);
    }

    [Fact]
    public async Task WaitForReceipt_gives_up_at_its_timeout_when_the_endpoints_hang()
    {
        _a.Mode = FaultMode.Hang;
        _b.Mode = FaultMode.Hang;
        using var client = CreateClient(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() =>
            client.WaitForReceiptAsync(Crypto.Keccak256.HashUtf8("tx"), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the wait took {clock.Elapsed}");
    }

    [Fact]
    public async Task Client_throws_EndpointsUnavailable_with_each_timeout_when_every_endpoint_hangs()
    {
        _a.Mode = FaultMode.Hang;
        _b.Mode = FaultMode.Hang;
        using var client = CreateClient(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcEndpointsUnavailableException>(() => client.ChainIdAsync());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"two timeouts took {clock.Elapsed}");
        Assert.Equal(2, error.Failures.Count);
        Assert.All(error.Failures, f => Assert.Equal(RpcTransportFailure.Timeout, Assert.IsType<RpcTransportException>(f).Failure));
        Assert.Equal(RpcTransportFailure.Timeout, error.Failure);
        Assert.Equal("eth_chainId", error.Method);
        Assert.All(client.GetEndpointHealth(), h => Assert.Equal(EndpointState.CoolingDown, h.State));
    }

    [Fact]
    public async Task Client_still_tries_cooling_endpoints_when_no_healthy_one_is_left()
    {
        _a.Mode = FaultMode.ServiceUnavailable;
        _b.Mode = FaultMode.ServiceUnavailable;
        await Assert.ThrowsAsync<RpcEndpointsUnavailableException>(() => _client.ChainIdAsync());
        _b.Mode = FaultMode.Pass;

        // Both rest until the same moment; rather than failing outright the call tries them anyway, A then B.
        Assert.Equal(31337UL, await _client.ChainIdAsync());

        Assert.Equal(EndpointState.Healthy, _client.GetEndpointHealth()[1].State);
    }

    [Fact]
    public async Task Stalled_A_is_skipped_while_its_block_number_lags_and_used_again_once_it_catches_up()
    {
        var head = await _direct.BlockNumberAsync();
        _a.FreezeBlockNumber(head);
        await _direct.MineAsync(5);

        await Failover.ProbeHeadsAsync();

        Assert.Equal(EndpointState.Stalled, HealthOfA.State);
        Assert.Equal(5UL, HealthOfA.BlocksBehind);
        var requestsToA = _a.RequestCount;
        Assert.Equal(head + 5, await _client.BlockNumberAsync());
        Assert.Equal(requestsToA, _a.RequestCount);

        _a.Mode = FaultMode.Pass;
        await Failover.ProbeHeadsAsync();

        Assert.Equal(EndpointState.Healthy, HealthOfA.State);
        Assert.Equal(head + 5, await _client.BlockNumberAsync());
        Assert.Equal(requestsToA + 2, _a.RequestCount);
    }

    [Fact]
    public async Task Stalled_A_is_detected_by_the_background_probe_when_head_checks_are_on()
    {
        using var client = RpcClient.Create([_a.Url, _b.Url], new RpcClientOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(2),
            Failover = new FailoverOptions { HeadCheckInterval = TimeSpan.FromMilliseconds(50), MaxBlockLag = 2 },
        });
        _a.FreezeBlockNumber(await _direct.BlockNumberAsync());
        await _direct.MineAsync(3);

        var deadline = Stopwatch.StartNew();
        while (client.GetEndpointHealth()[0].State != EndpointState.Stalled)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the background probe never marked A stalled");
            await Task.Delay(20);
        }
        Assert.True(_b.CountOf("eth_blockNumber") > 0);
    }

    [Fact]
    public async Task Errors_and_health_name_the_endpoint_without_its_credentials()
    {
        var closedPort = AnvilProcess.FreeTcpPort();
        var secretUrl = new Uri($"http://operator:s3cretpass@127.0.0.1:{closedPort}/v3/0123456789abcdef0123456789abcdef?apikey=TOPSECRETKEY");
        using var client = RpcClient.Create(secretUrl, new RpcClientOptions { RequestTimeout = TimeSpan.FromSeconds(2), Failover = new FailoverOptions { HeadCheckInterval = null } });

        var error = await Assert.ThrowsAsync<RpcEndpointsUnavailableException>(() => client.ChainIdAsync());

        var everything = error + " " + string.Join(" ", client.GetEndpointHealth().Select(h => $"{h.Endpoint} {h.LastError}"));
        foreach (var secret in new[] { "s3cretpass", "operator", "0123456789abcdef", "TOPSECRETKEY" })
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closedPort}", error.Message, StringComparison.Ordinal);
        Assert.Equal(RpcTransportFailure.ConnectionFailed, error.Failure);
    }

    [Fact]
    public async Task Credentials_in_the_url_are_sent_as_basic_authorization()
    {
        var withUser = new UriBuilder(_a.Url) { UserName = "operator", Password = "s3cret" }.Uri;
        using var client = RpcClient.Create(withUser, new RpcClientOptions { Failover = new FailoverOptions { HeadCheckInterval = null } });

        await client.ChainIdAsync();

        Assert.Equal("Basic " + Convert.ToBase64String("operator:s3cret"u8), _a.LastAuthorization);
    }
}
