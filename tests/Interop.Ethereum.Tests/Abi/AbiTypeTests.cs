using Interop.Ethereum.Abi;

namespace Interop.Ethereum.Tests.Abi;

public class AbiTypeTests
{
    [Theory]
    [InlineData("uint256", "uint256")]
    [InlineData("uint", "uint256")]
    [InlineData("int", "int256")]
    [InlineData("int8", "int8")]
    [InlineData("bytes1", "bytes1")]
    [InlineData("bytes32[]", "bytes32[]")]
    [InlineData("address[2][]", "address[2][]")]
    [InlineData("(uint256,bytes32[],(address,string)[2])", "(uint256,bytes32[],(address,string)[2])")]
    [InlineData("tuple(uint, tuple(bool)[])[3]", "(uint256,(bool)[])[3]")]
    [InlineData(" ( uint8 , string ) [ ] ", "(uint8,string)[]")]
    public void Parse_produces_the_canonical_name(string text, string canonical) =>
        Assert.Equal(canonical, AbiType.Parse(text).CanonicalName);

    [Fact]
    public void Parse_builds_the_nested_structure()
    {
        var type = Assert.IsType<AbiTupleType>(AbiType.Parse("(uint256,bytes32[],(address,string)[2])"));
        Assert.True(type.IsDynamic);
        Assert.Equal(AbiIntegerType.UInt256, type.Components[0]);
        var array = Assert.IsType<AbiArrayType>(type.Components[1]);
        Assert.Null(array.Length);
        Assert.Equal(AbiFixedBytesType.Bytes32, array.ElementType);
        var pairs = Assert.IsType<AbiArrayType>(type.Components[2]);
        Assert.Equal(2, pairs.Length);
        Assert.Equal(AbiType.Parse("(address,string)"), pairs.ElementType);
    }

    [Theory]
    [InlineData("uint256", false, 32)]
    [InlineData("bytes", true, 32)]
    [InlineData("uint8[3]", false, 96)]
    [InlineData("(uint8,bool)[2]", false, 128)]
    [InlineData("string[2]", true, 32)]
    [InlineData("(uint8,bytes)", true, 32)]
    public void HeadSize_is_the_static_size_or_one_offset_word(string text, bool dynamic, int headSize)
    {
        var type = AbiType.Parse(text);
        Assert.Equal(dynamic, type.IsDynamic);
        Assert.Equal(headSize, type.HeadSize);
    }

    [Theory]
    [InlineData("uint7", "multiple of 8")]
    [InlineData("uint264", "multiple of 8")]
    [InlineData("int0", "multiple of 8")]
    [InlineData("uint08", "multiple of 8")]
    [InlineData("bytes0", "from 1 to 32")]
    [InlineData("bytes33", "from 1 to 32")]
    [InlineData("uint256[", "expected ']'")]
    [InlineData("uint256[0]", "from 1 to")]
    [InlineData("uint256[01]", "leading zero")]
    [InlineData("uint256[-1]", "expected ']'")]
    [InlineData("uint256[99999999999]", "from 1 to")]
    [InlineData("(uint256,bool", "expected ')'")]
    [InlineData("(uint256,)", "expected a type")]
    [InlineData("()", "empty tuple")]
    [InlineData("tuple", "followed by its components")]
    [InlineData("foo", "unknown type 'foo'")]
    [InlineData("fixed128x18", "not supported")]
    [InlineData("function", "not supported")]
    [InlineData("", "expected a type but the text ends")]
    [InlineData("uint256 x", "unexpected 'x'")]
    [InlineData("uint256]", "unexpected ']'")]
    public void Parse_rejects_malformed_types_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => AbiType.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("at position", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_nesting_deeper_than_the_limit_without_overflowing_the_stack()
    {
        Assert.Throws<FormatException>(() => AbiType.Parse(new string('(', 100_000) + "uint8" + new string(')', 100_000)));
        Assert.Throws<FormatException>(() => AbiType.Parse("uint8" + string.Concat(Enumerable.Repeat("[]", 1000))));
    }

    [Fact]
    public void Parse_rejects_fixed_arrays_too_large_to_encode() =>
        Assert.Contains("too large", Assert.Throws<FormatException>(() => AbiType.Parse("uint256[100000000][100]")).Message, StringComparison.Ordinal);

    [Fact]
    public void ParseList_splits_top_level_commas_only()
    {
        var types = AbiType.ParseList("address, (uint8,bool)[], string");
        Assert.Equal(["address", "(uint8,bool)[]", "string"], types.Select(t => t.CanonicalName));
        Assert.Empty(AbiType.ParseList(""));
    }

    [Fact]
    public void Types_are_equal_by_canonical_name_ignoring_component_names()
    {
        var named = new AbiTupleType([AbiIntegerType.UInt256, AbiAddressType.Instance], ["amount", "to"]);
        Assert.Equal(AbiType.Parse("(uint,address)"), named);
        Assert.True(AbiType.Parse("uint") == AbiIntegerType.UInt256);
        Assert.NotEqual(AbiType.Parse("uint8[]"), AbiType.Parse("uint8[1]"));
    }

    [Fact]
    public void FormatValue_prints_like_cast()
    {
        var type = AbiType.Parse("(uint256,int8,address,bool,bytes2,string,uint8[])");
        var text = type.FormatValue(new object?[]
        {
            5, -3, Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), true, new byte[] { 0xab, 0x01 }, "say \"hi\"", new[] { 1, 2 },
        });
        Assert.Equal("(5, -3, 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed, true, 0xab01, \"say \\\"hi\\\"\", [1, 2])", text);
    }
}
