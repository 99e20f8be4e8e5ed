namespace Interop.Node.Hosting;

/// <summary>The "Interop:Node" section: how the node serves HTTP.</summary>
public sealed class NodeOptions
{
    public const string SectionName = "Interop:Node";

    /// <summary>The public port: the gateway (YARP) listens here and forwards to router nodes and chain RPCs.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Where this node's own API listens (quote, status, messages, checkpoints, admin, health, metrics); the gateway reaches
    /// it as <c>http://self/</c>. Port 0 picks a free loopback port at start; fix it when other gateways must reach this node.
    /// </summary>
    public string ApiUrls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Where the devnet manifest is written when the embedded devnet runs.</summary>
    public string DevnetManifest { get; set; } = "./data/devnet/manifest.json";

    /// <summary>Where the router journals the status of executed transfers (JSON lines; kept across restarts).</summary>
    public string RouterStatusJournal { get; set; } = "./data/router-status.jsonl";

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (key, value) in new[] { ("Urls", Urls), ("ApiUrls", ApiUrls) })
        {
            var urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (urls.Length == 0) errors.Add($"{SectionName}:{key} needs at least one URL");
            foreach (var url in urls)
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    errors.Add($"{SectionName}:{key}: '{url}' is not an http(s) URL");
        }
        if (string.IsNullOrWhiteSpace(DevnetManifest)) errors.Add($"{SectionName}:DevnetManifest is required");
        if (string.IsNullOrWhiteSpace(RouterStatusJournal)) errors.Add($"{SectionName}:RouterStatusJournal is required");
        return errors;
    }
}
