using System.Numerics;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Rpc.Tests.Support;

namespace Interop.Ethereum.Rpc.Tests.Anvil;

[Collection(AnvilCollection.Name)]
public sealed class LogsTests(AnvilFixture fixture)
{
    private static readonly byte[] Transfer = Keccak256.HashUtf8("Transfer(address,address,uint256)");
    private static readonly byte[] Approval = Keccak256.HashUtf8("Approval(address,address,uint256)");
    private static readonly byte[] Alice = Keccak256.HashUtf8("alice");
    private static readonly byte[] Bob = Keccak256.HashUtf8("bob");
    private static readonly byte[] Carol = Keccak256.HashUtf8("carol");

    private readonly RpcClient _client = fixture.Client;

    [Fact]
    public async Task GetLogs_filters_by_address_topic_sets_wildcards_and_block_range()
    {
        var a = await _client.DeployAsync(Bytecode.Emitter);
        var b = await _client.DeployAsync(Bytecode.Emitter);
        var from = await _client.BlockNumberAsync() + 1;
        var t1 = await EmitAsync(a, Transfer, Alice, 1);
        var t2 = await EmitAsync(a, Transfer, Bob, 2);
        var t3 = await EmitAsync(a, Approval, Alice, 3);
        var t4 = await EmitAsync(b, Transfer, Carol, 4);
        var to = await _client.BlockNumberAsync();
        var range = LogFilter.Range(from, to);

        var all = await _client.GetLogsAsync(range with { Addresses = [a, b] });
        Assert.Equal([t1, t2, t3, t4], all.Select(l => l.TransactionHash));

        var onlyA = await _client.GetLogsAsync(range with { Addresses = [a] });
        Assert.Equal([t1, t2, t3], onlyA.Select(l => l.TransactionHash));

        var transfers = await _client.GetLogsAsync(range with { Addresses = [a, b], Topics = [[Transfer]] });
        Assert.Equal([t1, t2, t4], transfers.Select(l => l.TransactionHash));

        var transferOrApprovalToAliceOrCarol = await _client.GetLogsAsync(range with { Addresses = [a, b], Topics = [[Transfer, Approval], [Alice, Carol]] });
        Assert.Equal([t1, t3, t4], transferOrApprovalToAliceOrCarol.Select(l => l.TransactionHash));

        var anyEventToAlice = await _client.GetLogsAsync(range with { Addresses = [a, b], Topics = [null, [Alice]] });
        Assert.Equal([t1, t3], anyEventToAlice.Select(l => l.TransactionHash));

        var nothing = await _client.GetLogsAsync(range with { Addresses = [a, b], Topics = [[Keccak256.HashUtf8("Other()")]] });
        Assert.Empty(nothing);

        var onlyFirstBlock = await _client.GetLogsAsync(LogFilter.Range(from, from) with { Addresses = [a, b] });
        Assert.Equal([t1], onlyFirstBlock.Select(l => l.TransactionHash));
    }

    [Fact]
    public async Task GetLogs_returns_the_fields_of_each_log_and_filters_by_block_hash()
    {
        var emitter = await _client.DeployAsync(Bytecode.Emitter);
        var hash = await EmitAsync(emitter, Transfer, Bob, 42);
        var receipt = await _client.GetTransactionReceiptAsync(hash);

        var logs = await _client.GetLogsAsync(LogFilter.AtBlockHash(receipt!.BlockHash) with { Addresses = [emitter] });

        var log = Assert.Single(logs);
        Assert.Equal(emitter, log.Address);
        Assert.Equal([Transfer, Bob], log.Topics);
        Assert.Equal(Bytecode.Word(42), log.Data);
        Assert.Equal(receipt.BlockNumber, log.BlockNumber);
        Assert.Equal(receipt.BlockHash, log.BlockHash);
        Assert.Equal(hash, log.TransactionHash);
        Assert.Equal(0UL, log.LogIndex);
        Assert.False(log.Removed);
        var fromReceipt = Assert.Single(receipt.Logs);
        Assert.Equal(log.Topics, fromReceipt.Topics);
        Assert.Equal(log.Data, fromReceipt.Data);
    }

    private async Task<byte[]> EmitAsync(Address emitter, byte[] topic0, byte[] topic1, byte value)
    {
        var receipt = await _client.TransactAsync(DevChain.Sender, emitter, [.. topic0, .. topic1, .. Bytecode.Word(value)], gas: new BigInteger(100_000));
        Assert.True(receipt.Succeeded);
        return receipt.TransactionHash;
    }
}
