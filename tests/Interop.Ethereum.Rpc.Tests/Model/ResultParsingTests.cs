using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Errors;

namespace Interop.Ethereum.Rpc.Tests.Model;

/// <summary>Results in the shapes other clients (geth, reth) send, beyond what anvil exercises.</summary>
public sealed class ResultParsingTests
{
    private static T Parse<T>(RpcRequest<T> request, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return request.ParseResult(new RpcResponse(doc.RootElement.Clone(), "http://node"));
    }

    private static readonly byte[] AnyHash = Crypto.Keccak256.HashUtf8("x");

    [Fact]
    public void Receipt_reads_a_geth_receipt_with_logs()
    {
        const string json = """
            {"blockHash":"0x1d59ff54b1eb26b013ce3cb5fc9dab3705b415a67127a003c3e61eb445bb8df2","blockNumber":"0x5daf3b",
             "contractAddress":null,"cumulativeGasUsed":"0x33bc","effectiveGasPrice":"0x4a817c800","from":"0xa7d9ddbe1f17865597fbd27ec712455208b6b76d",
             "gasUsed":"0x4dc","logs":[{"address":"0x5baf84167cad405ce7b2e8458af73975f9489291","topics":["0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"],
             "data":"0x0000000000000000000000000000000000000000000000000000000000000001","blockNumber":"0x5daf3b",
             "transactionHash":"0x85d995eba9763907fdf35cd2034144dd9d53ce32cbec21349d4b12823c6860c5","transactionIndex":"0x41",
             "blockHash":"0x1d59ff54b1eb26b013ce3cb5fc9dab3705b415a67127a003c3e61eb445bb8df2","logIndex":"0x0","removed":false}],
             "logsBloom":"0x00","status":"0x1","to":"0xf02c1c8e6114b1dbe8937a39260b5b0a374432bb",
             "transactionHash":"0x85d995eba9763907fdf35cd2034144dd9d53ce32cbec21349d4b12823c6860c5","transactionIndex":"0x41","type":"0x2"}
            """;

        var receipt = Parse(RpcMethods.GetTransactionReceipt(AnyHash), json)!;

        Assert.True(receipt.Succeeded);
        Assert.Equal(0x5daf3bUL, receipt.BlockNumber);
        Assert.Equal(0x4dcUL, receipt.GasUsed);
        Assert.Equal(new BigInteger(20_000_000_000), receipt.EffectiveGasPrice);
        Assert.Null(receipt.ContractAddress);
        Assert.Equal(2, receipt.Type);
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(Address.Parse("0x5baf84167cad405ce7b2e8458af73975f9489291"), log.Address);
        Assert.Equal(0x41UL, log.TransactionIndex);
        Assert.Equal(Hex.Decode("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"), Assert.Single(log.Topics));
    }

    [Fact]
    public void Receipt_is_null_when_the_result_is_null()
    {
        Assert.Null(Parse(RpcMethods.GetTransactionReceipt(AnyHash), "null"));
    }

    [Fact]
    public void Quantities_read_hex_and_reject_what_is_not_a_quantity()
    {
        Assert.Equal(26UL, Parse(RpcMethods.BlockNumber(), "\"0x1a\""));
        Assert.Equal(0UL, Parse(RpcMethods.BlockNumber(), "\"0x0\""));
        Assert.Equal(BigInteger.Pow(2, 200), Parse(RpcMethods.GetBalance(Address.Zero), $"\"0x1{new string('0', 50)}\""));

        var error = Assert.Throws<RpcResponseFormatException>(() => Parse(RpcMethods.BlockNumber(), "\"0xzz\""));
        Assert.Equal("eth_blockNumber", error.Method);
        Assert.Contains("http://node", error.Message, StringComparison.Ordinal);
        Assert.Throws<RpcResponseFormatException>(() => Parse(RpcMethods.BlockNumber(), "\"0x10000000000000000\""));
        Assert.Throws<RpcResponseFormatException>(() => Parse(RpcMethods.BlockNumber(), "{}"));
    }

    [Fact]
    public void Block_reports_the_missing_field_by_name_when_the_result_is_incomplete()
    {
        var error = Assert.Throws<RpcResponseFormatException>(() =>
            Parse(RpcMethods.GetBlockByNumber(1), """{"number":"0x1","transactions":[]}"""));
        Assert.Contains("parentHash", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StorageAt_pads_a_short_word_to_32_bytes()
    {
        var word = Parse(RpcMethods.GetStorageAt(Address.Zero, 0), "\"0x2a\"");
        Assert.Equal(32, word.Length);
        Assert.Equal(0x2a, word[31]);
    }

    [Fact]
    public void FeeHistory_without_percentiles_has_no_rewards()
    {
        var history = Parse(RpcMethods.FeeHistory(1), """{"oldestBlock":"0x10","baseFeePerGas":["0x7","0x8"],"gasUsedRatio":[0.5]}""");
        Assert.Equal(16UL, history.OldestBlock);
        Assert.Empty(history.Reward);
        Assert.Equal(new BigInteger(8), history.NextBaseFeePerGas);
    }

    [Fact]
    public void Generic_requests_read_quantities_into_numbers_and_data_into_bytes()
    {
        Assert.Equal(26UL, Parse(RpcRequest.Create<ulong>("evm_snapshot"), "\"0x1a\""));
        Assert.Equal(new BigInteger(255), Parse(RpcRequest.Create<BigInteger>("x"), "\"0xff\""));
        Assert.Equal(new byte[] { 0xab }, Parse(RpcRequest.Create<byte[]>("x"), "\"0xab\""));
        Assert.True(Parse(RpcRequest.Create<bool>("evm_revert"), "true"));
    }
}
