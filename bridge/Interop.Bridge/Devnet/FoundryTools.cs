namespace Interop.Bridge.Devnet;

/// <summary>
/// Locates the pinned Foundry binaries (anvil, forge, cast) that npm installs into the repository's node_modules.
/// An explicit directory can be given with the INTEROP_FOUNDRY_BIN environment variable.
/// </summary>
public static class FoundryTools
{
    /// <summary>Path of the anvil executable.</summary>
    public static string Anvil => Find("anvil");

    /// <summary>Path of the cast executable.</summary>
    public static string Cast => Find("cast");

    /// <summary>Path of the forge executable.</summary>
    public static string Forge => Find("forge");

    /// <summary>Finds <paramref name="tool"/> or throws an error that says how to install it.</summary>
    public static string Find(string tool)
    {
        var overrideDir = Environment.GetEnvironmentVariable("INTEROP_FOUNDRY_BIN");
        if (!string.IsNullOrEmpty(overrideDir))
        {
            var candidate = Path.Combine(overrideDir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        foreach (var root in CandidateRoots())
        {
            var candidate = Path.Combine(root, "node_modules", "@foundry-rs", $"{tool}-linux-amd64", "bin", tool);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(
            $"{tool} not found. Run the build from the repository (it runs `npm ci`), or set INTEROP_FOUNDRY_BIN to a folder holding {tool}.");
    }

    /// <summary>The repository root: the nearest ancestor of the working directory or of this assembly holding package.json and node_modules.</summary>
    public static string? FindRepositoryRoot() => CandidateRoots().FirstOrDefault();

    private static IEnumerable<string> CandidateRoots()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "node_modules")))
                    yield return dir.FullName;
            }
        }
    }
}
