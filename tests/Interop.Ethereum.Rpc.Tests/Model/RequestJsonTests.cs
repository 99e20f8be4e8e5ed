using System.Numerics;
using TextEncoding = System.Text.Encoding;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Ethereum.Rpc.Tests.Model;

/// <summary>The exact params each typed method sends, as the execution-apis spec shapes them.</summary>
public sealed class RequestJsonTests
{
    private static readonly Address Alice = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    private static readonly Address Bob = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly byte[] TopicA = Keccak256.HashUtf8("a");
    private static readonly byte[] TopicB = Keccak256.HashUtf8("b");

    private static string ParamsOf(RpcRequest request) => TextEncoding.UTF8.GetString(request.ParamsJson.Span);

    private static string H(byte[] bytes) => Encoding.Hex.Encode(bytes);

    [Fact]
    public void BlockParameter_writes_tags_quantities_and_EIP1898_hashes()
    {
        Assert.Equal("""["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","latest"]""", ParamsOf(RpcMethods.GetBalance(Alice)));
        Assert.Equal("""["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","0x1a"]""", ParamsOf(RpcMethods.GetBalance(Alice, 26)));
        Assert.Equal("""["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","finalized"]""", ParamsOf(RpcMethods.GetBalance(Alice, BlockParameter.Finalized)));
        Assert.Equal($$"""["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",{"blockHash":"{{H(TopicA)}}","requireCanonical":true}]""",
            ParamsOf(RpcMethods.GetBalance(Alice, BlockParameter.AtHash(TopicA, requireCanonical: true))));
        Assert.Equal("""["pending",true]""", ParamsOf(RpcMethods.GetBlockByNumber(BlockParameter.Pending, fullTransactions: true)));
    }

    [Fact]
    public void GetBlockByNumber_rejects_a_block_hash_parameter()
    {
        Assert.Throws<ArgumentException>(() => RpcMethods.GetBlockByNumber(BlockParameter.AtHash(TopicA)));
    }

    [Fact]
    public void LogFilter_writes_one_address_as_a_string_several_as_an_array_and_topics_with_nulls_and_sets()
    {
        var filter = LogFilter.Range(1, 16) with { Addresses = [Alice], Topics = [[TopicA], null, [TopicA, TopicB]] };
        Assert.Equal(
            $$"""[{"address":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","topics":["{{H(TopicA)}}",null,["{{H(TopicA)}}","{{H(TopicB)}}"]],"fromBlock":"0x1","toBlock":"0x10"}]""",
            ParamsOf(RpcMethods.GetLogs(filter)));

        var byHash = LogFilter.AtBlockHash(TopicB) with { Addresses = [Alice, Bob] };
        Assert.Equal(
            $$"""[{"address":["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","0x70997970c51812dc3a010c7d01b50e0d17dc79c8"],"blockHash":"{{H(TopicB)}}"}]""",
            ParamsOf(RpcMethods.GetLogs(byHash)));
    }

    [Fact]
    public void LogFilter_rejects_filters_no_node_would_accept()
    {
        Assert.Throws<ArgumentException>(() => RpcMethods.GetLogs(LogFilter.Range(1, 2) with { BlockHash = TopicA }));
        Assert.Throws<ArgumentException>(() => RpcMethods.GetLogs(LogFilter.Range(5, 4)));
        Assert.Throws<ArgumentException>(() => RpcMethods.GetLogs(new LogFilter { Topics = [null, null, null, null, null] }));
        Assert.Throws<ArgumentException>(() => RpcMethods.GetLogs(new LogFilter { Topics = [[]] }));
        Assert.Throws<ArgumentException>(() => RpcMethods.GetLogs(new LogFilter { Topics = [[new byte[31]]] }));
        Assert.Throws<ArgumentException>(() => RpcMethods.GetLogs(new LogFilter { FromBlock = BlockParameter.AtHash(TopicA) }));
    }

    [Fact]
    public void CallRequest_writes_only_the_fields_that_are_set()
    {
        var call = new CallRequest { From = Alice, To = Bob, Value = BigInteger.Parse("1000000000000000000"), Data = [0xab, 0xcd], Gas = 50_000 };
        Assert.Equal(
            """[{"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","gas":"0xc350","value":"0xde0b6b3a7640000","data":"0xabcd"},"latest"]""",
            ParamsOf(RpcMethods.Call(call)));
        Assert.Equal("""[{"to":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8"}]""", ParamsOf(RpcMethods.EstimateGas(new CallRequest { To = Bob })));
    }

    [Fact]
    public void GetStorageAt_sends_the_slot_as_a_full_32_byte_word()
    {
        Assert.Equal(
            """["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","0x0000000000000000000000000000000000000000000000000000000000000007","latest"]""",
            ParamsOf(RpcMethods.GetStorageAt(Alice, 7)));
    }

    [Fact]
    public void FeeHistory_sends_the_block_count_as_a_quantity_and_rejects_unsorted_percentiles()
    {
        Assert.Equal("""["0xa","latest",[10,50.5,90]]""", ParamsOf(RpcMethods.FeeHistory(10, null, [10, 50.5, 90])));
        Assert.Throws<ArgumentException>(() => RpcMethods.FeeHistory(10, null, [50, 10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RpcMethods.FeeHistory(0));
    }

    [Fact]
    public void Create_serializes_ad_hoc_params_with_ethereum_encodings()
    {
        var request = RpcRequest.Create<object>("anvil_x", [Alice, new byte[] { 1, 2 }, new BigInteger(255), 5UL, true, null, "latest",
            new { from = Alice, to = (Address?)null, value = new BigInteger(16) }]);
        Assert.Equal(
            """["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","0x0102","0xff",5,true,null,"latest",{"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","value":"0x10"}]""",
            ParamsOf(request));
        Assert.Equal("[]", ParamsOf(RpcRequest.Create<object>("evm_snapshot")));
    }

    [Fact]
    public void Hash_parameters_must_be_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => RpcMethods.GetTransactionReceipt(new byte[31]));
        Assert.Throws<ArgumentException>(() => RpcMethods.GetBlockByHash(new byte[33]));
        Assert.Throws<ArgumentException>(() => BlockParameter.AtHash(new byte[20]));
    }
}
