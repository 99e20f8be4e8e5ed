using System.Numerics;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Tests.Abi;

/// <summary>Known answers from the Solidity ABI specification ("Examples", "Use of Dynamic Types", packed mode).</summary>
public class AbiSpecVectorTests
{
    private static string Words(params string[] words) => string.Concat(words);

    private const string BazCall =
        "0xcdcd77c0" +
        "0000000000000000000000000000000000000000000000000000000000000045" +
        "0000000000000000000000000000000000000000000000000000000000000001";

    private const string BarCall =
        "0xfce353f6" +
        "6162630000000000000000000000000000000000000000000000000000000000" +
        "6465660000000000000000000000000000000000000000000000000000000000";

    private const string SamCall =
        "0xa5643bf2" +
        "0000000000000000000000000000000000000000000000000000000000000060" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "00000000000000000000000000000000000000000000000000000000000000a0" +
        "0000000000000000000000000000000000000000000000000000000000000004" +
        "6461766500000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000003" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "0000000000000000000000000000000000000000000000000000000000000003";

    private const string FCall =
        "0x8be65246" +
        "0000000000000000000000000000000000000000000000000000000000000123" +
        "0000000000000000000000000000000000000000000000000000000000000080" +
        "3132333435363738393000000000000000000000000000000000000000000000" +
        "00000000000000000000000000000000000000000000000000000000000000e0" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "0000000000000000000000000000000000000000000000000000000000000456" +
        "0000000000000000000000000000000000000000000000000000000000000789" +
        "000000000000000000000000000000000000000000000000000000000000000d" +
        "48656c6c6f2c20776f726c642100000000000000000000000000000000000000";

    private const string GCall =
        "0x2289b18c" +
        "0000000000000000000000000000000000000000000000000000000000000040" +
        "0000000000000000000000000000000000000000000000000000000000000140" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "0000000000000000000000000000000000000000000000000000000000000040" +
        "00000000000000000000000000000000000000000000000000000000000000a0" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "0000000000000000000000000000000000000000000000000000000000000003" +
        "0000000000000000000000000000000000000000000000000000000000000003" +
        "0000000000000000000000000000000000000000000000000000000000000060" +
        "00000000000000000000000000000000000000000000000000000000000000a0" +
        "00000000000000000000000000000000000000000000000000000000000000e0" +
        "0000000000000000000000000000000000000000000000000000000000000003" +
        "6f6e650000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000003" +
        "74776f0000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000005" +
        "7468726565000000000000000000000000000000000000000000000000000000";

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    [Fact]
    public void EncodeCall_matches_spec_for_baz_uint32_bool() =>
        Assert.Equal(BazCall, Hex.Encode(AbiFunction.Parse("baz(uint32,bool)").EncodeCall(69, true)));

    [Fact]
    public void EncodeCall_matches_spec_for_bar_bytes3_fixed_array() =>
        Assert.Equal(BarCall, Hex.Encode(AbiFunction.Parse("bar(bytes3[2])").EncodeCall([new object[] { Ascii("abc"), Ascii("def") }])));

    [Fact]
    public void EncodeCall_matches_spec_for_sam_bytes_bool_uint_array() =>
        Assert.Equal(SamCall, Hex.Encode(AbiFunction.Parse("sam(bytes,bool,uint[])").EncodeCall(Ascii("dave"), true, new[] { 1, 2, 3 })));

    [Fact]
    public void EncodeCall_matches_spec_for_f_with_dynamic_types() =>
        Assert.Equal(FCall, Hex.Encode(AbiFunction.Parse("f(uint,uint32[],bytes10,bytes)")
            .EncodeCall(0x123, new[] { 0x456, 0x789 }, Ascii("1234567890"), Ascii("Hello, world!"))));

    [Fact]
    public void EncodeCall_matches_spec_for_g_with_nested_arrays_and_strings() =>
        Assert.Equal(GCall, Hex.Encode(AbiFunction.Parse("g(uint[][],string[])")
            .EncodeCall(new[] { new[] { 1, 2 }, new[] { 3 } }, new[] { "one", "two", "three" })));

    [Fact]
    public void DecodeInput_reads_the_spec_vectors_back_in_strict_mode()
    {
        var sam = AbiFunction.Parse("sam(bytes,bool,uint256[])").DecodeInput(Hex.Decode(SamCall), AbiDecodingMode.Strict);
        Assert.Equal(Ascii("dave"), sam.Get<byte[]>(0));
        Assert.True(sam.Get<bool>(1));
        Assert.Equal([1, 2, 3], sam.Get<long[]>(2));

        var f = AbiFunction.Parse("f(uint256,uint32[],bytes10,bytes)").DecodeInput(Hex.Decode(FCall), AbiDecodingMode.Strict);
        Assert.Equal(new BigInteger(0x123), f[0]);
        Assert.Equal([0x456, 0x789], f.Get<int[]>(1));
        Assert.Equal("1234567890", System.Text.Encoding.ASCII.GetString(f.Get<byte[]>(2)));
        Assert.Equal("Hello, world!", System.Text.Encoding.ASCII.GetString(f.Get<byte[]>(3)));

        var g = AbiFunction.Parse("g(uint256[][],string[])").DecodeInput(Hex.Decode(GCall), AbiDecodingMode.Strict);
        Assert.Equal([[1, 2], [3]], g.Get<int[][]>(0));
        Assert.Equal(["one", "two", "three"], g.Get<string[]>(1));

        var bar = AbiFunction.Parse("bar(bytes3[2])").DecodeInput(Hex.Decode(BarCall), AbiDecodingMode.Strict);
        Assert.Equal([Ascii("abc"), Ascii("def")], bar.Get<byte[][]>(0));
    }

    [Fact]
    public void DecodeOutput_reads_baz_returning_false() =>
        Assert.False(AbiFunction.Parse("baz(uint32,bool)(bool)").DecodeOutput(new byte[32]).Get<bool>(0));

    [Theory]
    [InlineData("transfer(address,uint256)", "0xa9059cbb")]
    [InlineData("transferFrom(address,address,uint256)", "0x23b872dd")]
    [InlineData("approve(address,uint256)", "0x095ea7b3")]
    [InlineData("balanceOf(address)", "0x70a08231")]
    [InlineData("totalSupply()", "0x18160ddd")]
    [InlineData("baz(uint32,bool)", "0xcdcd77c0")]
    [InlineData("bar(bytes3[2])", "0xfce353f6")]
    [InlineData("sam(bytes,bool,uint256[])", "0xa5643bf2")]
    [InlineData("f(uint256,uint32[],bytes10,bytes)", "0x8be65246")]
    [InlineData("g(uint256[][],string[])", "0x2289b18c")]
    [InlineData("Error(string)", "0x08c379a0")]
    [InlineData("Panic(uint256)", "0x4e487b71")]
    public void Selector_is_the_first_four_bytes_of_keccak_of_the_signature(string signature, string expected)
    {
        Assert.Equal(expected, AbiFunction.Parse(signature).Selector.ToString());
        Assert.Equal(expected, Selector.FromSignature(signature).ToString());
    }

    [Theory]
    [InlineData("function transfer(address to, uint amount) external returns (bool)", "transfer(address,uint256)")]
    [InlineData("sam(bytes memory b, bool, uint[] calldata xs)", "sam(bytes,bool,uint256[])")]
    [InlineData("f((uint256 a, (address, bytes)[] b) s, int x)", "f((uint256,(address,bytes)[]),int256)")]
    [InlineData("submit(tuple(address,uint8)[2] calldata items) payable", "submit((address,uint8)[2])")]
    public void Signature_is_canonical_whatever_the_spelling(string text, string canonical) =>
        Assert.Equal(canonical, AbiFunction.Parse(text).Signature);

    [Fact]
    public void Event_topic0_is_keccak_of_the_canonical_signature() =>
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            Hex.Encode(AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint value)").Topic0));

    [Fact]
    public void EncodePacked_matches_the_spec_example() =>
        Assert.Equal("0xffff42000348656c6c6f2c20776f726c6421",
            Hex.Encode(AbiEncoder.EncodePacked("int16,bytes1,uint16,string", -1, new byte[] { 0x42 }, 3, "Hello, world!")));

    [Fact]
    public void EncodePacked_pads_array_elements_but_not_scalars()
    {
        Assert.Equal("0x0012", Hex.Encode(AbiEncoder.EncodePacked("uint16", 0x12)));
        Assert.Equal("0x" + Words("0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000002") + "01",
            Hex.Encode(AbiEncoder.EncodePacked("uint8[],bool", new[] { 1, 2 }, true)));
    }

    // Recorded from solc 0.8 (eth_call on anvil) for
    //   abi.encodePacked(bytes3[2] [0x010203, 0x040506], int24[] [-5, 7], bool[] [true], address[] [0x5aAe…], int24(-5), bytes3(0x010203)):
    // array elements are padded exactly as in the standard encoding (bytesN left-aligned, intN sign-extended).
    [Fact]
    public void EncodePacked_pads_array_elements_like_solc()
    {
        var packed = AbiEncoder.EncodePacked("bytes3[2],int24[],bool[],address[],int24,bytes3",
            new[] { new byte[] { 1, 2, 3 }, new byte[] { 4, 5, 6 } }, new[] { -5, 7 }, new[] { true },
            new[] { Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") }, -5, new byte[] { 1, 2, 3 });
        Assert.Equal("0x" +
            "0102030000000000000000000000000000000000000000000000000000000000" +
            "0405060000000000000000000000000000000000000000000000000000000000" +
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb" +
            "0000000000000000000000000000000000000000000000000000000000000007" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed" +
            "fffffb010203", Hex.Encode(packed));
    }

    [Theory]
    [InlineData("(uint256,bool)")]
    [InlineData("uint256[][]")]
    [InlineData("string[]")]
    public void EncodePacked_rejects_what_solidity_cannot_pack(string type)
    {
        var value = type.StartsWith('(') ? new object[] { 1, true } : type == "string[]" ? new object[] { "a" } : new object[] { new[] { 1 } };
        var error = Assert.Throws<AbiEncodingException>(() => AbiEncoder.EncodePacked(type, [value]));
        Assert.Contains("encodePacked", error.Message, StringComparison.Ordinal);
    }
}
