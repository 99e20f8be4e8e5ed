using System.Numerics;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Rpc.Tests.Support;

namespace Interop.Ethereum.Rpc.Tests.Anvil;

[Collection(AnvilCollection.Name)]
public sealed class BatchTests(AnvilFixture fixture)
{
    private readonly RpcClient _client = fixture.Client;

    [Fact]
    public async Task SendBatch_returns_ten_typed_results_matching_single_calls()
    {
        var chainId = RpcMethods.ChainId();
        var head = RpcMethods.BlockNumber();
        var genesis = RpcMethods.GetBlockByNumber(BlockParameter.Earliest);
        var balances = Enumerable.Range(0, 5)
            .Select(i => RpcMethods.GetBalance(i == 0 ? DevChain.Account0 : Address.Parse($"0x{i:x40}"), BlockParameter.AtNumber(0)))
            .ToArray();
        var code = RpcMethods.GetCode(DevChain.Account0);
        var tip = RpcMethods.MaxPriorityFeePerGas();
        RpcRequest[] batch = [chainId, head, genesis, .. balances, code, tip];
        Assert.Equal(10, batch.Length);

        var results = await _client.SendBatchAsync(batch);

        Assert.Equal(10, results.Count);
        Assert.Equal(31337UL, results.Get(chainId).Value);
        Assert.Equal(await _client.BlockNumberAsync(), results.Get(head).Value);
        Assert.Equal(0UL, results.Get(genesis).Value!.Number);
        Assert.Equal(10_000 * DevChain.Ether, results.Get(balances[0]).Value);
        Assert.All(balances.Skip(1), b => Assert.Equal(BigInteger.Zero, results.Get(b).Value));
        Assert.Empty(results.Get(code).Value);
        Assert.True(results.Get(tip).Value > 0);
    }

    [Fact]
    public async Task SendBatch_fails_only_the_item_whose_call_failed()
    {
        var chainId = RpcMethods.ChainId();
        var unknown = RpcRequest.Create<string>("eth_noSuchMethod");
        var head = RpcMethods.BlockNumber();

        var results = await _client.SendBatchAsync([chainId, unknown, head]);

        Assert.True(results.Get(chainId).IsSuccess);
        Assert.True(results.Get(head).IsSuccess);
        var failed = results.Get(unknown);
        Assert.False(failed.IsSuccess);
        var error = Assert.IsType<JsonRpcException>(failed.Error);
        Assert.Equal(JsonRpcException.Codes.MethodNotFound, error.Code);
        Assert.Equal("eth_noSuchMethod", error.Method);
        Assert.Throws<JsonRpcException>(() => failed.Value);
    }

    [Fact]
    public async Task SendBatch_returns_an_empty_result_without_a_request_when_given_no_calls()
    {
        var results = await _client.SendBatchAsync([]);
        Assert.Equal(0, results.Count);
    }
}
