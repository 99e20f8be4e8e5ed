using System.Numerics;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Tests.Abi;

public class AbiEventTests
{
    private static readonly AbiEvent Transfer = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)");
    private static readonly Address Alice = Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    private static readonly Address Bob = Address.Parse("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359");

    private static byte[] Topic(string hex) => Hex.DecodeFixed(hex, 32, "topic");

    [Fact]
    public void DecodeLog_reads_indexed_values_from_topics_and_the_rest_from_data()
    {
        var topics = new[]
        {
            Topic("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
            Alice.ToBytes32(),
            Bob.ToBytes32(),
        };
        var data = Hex.Decode("0x00000000000000000000000000000000000000000000000000000000000003e8");

        var values = Transfer.DecodeLog(topics, data);

        Assert.Equal(Alice, values["from"]);
        Assert.Equal(Bob, values["to"]);
        Assert.Equal(1000, values.Get<int>("value"));
        Assert.Equal($"from: {Alice}, to: {Bob}, value: 1000", values.ToString());
    }

    [Fact]
    public void EncodeLog_then_DecodeLog_round_trips_mixed_parameters()
    {
        var e = AbiEvent.Parse("event Sent(uint64 indexed nonce, string indexed tag, bytes payload, (address,uint8)[] route, bytes32 indexed id)");
        var values = new object?[] { (BigInteger)7, "urgent", new byte[] { 1, 2, 3 }, new object?[] { new object?[] { Alice, (BigInteger)2 } }, new byte[32] };

        var (topics, data) = e.EncodeLog(values);
        var decoded = e.DecodeLog(topics, data, AbiDecodingMode.Strict);

        Assert.Equal(4, topics.Count);
        Assert.Equal(e.Topic0.ToArray(), topics[0]);
        Assert.Equal(new BigInteger(7), decoded["nonce"]);
        var tag = Assert.IsType<HashedTopic>(decoded["tag"]);
        Assert.Equal(Keccak256.HashUtf8("urgent"), tag.Hash.ToArray());
        Assert.True(tag.Matches("urgent"));
        Assert.False(tag.Matches("normal"));
        Assert.True(AbiRandom.DeepEquals(values[2], decoded["payload"]));
        Assert.True(AbiRandom.DeepEquals(values[3], decoded["route"]));
        Assert.Equal(new byte[32], decoded["id"]);
    }

    // Recorded from solc 0.8 on anvil (see the contract in the comment): the spec's in-place encoding, where every
    // element is padded to 32 bytes with no lengths or offsets. cast's abi-encode-event differs here (it hashes the
    // full abi.encode), so these vectors come from the compiler itself.
    //   struct S { uint8 a; string b; }  struct P { uint256 x; uint256 y; }
    //   event A(uint256[] indexed xs, S indexed s, string[] indexed ss);          emit A([1,2], S(3,"abc"), ["ab","c"]);
    //   event B(bytes indexed b, uint256[2] indexed fixedArr, P indexed st);    emit B(hex"1234", [5,6], P(7,8));
    //   event C(S[] indexed nested, bytes32 indexed h, string indexed t) anonymous; emit C([S(1,"x"),S(2,"")], bytes32(9), "hello");
    [Fact]
    public void EncodeLog_hashes_indexed_arrays_and_structs_like_solc()
    {
        var a = AbiEvent.Parse("event A(uint256[] indexed xs, (uint8 a, string b) indexed s, string[] indexed ss)");
        AssertTopics(a.EncodeLog(new[] { 1, 2 }, new object[] { 3, "abc" }, new[] { "ab", "c" }).Topics,
            "0x1b94146e33082470b575289d1a133b874f51f657c31375b46e07b3a1c5a3f779",
            "0xe90b7bceb6e7df5418fb78d8ee546e97c83a08bbccc01a0644d599ccd2a7c2e0",
            "0x6ad4b36f27dbf8e0eacf56fbcfddb51ba92334d612728786e9acf99229fdeb72",
            "0xac410927311e8675d79aa8ee923c592524c93c4a436df8f4d3d5efe2b9d7b0a7");

        var b = AbiEvent.Parse("event B(bytes indexed b, uint256[2] indexed fixedArr, (uint256 x, uint256 y) indexed st)");
        AssertTopics(b.EncodeLog(new byte[] { 0x12, 0x34 }, new[] { 5, 6 }, new object[] { 7, 8 }).Topics,
            "0x703c00ebc187695f9a1611ef3f988f91e1fd4521125c8e4d487d98f3ca5a0fa5",
            "0x56570de287d73cd1cb6092bb8fdee6173974955fdef345ae579ee9f475ea7432",
            "0xbfd358e93f18da3ed276c3afdbdba00b8f0b6008a03476a6a86bd6320ee6938b",
            "0x24cd397636bedc6cf9b490d0edd57c769c19b367fb7d5c2344ae1ddc7d21c144");

        var c = AbiEvent.Parse("event C((uint8 a, string b)[] indexed nested, bytes32 indexed h, string indexed t) anonymous");
        var nine = new byte[32];
        nine[31] = 9;
        AssertTopics(c.EncodeLog(new object[] { new object[] { 1, "x" }, new object[] { 2, "" } }, nine, "hello").Topics,
            "0x1d3bd9435a1cf3eb02679ea930256f916580d41aa2037ad28632b1a5e44ba51a",
            "0x0000000000000000000000000000000000000000000000000000000000000009",
            "0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8");
    }

    private static void AssertTopics(IReadOnlyList<byte[]> actual, params string[] expected) =>
        Assert.Equal(expected, actual.Select(t => Hex.Encode(t)));

    [Fact]
    public void DecodeLog_of_an_anonymous_event_has_no_topic0()
    {
        var e = AbiEvent.Parse("event Ping(address indexed who, uint8 n) anonymous");
        var (topics, data) = e.EncodeLog(Alice, 3);
        Assert.Single(topics);
        Assert.Equal(Alice, e.DecodeLog(topics, data)["who"]);
    }

    [Fact]
    public void DecodeLog_rejects_another_event_and_a_different_indexed_layout()
    {
        var approval = AbiEvent.Parse("event Approval(address indexed owner, address indexed spender, uint256 value)");
        var (topics, data) = Transfer.EncodeLog(Alice, Bob, 5);
        Assert.Contains("is not Approval(address,address,uint256)",
            Assert.Throws<AbiDecodingException>(() => approval.DecodeLog(topics, data)).Message, StringComparison.Ordinal);

        // ERC-721 Transfer has the same topic0 but the token id is indexed too.
        var erc721 = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)");
        var error = Assert.Throws<AbiDecodingException>(() => erc721.DecodeLog(topics, data));
        Assert.Contains("log has 3 topics but Transfer(address,address,uint256) with 3 indexed parameters has 4", error.Message, StringComparison.Ordinal);
        Assert.False(erc721.Matches(topics));
    }

    [Fact]
    public void DecodeLog_rejects_a_dirty_indexed_address()
    {
        var (topics, data) = Transfer.EncodeLog(Alice, Bob, 5);
        topics[1][0] = 1;
        var error = Assert.Throws<AbiDecodingException>(() => Transfer.DecodeLog(topics, data));
        Assert.Equal(-1, error.Position);
        Assert.StartsWith("topic 1 (address indexed from): dirty high bits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeLog_accepts_hex_strings_as_json_rpc_returns_them()
    {
        var (topics, data) = Transfer.EncodeLog(Alice, Bob, 5);
        var values = Transfer.DecodeLog(topics.Select(t => Hex.Encode(t)).ToList(), Hex.Encode(data));
        Assert.Equal(5, values.Get<int>("value"));
    }

    [Fact]
    public void EncodeTopicFilter_builds_topic0_then_values_wildcards_and_alternatives()
    {
        var filter = Transfer.EncodeTopicFilter(null, new TopicAnyOf(Alice, Bob));

        Assert.Equal(3, filter.Count);
        Assert.Equal(Transfer.Topic0.ToArray(), Assert.Single(filter[0]!));
        Assert.Null(filter[1]);
        Assert.Equal([Alice.ToBytes32(), Bob.ToBytes32()], filter[2]!);
    }

    [Fact]
    public void EncodeTopicFilter_drops_trailing_wildcards_and_hashes_dynamic_values()
    {
        Assert.Single(Transfer.EncodeTopicFilter(null, null));
        var tagged = AbiEvent.Parse("event Tagged(string indexed tag)");
        Assert.Equal(Keccak256.HashUtf8("x"), Assert.Single(tagged.EncodeTopicFilter("x")[1]!));
        Assert.Throws<AbiEncodingException>(() => tagged.EncodeTopicFilter("x", "y"));
    }

    [Fact]
    public void Constructor_rejects_more_indexed_parameters_than_a_log_has_topics() =>
        Assert.Contains("at most 3",
            Assert.Throws<ArgumentException>(() => AbiEvent.Parse("event E(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d)")).Message,
            StringComparison.Ordinal);
}
