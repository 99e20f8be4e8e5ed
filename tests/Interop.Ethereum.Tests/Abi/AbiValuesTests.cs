using System.Numerics;
using Interop.Ethereum.Abi;

namespace Interop.Ethereum.Tests.Abi;

public class AbiValuesTests
{
    private static readonly AbiFunction Quote = AbiFunction.Parse("quote()(uint256 amount, uint8[] fees, string note, (address to, bytes data) target)");

    private static AbiValues Decoded() => Quote.DecodeOutput(Quote.EncodeOutput(
        BigInteger.One << 70, new[] { 1, 2 }, "hi", new object[] { Address.Zero, new byte[] { 9 } }));

    [Fact]
    public void Get_converts_to_the_requested_integer_and_array_types()
    {
        var values = Decoded();
        Assert.Equal(BigInteger.One << 70, values.Get<BigInteger>("amount"));
        Assert.Equal(new byte[] { 1, 2 }, values.Get<byte[]>("fees"));
        Assert.Equal([1L, 2L], values.Get<long[]>(1));
        Assert.Equal("hi", values.Get<string>("note"));
        Assert.Equal(Address.Zero, values.Get<object[]>("target")[0]);
    }

    [Fact]
    public void Get_explains_a_value_that_does_not_fit_or_has_another_type()
    {
        var values = Decoded();
        Assert.Equal($"amount = {BigInteger.One << 70} does not fit in Int64",
            Assert.Throws<InvalidCastException>(() => values.Get<long>("amount")).Message);
        Assert.Equal("note is a String, not Int32", Assert.Throws<InvalidCastException>(() => values.Get<int>("note")).Message);
    }

    [Fact]
    public void Indexer_by_name_lists_the_names_there_are()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Decoded()["amout"]);
        Assert.Equal("no parameter named 'amout'; the parameters are: amount, fees, note, target", error.Message);
        Assert.False(Decoded().TryGetValue("amout", out _));
    }

    [Fact]
    public void ToString_names_and_formats_every_value() =>
        Assert.Equal($"amount: {BigInteger.One << 70}, fees: [1, 2], note: \"hi\", target: (0x0000000000000000000000000000000000000000, 0x09)",
            Decoded().ToString());
}
