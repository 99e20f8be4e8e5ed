using System.Text;

namespace Interop.Ethereum.Rpc.Transport;

/// <summary>
/// Makes an endpoint URL safe to print. RPC providers put API keys in the userinfo, the query string, or a path
/// segment (Infura "/v3/&lt;key&gt;", Alchemy "/v2/&lt;key&gt;"), so all three are masked.
/// </summary>
public static class EndpointRedactor
{
    // Real path words ("rpc", "v3", "ext", "bc", "mainnet") are short; keys and tokens are long.
    private const int SecretSegmentLength = 16;

    /// <summary>scheme://host:port/path with userinfo, query, fragment and long path segments replaced by "***".</summary>
    public static string Redact(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri) return "***";
        var text = new StringBuilder();
        text.Append(endpoint.Scheme).Append("://");
        if (!string.IsNullOrEmpty(endpoint.UserInfo)) text.Append("***@");
        text.Append(endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}");
        var segments = endpoint.AbsolutePath.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            text.Append('/');
            text.Append(segments[i].Length >= SecretSegmentLength ? "***" : segments[i]);
        }
        if (!string.IsNullOrEmpty(endpoint.Query)) text.Append("?***");
        if (!string.IsNullOrEmpty(endpoint.Fragment)) text.Append("#***");
        return text.ToString();
    }
}
