using System.Net;
using System.Text;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Interop.Gateway;

/// <summary>
/// Health probes: a JSON-RPC endpoint is probed with <c>eth_chainId</c> (a GET is not JSON-RPC: anvil answers 400), any
/// other destination with a GET of the cluster's health path (router nodes: /health/ready).
/// </summary>
internal sealed class ProbingRequestFactory : IProbingRequestFactory
{
    private static readonly byte[] ChainIdRequest = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""");

    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        var address = destination.Config.Health ?? destination.Config.Address;
        if (cluster.Config.Metadata?.ContainsKey(GatewayRpcRoutes.RpcMetadataKey) == true)
        {
            return new HttpRequestMessage(HttpMethod.Post, address)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                Content = new ByteArrayContent(ChainIdRequest) { Headers = { { "Content-Type", "application/json" } } },
            };
        }
        var active = cluster.Config.HealthCheck?.Active;
        var uri = new Uri(new Uri(address.EndsWith('/') ? address : address + "/"), (active?.Path ?? "").TrimStart('/') + (active?.Query ?? ""));
        return new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
    }
}
