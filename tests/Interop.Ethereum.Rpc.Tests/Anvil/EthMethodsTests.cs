using System.Numerics;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Rpc.Tests.Support;

namespace Interop.Ethereum.Rpc.Tests.Anvil;

[Collection(AnvilCollection.Name)]
public sealed class EthMethodsTests(AnvilFixture fixture)
{
    private readonly RpcClient _client = fixture.Client;

    [Fact]
    public async Task ChainId_returns_the_chain_id_anvil_was_started_with()
    {
        Assert.Equal(31337UL, await _client.ChainIdAsync());
        Assert.Equal("31337", await _client.NetVersionAsync());
        Assert.StartsWith("anvil", await _client.ClientVersionAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BlockNumber_advances_by_the_mined_count_when_anvil_mines_blocks()
    {
        var before = await _client.BlockNumberAsync();
        await _client.MineAsync(5);
        Assert.Equal(before + 5, await _client.BlockNumberAsync());
    }

    [Fact]
    public async Task GetBlockByNumber_and_GetBlockByHash_return_the_same_block()
    {
        await _client.MineAsync(2);
        var latest = await _client.GetBlockByNumberAsync(BlockParameter.Latest);
        Assert.NotNull(latest);
        var byNumber = await _client.GetBlockByNumberAsync(latest.Number);
        var byHash = await _client.GetBlockByHashAsync(latest.Hash);
        Assert.NotNull(byNumber);
        Assert.NotNull(byHash);
        Assert.Equal(latest.Hash, byNumber.Hash);
        Assert.Equal(latest.Hash, byHash.Hash);
        Assert.Equal(latest.Number, byHash.Number);
        Assert.Equal(latest.Timestamp, byHash.Timestamp);
        Assert.NotNull(latest.BaseFeePerGas);
        Assert.Equal(32, latest.Hash.Length);

        var parent = await _client.GetBlockByNumberAsync(latest.Number - 1);
        Assert.Equal(parent!.Hash, latest.ParentHash);
    }

    [Fact]
    public async Task GetBlock_returns_null_when_the_block_does_not_exist()
    {
        var head = await _client.BlockNumberAsync();
        Assert.Null(await _client.GetBlockByNumberAsync(head + 1000));
        Assert.Null(await _client.GetBlockByHashAsync(Keccak256.HashUtf8("no such block")));
    }

    [Fact]
    public async Task GetBlockByNumber_returns_transactions_in_full_when_asked()
    {
        var receipt = await _client.TransactAsync(DevChain.Sender, DevChain.Deployer, value: 12345);
        var hash = receipt.TransactionHash;

        var light = await _client.GetBlockByNumberAsync(receipt.BlockNumber);
        var full = await _client.GetBlockByNumberAsync(receipt.BlockNumber, fullTransactions: true);

        Assert.Null(light!.Transactions);
        Assert.Equal(hash, Assert.Single(light.TransactionHashes));
        var tx = Assert.Single(full!.Transactions!);
        Assert.Equal(hash, tx.Hash);
        Assert.Equal(DevChain.Sender, tx.From);
        Assert.Equal(DevChain.Deployer, tx.To);
        Assert.Equal(new BigInteger(12345), tx.Value);
        Assert.Equal(hash, Assert.Single(full.TransactionHashes));
    }

    [Fact]
    public async Task GetBalance_returns_10000_ether_for_the_first_default_account_at_genesis()
    {
        // At block 0, so transactions of other tests cannot change the answer.
        Assert.Equal(10_000 * DevChain.Ether, await _client.GetBalanceAsync(DevChain.Account0, BlockParameter.AtNumber(0)));
        Assert.Equal(10_000 * DevChain.Ether, await _client.GetBalanceAsync(DevChain.Account0, BlockParameter.Earliest));
        Assert.Equal(BigInteger.Zero, await _client.GetBalanceAsync(Address.Parse("0x000000000000000000000000000000000000dEaD"), BlockParameter.AtNumber(0)));
    }

    [Fact]
    public async Task GetBalance_at_a_block_hash_reads_that_blocks_state_when_given_EIP1898_parameter()
    {
        var genesis = await _client.GetBlockByNumberAsync(BlockParameter.Earliest);
        Assert.Equal(10_000 * DevChain.Ether, await _client.GetBalanceAsync(DevChain.Account0, BlockParameter.AtHash(genesis!.Hash, requireCanonical: true)));
    }

    [Fact]
    public async Task GetTransactionCount_pending_counts_queued_transactions_that_latest_does_not()
    {
        var latestBefore = await _client.GetTransactionCountAsync(DevChain.Sender, BlockParameter.Latest);
        await _client.SetAutomineAsync(false);
        try
        {
            await _client.SendTransactionAsync(DevChain.Sender, DevChain.Deployer, value: 1);
            Assert.Equal(latestBefore, await _client.GetTransactionCountAsync(DevChain.Sender, BlockParameter.Latest));
            Assert.Equal(latestBefore + 1, await _client.GetTransactionCountAsync(DevChain.Sender, BlockParameter.Pending));
            await _client.MineAsync();
            Assert.Equal(latestBefore + 1, await _client.GetTransactionCountAsync(DevChain.Sender, BlockParameter.Latest));
        }
        finally
        {
            await _client.SetAutomineAsync(true);
        }
    }

    [Fact]
    public async Task FeeHistory_returns_one_more_base_fee_than_blocks_and_a_reward_per_percentile()
    {
        var head = (await _client.TransactAsync(DevChain.Sender, DevChain.Deployer, value: 1)).BlockNumber;
        var history = await _client.FeeHistoryAsync(3, BlockParameter.Latest, [25, 75]);

        Assert.Equal(head - 2, history.OldestBlock);
        Assert.Equal(4, history.BaseFeePerGas.Count);
        Assert.Equal(3, history.GasUsedRatio.Count);
        Assert.Equal(3, history.Reward.Count);
        Assert.All(history.Reward, row => Assert.Equal(2, row.Count));
        Assert.All(history.BaseFeePerGas, fee => Assert.True(fee > 0));
        Assert.True(history.GasUsedRatio[^1] > 0, "the last block holds a transfer");
        var latest = await _client.GetBlockByNumberAsync(BlockParameter.Latest);
        Assert.Equal(latest!.BaseFeePerGas, history.BaseFeePerGas[^2]);
    }

    [Fact]
    public async Task MaxPriorityFeePerGas_and_GasPrice_return_positive_wei_amounts()
    {
        Assert.True(await _client.MaxPriorityFeePerGasAsync() > 0);
        Assert.True(await _client.GasPriceAsync() > 0);
    }

    [Fact]
    public async Task GetCode_is_empty_for_an_address_without_code_and_the_runtime_for_a_contract()
    {
        Assert.Empty(await _client.GetCodeAsync(Address.Parse("0x1111111111111111111111111111111111111111")));
        var emitter = await _client.DeployAsync(Bytecode.Emitter);
        Assert.Equal(Bytecode.Emitter, await _client.GetCodeAsync(emitter));
    }

    [Fact]
    public async Task GetStorageAt_returns_the_32_byte_word_stored_in_a_slot()
    {
        var account = Address.Parse("0x2222222222222222222222222222222222222222");
        var value = Keccak256.HashUtf8("stored");
        await _client.CallAsync("anvil_setStorageAt", [account, Bytecode.Word(7), value]);

        Assert.Equal(value, await _client.GetStorageAtAsync(account, 7));
        Assert.Equal(new byte[32], await _client.GetStorageAtAsync(account, 8));
    }

    [Fact]
    public async Task SendRawTransaction_returns_the_keccak_hash_of_the_signed_transaction_when_it_is_valid()
    {
        var nonce = await _client.GetTransactionCountAsync(DevChain.Sender, BlockParameter.Pending);
        // Anvil signs with its unlocked key; our own signer arrives with the Transactions layer.
        var raw = await _client.CallAsync<byte[]>("eth_signTransaction", [new
        {
            from = DevChain.Sender, to = DevChain.Deployer, value = new BigInteger(7), gas = new BigInteger(21000),
            maxFeePerGas = new BigInteger(10_000_000_000), maxPriorityFeePerGas = new BigInteger(1), nonce = new BigInteger(nonce),
        }]);

        var hash = await _client.SendRawTransactionAsync(raw);

        Assert.Equal(Keccak256.Hash(raw), hash);
        Assert.True((await _client.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10))).Succeeded);
        var tx = await _client.GetTransactionByHashAsync(hash);
        Assert.NotNull(tx);
        Assert.Equal(2, tx.Type);
        Assert.Equal(nonce, tx.Nonce);
        Assert.Equal(31337UL, tx.ChainId);
        Assert.Equal(21000UL, tx.Gas);
    }

    [Fact]
    public async Task GetTransactionReceipt_reports_status_gas_price_block_and_contract_address_of_a_deployment()
    {
        var hash = await _client.SendTransactionAsync(DevChain.Deployer, null, Bytecode.Creation(Bytecode.Emitter));
        await _client.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
        var receipt = await _client.GetTransactionReceiptAsync(hash);

        Assert.NotNull(receipt);
        Assert.True(receipt.Succeeded);
        Assert.Equal(hash, receipt.TransactionHash);
        Assert.Equal(DevChain.Deployer, receipt.From);
        Assert.Null(receipt.To);
        Assert.NotNull(receipt.ContractAddress);
        Assert.True(receipt.GasUsed > 21000);
        Assert.True(receipt.EffectiveGasPrice > 0);
        Assert.Empty(receipt.Logs);
        var block = await _client.GetBlockByNumberAsync(receipt.BlockNumber);
        Assert.Equal(block!.Hash, receipt.BlockHash);
        Assert.Contains(hash, block.TransactionHashes);
    }

    [Fact]
    public async Task GetTransactionReceipt_reports_failure_when_the_transaction_reverted_on_chain()
    {
        var reverter = await _client.DeployAsync(Bytecode.RevertingWith(Bytecode.ErrorString("nope")));
        // An explicit gas limit skips estimation, which would refuse the reverting call up front.
        var receipt = await _client.TransactAsync(DevChain.Sender, reverter, gas: 100_000);

        Assert.False(receipt.Succeeded);
        Assert.Equal(0UL, receipt.Status);
    }

    [Fact]
    public async Task GetTransactionReceipt_and_GetTransactionByHash_return_null_for_an_unknown_hash()
    {
        var unknown = Keccak256.HashUtf8("unknown tx");
        Assert.Null(await _client.GetTransactionReceiptAsync(unknown));
        Assert.Null(await _client.GetTransactionByHashAsync(unknown));
    }

    [Fact]
    public async Task EstimateGas_returns_21000_for_a_plain_transfer()
    {
        var gas = await _client.EstimateGasAsync(new CallRequest { From = DevChain.Sender, To = DevChain.Deployer, Value = 1 });
        Assert.Equal(21000UL, gas);
    }

    [Fact]
    public async Task EthCall_returns_the_return_data_when_the_call_succeeds()
    {
        // The identity precompile (0x04) returns its input.
        var identity = Address.Parse("0x0000000000000000000000000000000000000004");
        var result = await _client.EthCallAsync(new CallRequest { To = identity, Data = Hex.Decode("0x1234abcd") });
        Assert.Equal(Hex.Decode("0x1234abcd"), result);
    }
}
