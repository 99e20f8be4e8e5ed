using Interop.Bridge.Configuration;
using Microsoft.Extensions.Logging;

namespace Interop.Bridge.Devnet;

/// <summary>Deploys and wires the contracts on freshly started devnet chains and returns the manifest.</summary>
public delegate Task<DevnetManifest> DevnetDeployment(IReadOnlyList<DevnetChain> chains, CancellationToken cancellationToken);

/// <summary>One running devnet chain.</summary>
public sealed record DevnetChain(DevnetChainOptions Options, AnvilProcess Anvil);

/// <summary>
/// The one-command local devnet: an L1 and L2s as anvil processes on loopback, contracts deployed once and, with a
/// state directory, resumed on the next start instead of deployed again. Every anvil is stopped on dispose, and also
/// when start-up fails half-way.
/// </summary>
public sealed class LocalDevnet : IAsyncDisposable
{
    private readonly List<DevnetChain> _chains;

    private LocalDevnet(List<DevnetChain> chains, DevnetManifest manifest, bool resumed)
    {
        _chains = chains;
        Manifest = manifest;
        Resumed = resumed;
    }

    public DevnetManifest Manifest { get; }

    /// <summary>True when the chains were resumed from the state directory rather than deployed.</summary>
    public bool Resumed { get; }

    public IReadOnlyList<DevnetChain> Chains => _chains;

    /// <summary>Starts (or resumes) the devnet. On any failure every anvil started so far is stopped before the exception propagates.</summary>
    public static async Task<LocalDevnet> StartAsync(DevnetOptions options, DevnetDeployment deploy, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(deploy);
        var stateDir = string.IsNullOrWhiteSpace(options.StateDir) ? null : Path.GetFullPath(options.StateDir);
        var savedManifestPath = stateDir is null ? null : Path.Combine(stateDir, "manifest.json");
        var chains = new List<DevnetChain>();
        try
        {
            if (savedManifestPath is not null && File.Exists(savedManifestPath))
            {
                var saved = DevnetManifest.Load(savedManifestPath);
                foreach (var chainOptions in options.EffectiveChains)
                {
                    var entry = saved.Chains.FirstOrDefault(c => c.ChainId == chainOptions.ChainId)
                        ?? throw new InvalidOperationException($"{savedManifestPath} has no chain {chainOptions.ChainId}; delete {stateDir} to deploy a fresh devnet");
                    var stateFile = StateFile(stateDir!, chainOptions);
                    if (!File.Exists(stateFile))
                        throw new InvalidOperationException($"{stateFile} is missing; delete {stateDir} to deploy a fresh devnet");
                    var port = new Uri(entry.Rpc).Port;
                    chains.Add(new DevnetChain(chainOptions, await StartChainAsync(options, chainOptions, port, stateFile, chainOptions.BlockTimeSeconds, cancellationToken).ConfigureAwait(false)));
                    logger.LogInformation("Resumed chain {ChainName} ({ChainId}) from {StateFile} on {Rpc}", chainOptions.Name, chainOptions.ChainId, stateFile, entry.Rpc);
                }
                return new LocalDevnet(chains, saved, resumed: true);
            }

            foreach (var chainOptions in options.EffectiveChains)
            {
                // Deploy on automine so set-up takes seconds, then switch to the configured block time.
                var stateFile = stateDir is null ? null : StateFile(stateDir, chainOptions);
                var anvil = await StartChainAsync(options, chainOptions, chainOptions.Port, stateFile, blockTime: 0, cancellationToken).ConfigureAwait(false);
                chains.Add(new DevnetChain(chainOptions, anvil));
                logger.LogInformation("Started chain {ChainName} ({ChainId}) on {Rpc}", chainOptions.Name, chainOptions.ChainId, anvil.RpcUrl);
            }
            var manifest = await deploy(chains, cancellationToken).ConfigureAwait(false);
            if (savedManifestPath is not null) manifest.Save(savedManifestPath);
            return new LocalDevnet(chains, manifest, resumed: false);
        }
        catch
        {
            foreach (var chain in chains) chain.Anvil.Dispose();
            throw;
        }
    }

    /// <summary>Stops every chain (anvil dumps its state first when a state directory is used).</summary>
    public async ValueTask DisposeAsync() =>
        // In parallel: each anvil may take a moment to dump its state.
        await Task.WhenAll(_chains.Select(c => Task.Run(c.Anvil.Dispose))).ConfigureAwait(false);

    private static string StateFile(string stateDir, DevnetChainOptions chain)
    {
        Directory.CreateDirectory(stateDir);
        return Path.Combine(stateDir, $"{chain.Name}-{chain.ChainId}.state.json");
    }

    private static Task<AnvilProcess> StartChainAsync(DevnetOptions options, DevnetChainOptions chain, int port, string? stateFile, double blockTime, CancellationToken cancellationToken) =>
        AnvilProcess.StartAsync(new AnvilOptions
        {
            ChainId = chain.ChainId,
            Port = port,
            BlockTimeSeconds = blockTime,
            Mnemonic = options.Mnemonic,
            Accounts = DevnetAccounts.Count,
            StateFile = stateFile,
            Name = $"anvil {chain.Name}",
            ExtraArguments = chain.GasLimit is { } gasLimit ? ["--gas-limit", gasLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [],
        }, cancellationToken: cancellationToken);
}
