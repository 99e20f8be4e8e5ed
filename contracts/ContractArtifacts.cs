using System.Reflection;
using System.Text.Json;
using Interop.Ethereum.Encoding;

namespace Interop.Contracts;

/// <summary>A compiled contract: its ABI JSON and creation/runtime bytecode, as solc produced them at build time.</summary>
public sealed record ContractArtifact(string Name, string SourceName, string AbiJson, byte[] Bytecode, byte[] DeployedBytecode);

/// <summary>The contracts compiled into this assembly by the build (contracts/compile.mjs).</summary>
public static class ContractArtifacts
{
    private const string Prefix = "Interop.Contracts.Artifacts.";
    private static readonly Lazy<IReadOnlyDictionary<string, ContractArtifact>> All = new(Load);

    /// <summary>Names of every deployable contract.</summary>
    public static IReadOnlyCollection<string> Names => All.Value.Keys.ToArray();

    /// <summary>The artifact of <paramref name="name"/>, or an error listing what exists.</summary>
    public static ContractArtifact Get(string name) =>
        All.Value.TryGetValue(name, out var artifact)
            ? artifact
            : throw new KeyNotFoundException($"no compiled contract named '{name}'; known: {string.Join(", ", All.Value.Keys.Order(StringComparer.Ordinal))}");

    private static Dictionary<string, ContractArtifact> Load()
    {
        var assembly = typeof(ContractArtifacts).Assembly;
        var result = new Dictionary<string, ContractArtifact>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var doc = JsonDocument.Parse(stream);
            var root = doc.RootElement;
            var name = root.GetProperty("contractName").GetString()!;
            result[name] = new ContractArtifact(
                name,
                root.GetProperty("sourceName").GetString()!,
                root.GetProperty("abi").GetRawText(),
                Hex.Decode(root.GetProperty("bytecode").GetString()!),
                Hex.Decode(root.GetProperty("deployedBytecode").GetString()!));
        }
        return result;
    }
}
