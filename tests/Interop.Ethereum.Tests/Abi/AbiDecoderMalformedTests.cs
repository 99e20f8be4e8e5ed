using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Tests.Abi;

/// <summary>Hostile or broken data must fail with an AbiDecodingException naming the position, never crash or exhaust memory.</summary>
public class AbiDecoderMalformedTests
{
    private static string Word(string hex) => hex.PadLeft(64, '0');

    private static byte[] Data(params string[] words) => Hex.Decode(string.Concat(words));

    private static AbiDecodingException Fails(string types, byte[] data, AbiDecodingMode mode = AbiDecodingMode.Standard) =>
        Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode(types, data, mode));

    [Fact]
    public void Decode_rejects_a_truncated_word()
    {
        var error = Fails("uint256,uint256", new byte[63]);
        Assert.Equal(0, error.Position);
        Assert.Contains("data is too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_rejects_an_offset_pointing_past_the_end()
    {
        var error = Fails("uint256,bytes", Data(Word("1"), Word("1000")));
        Assert.Equal(32, error.Position);
        Assert.Equal("offset 4096 points to byte 4096, past the end of the data (64 bytes)", error.Problem);
        Assert.Equal("argument 1", error.Path);
    }

    [Fact]
    public void Decode_rejects_an_offset_too_large_for_any_buffer()
    {
        var error = Fails("string", Data("8" + new string('0', 63)));
        Assert.Equal(0, error.Position);
        Assert.Contains("is larger than the data", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_rejects_a_byte_length_past_the_end()
    {
        var error = Fails("bytes", Data(Word("20"), Word("7fffffff"), Word("")));
        Assert.Equal(32, error.Position);
        Assert.Contains("bytes length", error.Problem, StringComparison.Ordinal);
        Assert.Contains("only 32 remain", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_rejects_a_huge_array_length_before_allocating()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Fails("uint256[]", Data(Word("20"), Word("7fffffff"), Word("1")));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "must not allocate for the claimed length");
        Assert.Equal(32, error.Position);
        Assert.Contains("array length 2147483647 needs", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("address", "01" + "0000000000000000000000" + "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData("bool", "0000000000000000000000000000000000000000000000000000000000000002")]
    [InlineData("uint8", "0000000000000000000000000000000000000000000000000000000000000100")]
    [InlineData("uint32", "ff000000000000000000000000000000000000000000000000000000ffffffff")]
    [InlineData("int8", "0000000000000000000000000000000000000000000000000000000000000080")]
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    [InlineData("bytes4", "1234567800000000000000000000000000000000000000000000000000000001")]
    public void Decode_rejects_dirty_bits_that_solidity_rejects(string type, string word)
    {
        var error = Fails(type, Hex.Decode(word));
        Assert.Equal(0, error.Position);
        Assert.StartsWith("dirty", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80", -128)]
    [InlineData("int16", "0000000000000000000000000000000000000000000000000000000000007fff", 32767)]
    [InlineData("uint8", "00000000000000000000000000000000000000000000000000000000000000ff", 255)]
    public void Decode_accepts_clean_sign_and_zero_extension(string type, string word, int expected) =>
        Assert.Equal(expected, (int)(System.Numerics.BigInteger)AbiDecoder.Decode(type, Hex.Decode(word))[0]!);

    [Fact]
    public void Decode_names_the_path_of_a_dirty_value_deep_inside()
    {
        var encoded = AbiEncoder.Encode("(uint8,bytes)[]", [new object[] { new object[] { 1, new byte[1] }, new object[] { 2, new byte[1] } }]);
        // Element 1's uint8 sits at: offset word, length word, two element offsets, then element 0 (3 words).
        var position = 32 * (1 + 1 + 2 + 4);
        Assert.Equal(2, encoded[position + 31]);
        encoded[position + 30] = 1;

        var error = Fails("(uint8,bytes)[]", encoded);

        Assert.Equal(position, error.Position);
        Assert.Equal("argument 0[1][0]", error.Path);
    }

    [Fact]
    public void Strict_mode_rejects_dirty_padding_after_bytes_that_standard_mode_accepts()
    {
        var data = Data(Word("20"), Word("2"), "abcd" + new string('0', 58) + "01");
        Assert.Equal(new byte[] { 0xab, 0xcd }, AbiDecoder.Decode("bytes", data)[0]);
        var error = Fails("bytes", data, AbiDecodingMode.Strict);
        Assert.Equal(66, error.Position);
        Assert.Contains("non-zero padding", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mode_rejects_trailing_data_that_standard_mode_ignores()
    {
        var data = Data(Word("5"), Word("6"));
        Assert.Single(AbiDecoder.Decode("uint256", data));
        Assert.Contains("32 bytes of trailing data", Fails("uint256", data, AbiDecodingMode.Strict).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mode_rejects_a_gap_before_a_tail_that_standard_mode_follows()
    {
        // The offset skips one word: legal for Solidity's decoder, not the canonical (strict) encoding.
        var data = Data(Word("40"), Word(""), Word("1"), "61" + new string('0', 62));
        Assert.Equal("a", AbiDecoder.Decode("string", data)[0]);
        var error = Fails("string", data, AbiDecodingMode.Strict);
        Assert.Equal(0, error.Position);
        Assert.Contains("strict mode requires the next tail at byte 32", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_stops_an_aliasing_bomb_instead_of_running_out_of_memory()
    {
        // Every outer element points at the same middle array, whose every element points at the same inner array:
        // about 100 KB of data that would decode into a billion values.
        const int n = 1000;
        var words = new List<string> { Word("20"), Word(n.ToString("x")) };
        var middle = 32 * n; // relative to the outer array's element area
        words.AddRange(Enumerable.Repeat(Word(middle.ToString("x")), n));
        words.Add(Word(n.ToString("x")));
        var inner = 32 * n;
        words.AddRange(Enumerable.Repeat(Word(inner.ToString("x")), n));
        words.Add(Word(n.ToString("x")));
        words.AddRange(Enumerable.Repeat(Word("7"), n));

        var error = Fails("uint256[][][]", Data([.. words]));

        Assert.Contains("offsets reuse the same data", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeInput_rejects_another_selector_and_short_calldata()
    {
        var transfer = AbiFunction.Parse("transfer(address,uint256)");
        var approve = AbiFunction.Parse("approve(address,uint256)").EncodeCall(Address.Zero, 1);
        Assert.Equal("calldata selector 0x095ea7b3 is not transfer(address,uint256) (0xa9059cbb)",
            Assert.Throws<AbiDecodingException>(() => transfer.DecodeInput(approve)).Problem);
        Assert.Contains("too short for a selector", Assert.Throws<AbiDecodingException>(() => transfer.DecodeInput(new byte[3])).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeInput_positions_count_the_selector()
    {
        var calldata = AbiFunction.Parse("f(uint256,bool)").EncodeCall(1, true);
        calldata[4 + 32 + 31] = 7;
        Assert.Equal(4 + 32, Assert.Throws<AbiDecodingException>(() => AbiFunction.Parse("f(uint256,bool)").DecodeInput(calldata)).Position);
    }

    [Fact]
    public void DecodeOutput_of_empty_data_says_there_may_be_no_contract() =>
        Assert.Contains("is there a contract at the address?",
            Assert.Throws<AbiDecodingException>(() => AbiFunction.Parse("balanceOf(address)(uint256)").DecodeOutput([])).Message, StringComparison.Ordinal);
}
