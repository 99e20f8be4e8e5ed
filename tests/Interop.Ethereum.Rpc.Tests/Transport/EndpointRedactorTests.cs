using Interop.Ethereum.Rpc.Transport;

namespace Interop.Ethereum.Rpc.Tests.Transport;

public sealed class EndpointRedactorTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8545", "http://127.0.0.1:8545/")]
    [InlineData("https://rpc.example.org/", "https://rpc.example.org/")]
    [InlineData("https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef", "https://mainnet.infura.io/v3/***")]
    [InlineData("https://eth-mainnet.g.alchemy.com/v2/AbCdEfGhIjKlMnOpQrStUv", "https://eth-mainnet.g.alchemy.com/v2/***")]
    [InlineData("https://user:pass@node.example.org:8443/rpc", "https://***@node.example.org:8443/rpc")]
    [InlineData("https://node.example.org/rpc?apikey=secret&x=1", "https://node.example.org/rpc?***")]
    [InlineData("https://node.example.org/rpc#token", "https://node.example.org/rpc#***")]
    public void Redact_masks_userinfo_query_fragment_and_key_like_path_segments(string url, string expected)
    {
        Assert.Equal(expected, EndpointRedactor.Redact(new Uri(url)));
    }
}
