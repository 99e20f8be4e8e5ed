using System.Numerics;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Tests.Abi;

public class AbiEncoderTests
{
    [Theory]
    [InlineData("uint8", 256, "value 256 is out of range for uint8 (0 to 255)")]
    [InlineData("uint256", -1, "negative value -1 for uint256")]
    [InlineData("int8", 128, "value 128 is out of range for int8 (-128 to 127)")]
    [InlineData("int8", -129, "value -129 is out of range for int8 (-128 to 127)")]
    public void Encode_rejects_integers_out_of_range(string type, int value, string message) =>
        Assert.Equal(message, Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(type, value)).Problem);

    [Fact]
    public void Encode_accepts_the_extremes_of_each_integer_type()
    {
        Assert.Equal("0x" + new string('f', 64), Hex.Encode(AbiEncoder.Encode("uint256", (BigInteger.One << 256) - 1)));
        Assert.Equal("0x" + new string('f', 64), Hex.Encode(AbiEncoder.Encode("int8", -1)));
        Assert.Equal("0x" + new string('f', 62) + "80", Hex.Encode(AbiEncoder.Encode("int8", sbyte.MinValue)));
        Assert.Equal("0x8" + new string('0', 63), Hex.Encode(AbiEncoder.Encode("int256", -(BigInteger.One << 255))));
        Assert.Equal("0x" + new string('0', 62) + "ff", Hex.Encode(AbiEncoder.Encode("uint8", (byte)255)));
    }

    [Fact]
    public void Encode_rejects_bytesN_of_the_wrong_length() =>
        Assert.Equal("bytes4 needs exactly 4 bytes, got 3",
            Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode("bytes4", new byte[3])).Problem);

    [Fact]
    public void Encode_rejects_fixed_arrays_of_the_wrong_length() =>
        Assert.Equal("uint256[3] needs exactly 3 elements, got 2",
            Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode("uint256[3]", [new[] { 1, 2 }])).Problem);

    [Fact]
    public void Encode_rejects_a_value_of_the_wrong_kind() =>
        Assert.Contains("address needs an Address, got String",
            Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode("address", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).Message, StringComparison.Ordinal);

    [Fact]
    public void Encode_names_the_path_of_a_bad_value_deep_inside()
    {
        var function = AbiFunction.Parse("function submit((address to, uint8 amount)[] orders, string note)");
        var error = Assert.Throws<AbiEncodingException>(() => function.EncodeCall(
            new object[] { new object[] { Address.Zero, 1 }, new object[] { Address.Zero, 300 } }, "x"));
        Assert.Equal("orders[1].amount", error.Path);
        Assert.Equal("orders[1].amount: value 300 is out of range for uint8 (0 to 255)", error.Message);
    }

    [Fact]
    public void Encode_rejects_a_wrong_argument_count_and_hints_at_the_params_pitfall()
    {
        var error = Assert.Throws<AbiEncodingException>(() => AbiFunction.Parse("f(uint256[])").EncodeCall(new object[] { 1, 2 }));
        Assert.Contains("expected 1 argument (uint256[]), got 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("EncodeCall([array])", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_accepts_lists_value_tuples_and_memory_as_inputs()
    {
        var type = "(uint64,bytes,address)[]";
        var viaArrays = AbiEncoder.Encode(type, [new object[] { new object[] { 7UL, new byte[] { 1, 2 }, Address.Zero } }]);
        var viaOthers = AbiEncoder.Encode(type, [new List<(ulong, ReadOnlyMemory<byte>, Address)> { (7UL, new byte[] { 1, 2 }, Address.Zero) }]);
        Assert.Equal(viaArrays, viaOthers);
    }

    [Fact]
    public void Encode_of_a_typical_bridge_call_allocates_little_more_than_the_result()
    {
        var function = AbiFunction.Parse(
            "processBatch((uint64 nonce, uint32 sourceChain, address sender, bytes32 root) header, bytes[] messages, bytes32[] proof)");
        var header = new object?[] { (BigInteger)42, (BigInteger)1, Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), new byte[32] };
        var messages = Enumerable.Range(0, 16).Select(i => new byte[100 + i]).ToArray();
        var proof = Enumerable.Range(0, 8).Select(_ => new byte[32]).ToArray();
        var expectedSize = function.EncodeCall(header, messages, proof).Length;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) function.EncodeCall(header, messages, proof);
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;

        // The result array plus a small constant: no per-element boxing, copying or intermediate buffers.
        Assert.InRange(perCall, expectedSize, expectedSize + 256);
    }
}
