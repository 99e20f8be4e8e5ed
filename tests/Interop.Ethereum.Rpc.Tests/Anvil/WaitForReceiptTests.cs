using Interop.Ethereum.Rpc.Tests.Support;

namespace Interop.Ethereum.Rpc.Tests.Anvil;

[Collection(AnvilCollection.Name)]
public sealed class WaitForReceiptTests(AnvilFixture fixture)
{
    private readonly RpcClient _client = fixture.Client;

    [Fact]
    public async Task WaitForReceipt_returns_the_receipt_once_the_transaction_is_mined()
    {
        await _client.SetAutomineAsync(false);
        try
        {
            var hash = await _client.SendTransactionAsync(DevChain.Sender, DevChain.Deployer, value: 1);
            var waiting = _client.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
            Assert.Null(await _client.GetTransactionReceiptAsync(hash));
            Assert.False(waiting.IsCompleted);

            await _client.MineAsync();
            var receipt = await waiting;

            Assert.Equal(hash, receipt.TransactionHash);
            Assert.True(receipt.Succeeded);
        }
        finally
        {
            await _client.SetAutomineAsync(true);
        }
    }

    [Fact]
    public async Task WaitForReceipt_throws_TimeoutException_when_the_transaction_is_never_mined()
    {
        await _client.SetAutomineAsync(false);
        try
        {
            var hash = await _client.SendTransactionAsync(DevChain.Sender, DevChain.Deployer, value: 1);

            var error = await Assert.ThrowsAsync<TimeoutException>(() =>
                _client.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50)));

            Assert.Contains(hash.ToHex(), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await _client.MineAsync();
            await _client.SetAutomineAsync(true);
        }
    }

    [Fact]
    public async Task WaitForReceipt_stops_when_cancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var neverSent = Crypto.Keccak256.HashUtf8("never sent");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _client.WaitForReceiptAsync(neverSent, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), cts.Token));
    }
}
