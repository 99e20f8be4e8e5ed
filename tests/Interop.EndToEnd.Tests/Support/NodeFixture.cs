using Interop.Bridge.Devnet;

namespace Interop.EndToEnd.Tests.Support;

/// <summary>One real node (throw-away devnet) shared by the tests of <see cref="NodeCollection"/>, which run one at a time.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("interop-e2e-").FullName;

    public NodeProcess Node { get; private set; } = null!;
    public Devnet Devnet { get; private set; } = null!;

    public string WorkingDirectory => _directory;

    public async Task InitializeAsync()
    {
        Node = await NodeProcess.StartAsync(_directory, keepChainState: false);
        Devnet = new Devnet(DevnetManifest.Load(Node.ManifestPath));
    }

    /// <summary>`interop ARGS` in the node's working directory (same appsettings.json: node URL and manifest).</summary>
    public Task<CliRun> CliAsync(params string[] args) => InteropProcess.RunAsync(_directory, TimeSpan.FromSeconds(300), args);

    public async Task DisposeAsync()
    {
        if (Devnet is not null) await Devnet.DisposeAsync();
        if (Node is not null) await Node.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeFixture>
{
    public const string Name = "one running node";
}
