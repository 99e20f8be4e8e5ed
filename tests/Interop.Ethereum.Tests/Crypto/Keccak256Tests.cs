using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Tests.Crypto;

public class Keccak256Tests
{
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("transfer(address,uint256)", "0xa9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b")]
    public void Hash_matches_known_answers(string text, string expected) =>
        Assert.Equal(expected, Hex.Encode(Keccak256.HashUtf8(text)));

    [Fact]
    public void Hash_of_parts_equals_hash_of_concatenation()
    {
        var a = new byte[] { 1, 2, 3 };
        var b = new byte[200];
        Random.Shared.NextBytes(b);
        Assert.Equal(Keccak256.Hash([.. a, .. b]), Keccak256.HashConcat(a, b));
    }
}
