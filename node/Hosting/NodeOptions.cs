namespace Interop.Node.Hosting;

/// <summary>The "Interop:Node" section: how the node serves HTTP.</summary>
public sealed class NodeOptions
{
    public const string SectionName = "Interop:Node";

    /// <summary>Where the node listens (the gateway's public port later fronts this).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Where the devnet manifest is written when the embedded devnet runs.</summary>
    public string DevnetManifest { get; set; } = "./data/devnet/manifest.json";

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{SectionName}:Urls: '{url}' is not an http(s) URL");
        if (string.IsNullOrWhiteSpace(DevnetManifest)) errors.Add($"{SectionName}:DevnetManifest is required");
        return errors;
    }
}
