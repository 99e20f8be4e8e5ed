using System.Text.Json;
using System.Text.Json.Serialization;

namespace Interop.Bridge.Devnet;

/// <summary>What a running devnet offers: one entry per chain with its RPC URL and contract addresses.</summary>
public sealed record DevnetManifest
{
    public required IReadOnlyList<DevnetManifestChain> Chains { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DevnetManifest FromJson(string json) =>
        JsonSerializer.Deserialize<DevnetManifest>(json, Json) ?? throw new FormatException("the devnet manifest is empty");

    /// <summary>Writes atomically (temp file + rename) so a reader never sees half a manifest.</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllText(temp, ToJson());
        File.Move(temp, full, overwrite: true);
    }

    public static DevnetManifest Load(string path) => FromJson(File.ReadAllText(path));

    public DevnetManifestChain Chain(ulong chainId) =>
        Chains.FirstOrDefault(c => c.ChainId == chainId) ?? throw new KeyNotFoundException($"chain {chainId} is not in the devnet manifest");
}

/// <summary>One chain of a devnet manifest.</summary>
public sealed record DevnetManifestChain
{
    public required string Name { get; init; }
    public required ulong ChainId { get; init; }
    public required string Rpc { get; init; }
    public required IReadOnlyDictionary<string, string> Contracts { get; init; }

    /// <summary>Extra named accounts (deployer, validators, relayers, market makers) by role.</summary>
    public IReadOnlyDictionary<string, string>? Accounts { get; init; }
}
