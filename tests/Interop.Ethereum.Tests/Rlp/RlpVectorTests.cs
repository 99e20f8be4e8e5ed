using System.Numerics;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rlp;

namespace Interop.Ethereum.Tests.Rlp;

/// <summary>Known answers from the RLP specification and ethereum/tests RLPTests (rlptest.json, invalidRLPTest.json).</summary>
public class RlpVectorTests
{
    private static RlpString S(string utf8) => RlpString.FromUtf8(utf8);
    private static RlpString N(ulong value) => RlpString.FromUInt64(value);
    private static RlpString Big(string decimalValue) => RlpString.FromBigInteger(BigInteger.Parse(decimalValue, System.Globalization.CultureInfo.InvariantCulture));
    private static RlpList L(params RlpItem[] items) => new(items);

    private static readonly RlpList Triple = L(S("asdf"), S("qwer"), S("zxcv"));

    public static TheoryData<string, RlpItem, string> Valid => new()
    {
        // The examples in the RLP specification.
        { "spec: dog", S("dog"), "0x83646f67" },
        { "spec: [cat, dog]", L(S("cat"), S("dog")), "0xc88363617483646f67" },
        { "spec: empty string", RlpString.Empty, "0x80" },
        { "spec: empty list", RlpList.Empty, "0xc0" },
        { "spec: integer 0", N(0), "0x80" },
        { "spec: byte 0x00", new RlpString([0x00]), "0x00" },
        { "spec: byte 0x0f", new RlpString([0x0f]), "0x0f" },
        { "spec: bytes 0x0400", new RlpString([0x04, 0x00]), "0x820400" },
        { "spec: integer 15", N(15), "0x0f" },
        { "spec: integer 1024", N(1024), "0x820400" },
        { "spec: set-theoretic three", L(RlpList.Empty, L(RlpList.Empty), L(RlpList.Empty, L(RlpList.Empty))), "0xc7c0c1c0c3c0c1c0" },
        { "spec: 56-byte lorem ipsum", S("Lorem ipsum dolor sit amet, consectetur adipisicing elit"), "0xb8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974" },

        // rlptest.json
        { "emptystring", S(""), "0x80" },
        { "bytestring00", S("\u0000"), "0x00" },
        { "bytestring01", S("\u0001"), "0x01" },
        { "bytestring7F", S("\u007F"), "0x7f" },
        { "shortstring", S("dog"), "0x83646f67" },
        { "shortstring2", S("Lorem ipsum dolor sit amet, consectetur adipisicing eli"), "0xb74c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c69" },
        { "longstring", S("Lorem ipsum dolor sit amet, consectetur adipisicing elit"), "0xb8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974" },
        { "zero", N(0), "0x80" },
        { "smallint", N(1), "0x01" },
        { "smallint2", N(16), "0x10" },
        { "smallint3", N(79), "0x4f" },
        { "smallint4", N(127), "0x7f" },
        { "mediumint1", N(128), "0x8180" },
        { "mediumint2", N(1000), "0x8203e8" },
        { "mediumint3", N(100000), "0x830186a0" },
        { "mediumint4", Big("83729609699884896815286331701780722"), "0x8f102030405060708090a0b0c0d0e0f2" },
        { "mediumint5", Big("105315505618206987246253880190783558935785933862974822347068935681"), "0x9c0100020003000400050006000700080009000a000b000c000d000e01" },
        { "emptylist", RlpList.Empty, "0xc0" },
        { "stringlist", L(S("dog"), S("god"), S("cat")), "0xcc83646f6783676f6483636174" },
        { "multilist", L(S("zw"), L(N(4)), N(1)), "0xc6827a77c10401" },
        { "shortListMax1", L(S("asdf"), S("qwer"), S("zxcv"), S("asdf"), S("qwer"), S("zxcv"), S("asdf"), S("qwer"), S("zxcv"), S("asdf"), S("qwer")), "0xf784617364668471776572847a78637684617364668471776572847a78637684617364668471776572847a78637684617364668471776572" },
        { "longList1", L(Triple, Triple, Triple, Triple), "0xf840" + string.Concat(Enumerable.Repeat("cf84617364668471776572847a786376", 4)) },
        { "longList2", new RlpList(Enumerable.Repeat<RlpItem>(Triple, 32)), "0xf90200" + string.Concat(Enumerable.Repeat("cf84617364668471776572847a786376", 32)) },
        { "listsoflists", L(L(RlpList.Empty, RlpList.Empty), RlpList.Empty), "0xc4c2c0c0c0" },
        { "listsoflists2", L(RlpList.Empty, L(RlpList.Empty), L(RlpList.Empty, L(RlpList.Empty))), "0xc7c0c1c0c3c0c1c0" },
        { "dictTest1", L(L(S("key1"), S("val1")), L(S("key2"), S("val2")), L(S("key3"), S("val3")), L(S("key4"), S("val4"))), "0xecca846b6579318476616c31ca846b6579328476616c32ca846b6579338476616c33ca846b6579348476616c34" },
        { "bigint", Big("115792089237316195423570985008687907853269984665640564039457584007913129639936"), "0xa1010000000000000000000000000000000000000000000000000000000000000000" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Encode_produces_the_published_bytes(string name, RlpItem item, string expected)
    {
        Assert.Equal(expected, Hex.Encode(item.Encode()));
        Assert.Equal(Hex.Decode(expected).Length, item.EncodedLength);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Decode_of_the_published_bytes_gives_the_item(string name, RlpItem item, string encoded) =>
        Assert.True(item.Equals(RlpDecoder.Decode(Hex.Decode(encoded))), name);

    [Fact]
    public void Encode_uses_a_three_byte_length_for_a_1024_byte_string()
    {
        // rlptest.json "longstring2": a 1024-character lorem ipsum encodes as b9 0400 ‖ text.
        var text = new byte[1024];
        new Random(1024).NextBytes(text);
        var encoded = new RlpString(text).Encode();
        Assert.Equal("0xb90400", Hex.Encode(encoded.AsSpan(0, 3)));
        Assert.Equal(text, encoded[3..]);
    }

    [Fact]
    public void Convenience_encoders_match_the_item_encoding()
    {
        Assert.Equal("0x8203e8", Hex.Encode(RlpEncoder.EncodeUInt64(1000)));
        Assert.Equal("0x80", Hex.Encode(RlpEncoder.EncodeBigInteger(BigInteger.Zero)));
        Assert.Equal("0x8f102030405060708090a0b0c0d0e0f2", Hex.Encode(RlpEncoder.EncodeBigInteger(BigInteger.Parse("83729609699884896815286331701780722", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal("0x943535353535353535353535353535353535353535", Hex.Encode(RlpEncoder.EncodeAddress(Address.Parse("0x3535353535353535353535353535353535353535"))));
        Assert.Equal("0x7f", Hex.Encode(RlpEncoder.EncodeString([0x7f])));
        Assert.Equal("0x8180", Hex.Encode(RlpEncoder.EncodeString([0x80])));
        Assert.Equal("0xc88363617483646f67", Hex.Encode(RlpEncoder.EncodeList(S("cat"), S("dog"))));
        Assert.Equal("0x88" + "ffffffffffffffff", Hex.Encode(RlpEncoder.EncodeUInt64(ulong.MaxValue)));
    }

    // invalidRLPTest.json, plus the empty input.
    [Theory]
    [InlineData("int32Overflow", "0xbf0f000000000000021111", "truncated")]
    [InlineData("int32Overflow2", "0xff0f000000000000021111", "truncated")]
    [InlineData("wrongSizeList", "0xf80180", "short form")]
    [InlineData("wrongSizeList2", "0xf80100", "short form")]
    [InlineData("incorrectLengthInArray", "0xb9002100dc2b275d0f74e8a53e6f4ec61b27f24278820be3f82ea2110e582081b0565df0", "leading zero")]
    [InlineData("randomRLP", "0xf861f83eb9002100dc2b275d0f74e8a53e6f4ec61b27f24278820be3f82ea2110e582081b0565df027b90015002d5ef8325ae4d034df55d4b58d0dfba64d61ddd17be00000b9001a00dae30907045a2f66fa36f2bb8aa9029cbb0b8a7b3b5c435ab331", "leading zero")]
    [InlineData("bytesShouldBeSingleByte00", "0x8100", "must be encoded as itself")]
    [InlineData("bytesShouldBeSingleByte01", "0x8101", "must be encoded as itself")]
    [InlineData("bytesShouldBeSingleByte7F", "0x817F", "must be encoded as itself")]
    [InlineData("leadingZerosInLongLengthArray1", "b90040000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f", "leading zero")]
    [InlineData("leadingZerosInLongLengthArray2", "b800", "leading zero")]
    [InlineData("leadingZerosInLongLengthList1", "fb00000040000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f", "leading zero")]
    [InlineData("leadingZerosInLongLengthList2", "f800", "leading zero")]
    [InlineData("nonOptimalLongLengthArray1", "b81000112233445566778899aabbccddeeff", "short form")]
    [InlineData("nonOptimalLongLengthArray2", "b801ff", "short form")]
    [InlineData("nonOptimalLongLengthList1", "f810000102030405060708090a0b0c0d0e0f", "short form")]
    [InlineData("nonOptimalLongLengthList2", "f803112233", "short form")]
    [InlineData("empty input", "0x", "empty")]
    [InlineData("trailing byte", "0x83646f6700", "trailing")]
    [InlineData("two items", "0xc0c0", "trailing")]
    [InlineData("truncated string", "0x83646f", "truncated")]
    [InlineData("truncated length", "0xb9", "truncated")]
    [InlineData("child overruns its list", "0xc283646f67", "enclosing list")]
    public void Decode_rejects_invalid_input_and_names_the_problem(string name, string hex, string reason)
    {
        var error = Assert.Throws<FormatException>(() => RlpDecoder.Decode(Hex.Decode(hex)));
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), $"{name}: '{error.Message}' should mention '{reason}'");
    }

    [Fact]
    public void Decode_rejects_nesting_deeper_than_the_limit()
    {
        // MaxDepth lists inside each other are accepted; one more is not.
        RlpItem item = RlpList.Empty;
        for (var i = 0; i < RlpDecoder.MaxDepth; i++) item = L(item);
        var error = Assert.Throws<FormatException>(() => RlpDecoder.Decode(item.Encode()));
        Assert.Contains("nested", error.Message, StringComparison.Ordinal);

        RlpItem allowed = RlpList.Empty;
        for (var i = 1; i < RlpDecoder.MaxDepth; i++) allowed = L(allowed);
        Assert.Equal(allowed, RlpDecoder.Decode(allowed.Encode()));
    }

    [Theory]
    [InlineData("0x00", "leading zero")]
    [InlineData("0x0001", "leading zero")]
    public void ToBigInteger_rejects_leading_zero_bytes(string hex, string reason)
    {
        Assert.Contains(reason, Assert.Throws<FormatException>(() => new RlpString(Hex.Decode(hex)).ToBigInteger("nonce")).Message, StringComparison.Ordinal);
        Assert.Contains("nonce", Assert.Throws<FormatException>(() => new RlpString(Hex.Decode(hex)).ToUInt64("nonce")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToUInt64_rejects_more_than_eight_bytes_and_reads_the_maximum()
    {
        Assert.Contains("64 bits", Assert.Throws<FormatException>(() => new RlpString(Hex.Decode("0x010000000000000000")).ToUInt64()).Message, StringComparison.Ordinal);
        Assert.Equal(ulong.MaxValue, new RlpString(Hex.Decode("0xffffffffffffffff")).ToUInt64());
        Assert.Equal(0UL, RlpString.Empty.ToUInt64());
    }

    [Fact]
    public void ToAddress_requires_twenty_bytes()
    {
        Assert.Contains("20 bytes", Assert.Throws<FormatException>(() => new RlpString(new byte[19]).ToAddress("to")).Message, StringComparison.Ordinal);
        Assert.Equal(Address.Zero, new RlpString(new byte[20]).ToAddress());
    }

    [Fact]
    public void AsList_and_AsString_name_the_expected_shape()
    {
        Assert.Contains("must be a list", Assert.Throws<FormatException>(() => RlpString.Empty.AsList("transaction")).Message, StringComparison.Ordinal);
        Assert.Contains("must be a byte string", Assert.Throws<FormatException>(() => RlpList.Empty.AsString("nonce")).Message, StringComparison.Ordinal);
        Assert.Contains("must have 9 items, got 0", Assert.Throws<FormatException>(() => RlpList.Empty.RequireCount(9)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_constructor_nests_a_list_argument_instead_of_copying_its_items()
    {
        var inner = L(S("a"), S("b"));
        var outer = new RlpList(inner);
        Assert.Equal(1, outer.Count);
        Assert.Same(inner, outer[0]);
    }

    [Fact]
    public void String_copies_its_input_so_later_changes_do_not_leak_in()
    {
        var bytes = new byte[] { 0x81, 0x82 };
        var item = new RlpString(bytes);
        bytes[0] = 0;
        Assert.Equal("0x828182", Hex.Encode(item.Encode()));

        var encoded = Hex.Decode("0x828182");
        var decoded = RlpDecoder.Decode(encoded);
        encoded[1] = 0;
        Assert.Equal("0x8182", Hex.Encode(decoded.AsString().Span));
    }
}
