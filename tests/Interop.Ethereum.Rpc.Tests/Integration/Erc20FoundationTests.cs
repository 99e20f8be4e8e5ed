using System.Numerics;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Transactions;

namespace Interop.Ethereum.Rpc.Tests.Integration;

/// <summary>
/// The foundation end to end on a real anvil: a compiled contract deployed, read, transacted with and reverted,
/// with every byte on the wire produced and decoded by our own key, transaction, ABI and RPC layers.
/// </summary>
public sealed class Erc20FoundationTests(Erc20Chain chain) : IClassFixture<Erc20Chain>
{
    private static readonly Address Recipient = Address.Parse("0x00000000000000000000000000000000000a11ce");

    [Fact]
    public async Task Our_signed_deployment_is_mined_from_anvils_first_account_on_the_expected_chain()
    {
        Assert.Equal(Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), Erc20Chain.Owner.Address);
        Assert.Equal(Erc20Chain.ChainId, await chain.Client.ChainIdAsync());

        Assert.True(chain.Deployment.Succeeded);
        Assert.Equal(Erc20Chain.Owner.Address, chain.Deployment.From);
        Assert.Equal((byte)TransactionType.DynamicFee, chain.Deployment.Type);
        // What anvil runs is the runtime code solc emitted for TestERC20, with its immutables filled in at the end.
        var code = await chain.Client.GetCodeAsync(chain.Token);
        Assert.Equal(chain.Artifact.DeployedBytecode.Length, code.Length);
    }

    [Fact]
    public async Task View_calls_decode_name_symbol_decimals_owner_and_balance()
    {
        Assert.Equal("USD Coin", (await chain.CallAsync("name")).Get<string>(0));
        Assert.Equal("USDC", (await chain.CallAsync("symbol")).Get<string>(0));
        Assert.Equal(6, (await chain.CallAsync("decimals")).Get<int>(0));
        Assert.Equal(Erc20Chain.Owner.Address, (await chain.CallAsync("owner")).Get<Address>(0));
        Assert.Equal(100 * Erc20Chain.Usdc, (await chain.CallAsync("faucetAmount")).Get<BigInteger>(0));
        Assert.True(await chain.BalanceOfAsync(Erc20Chain.Owner.Address) > 0);
    }

    [Fact]
    public async Task Transfer_sent_as_a_signed_type_2_transaction_moves_the_tokens_and_logs_Transfer()
    {
        var amount = 250 * Erc20Chain.Usdc + 500_000; // 250.5 USDC
        var ownerBefore = await chain.BalanceOfAsync(Erc20Chain.Owner.Address);
        var recipientBefore = await chain.BalanceOfAsync(Recipient);

        var (transaction, receipt) = await chain.SendAsync(chain.Token, chain.Abi.GetFunction("transfer").EncodeCall(Recipient, amount));

        Assert.True(receipt.Succeeded);
        Assert.Equal(transaction.ComputeHash(), receipt.TransactionHash);
        Assert.Equal(Erc20Chain.Owner.Address, transaction.RecoverSender());
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(chain.Token, log.Address);
        var transfer = chain.Abi.DecodeLog(log.Topics, log.Data);
        Assert.NotNull(transfer);
        Assert.Equal("Transfer", transfer.Event.Name);
        Assert.Equal(Erc20Chain.Owner.Address, transfer.Values.Get<Address>("from"));
        Assert.Equal(Recipient, transfer.Values.Get<Address>("to"));
        Assert.Equal(amount, transfer.Values.Get<BigInteger>("value"));

        Assert.Equal(ownerBefore - amount, await chain.BalanceOfAsync(Erc20Chain.Owner.Address));
        Assert.Equal(recipientBefore + amount, await chain.BalanceOfAsync(Recipient));
    }

    [Fact]
    public async Task EthCall_of_a_transfer_beyond_the_balance_reverts_with_ERC20InsufficientBalance_and_its_arguments()
    {
        var (balance, call) = await OverdraftAsync();

        var error = await Assert.ThrowsAsync<ExecutionRevertedException>(() => chain.Client.EthCallAsync(call));

        AssertInsufficientBalance(error, balance);
    }

    [Fact]
    public async Task EstimateGas_of_a_transfer_beyond_the_balance_reverts_with_ERC20InsufficientBalance_and_its_arguments()
    {
        var (balance, call) = await OverdraftAsync();

        var error = await Assert.ThrowsAsync<ExecutionRevertedException>(() => chain.Client.EstimateGasAsync(call));

        Assert.Equal("eth_estimateGas", error.Method);
        AssertInsufficientBalance(error, balance);
    }

    [Fact]
    public async Task A_mined_transfer_beyond_the_balance_fails_and_replaying_it_with_eth_call_names_the_error()
    {
        var (balance, call) = await OverdraftAsync();

        // eth_estimateGas refuses a reverting call, so the relayer-style send gets an explicit gas limit.
        var (_, receipt) = await chain.SendAsync(call.To, call.Data!, gasLimit: 100_000);

        Assert.False(receipt.Succeeded);
        Assert.Empty(receipt.Logs);
        Assert.Equal(balance, await chain.BalanceOfAsync(Erc20Chain.Owner.Address));
        // The state the transaction ran against is the parent block's.
        var error = await Assert.ThrowsAsync<ExecutionRevertedException>(() =>
            chain.Client.EthCallAsync(call, BlockParameter.AtNumber(receipt.BlockNumber - 1)));
        AssertInsufficientBalance(error, balance);
    }

    private async Task<(BigInteger Balance, CallRequest Call)> OverdraftAsync()
    {
        var balance = await chain.BalanceOfAsync(Erc20Chain.Owner.Address);
        var data = chain.Abi.GetFunction("transfer").EncodeCall(Recipient, balance + 1);
        return (balance, new CallRequest { From = Erc20Chain.Owner.Address, To = chain.Token, Data = data });
    }

    private void AssertInsufficientBalance(ExecutionRevertedException error, BigInteger balance)
    {
        // Without the ABI only the selector is known; with it, the error and its arguments.
        Assert.Equal(chain.Abi.GetError("ERC20InsufficientBalance").Selector, Assert.IsType<RevertReason.Unrecognized>(error.Reason).Selector);
        var custom = Assert.IsType<RevertReason.Custom>(error.Decode(chain.Abi));
        Assert.Equal("ERC20InsufficientBalance", custom.Name);
        Assert.Equal(Erc20Chain.Owner.Address, custom.Arguments.Get<Address>("sender"));
        Assert.Equal(balance, custom.Arguments.Get<BigInteger>("balance"));
        Assert.Equal(balance + 1, custom.Arguments.Get<BigInteger>("needed"));
    }
}
