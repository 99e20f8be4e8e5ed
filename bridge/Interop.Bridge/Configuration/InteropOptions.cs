namespace Interop.Bridge.Configuration;

/// <summary>The "Interop" section of appsettings.json.</summary>
public sealed class InteropOptions
{
    public const string SectionName = "Interop";

    public DevnetOptions Devnet { get; set; } = new();

    /// <summary>Chains to run against when the devnet is disabled (with it enabled, the devnet manifest supplies them).</summary>
    public List<ChainOptions> Chains { get; set; } = [];

    /// <summary>Every problem with the configuration, each naming its key (e.g. "Interop:Chains:1:Rpc").</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Devnet.Enabled) Devnet.Validate($"{SectionName}:Devnet", errors);
        else if (Chains.Count == 0) errors.Add($"{SectionName}:Chains is empty: configure at least one chain or set {SectionName}:Devnet:Enabled=true");
        var seen = new HashSet<ulong>();
        for (var i = 0; i < Chains.Count; i++)
        {
            Chains[i].Validate($"{SectionName}:Chains:{i}", errors);
            if (!seen.Add(Chains[i].ChainId)) errors.Add($"{SectionName}:Chains:{i}:ChainId {Chains[i].ChainId} appears twice");
        }
        return errors;
    }
}

/// <summary>One chain the node talks to.</summary>
public sealed class ChainOptions
{
    public string Name { get; set; } = "";
    public ulong ChainId { get; set; }

    /// <summary>JSON-RPC endpoints in order of preference; the client fails over between them.</summary>
    public List<string> Rpc { get; set; } = [];

    /// <summary>Blocks a log must be buried under before validators sign it.</summary>
    public int ConfirmationDepth { get; set; } = 1;

    /// <summary>
    /// How deep a reorg of this chain the relayer network can undo (blocks); null = <see cref="ConfirmationDepth"/> + 32. A deeper
    /// reorg halts the chain's watcher with an ALERT. Must be greater than the confirmation depth.
    /// </summary>
    public int? ReorgHistoryBlocks { get; set; }

    /// <summary>Deployed contract addresses by name (Mailbox, TokenBridge, ...).</summary>
    public Dictionary<string, string> Contracts { get; set; } = new(StringComparer.Ordinal);

    internal void Validate(string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(Name)) errors.Add($"{key}:Name is required");
        if (ChainId is 0 or > uint.MaxValue) errors.Add($"{key}:ChainId must be between 1 and {uint.MaxValue} (it is the message domain), got {ChainId}");
        if (Rpc.Count == 0) errors.Add($"{key}:Rpc needs at least one endpoint URL");
        for (var i = 0; i < Rpc.Count; i++)
            if (!Uri.TryCreate(Rpc[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{key}:Rpc:{i} is not an http(s) URL");
        if (ConfirmationDepth < 0) errors.Add($"{key}:ConfirmationDepth cannot be negative, got {ConfirmationDepth}");
        if (ReorgHistoryBlocks is { } history && history <= ConfirmationDepth)
            errors.Add($"{key}:ReorgHistoryBlocks must be greater than ConfirmationDepth ({ConfirmationDepth}), got {history}");
        foreach (var (name, address) in Contracts)
            if (!Interop.Ethereum.Address.TryParse(address, out _, out var error)) errors.Add($"{key}:Contracts:{name}: {error}");
    }
}

/// <summary>The embedded local devnet (the "Interop:Devnet" section).</summary>
public sealed class DevnetOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Funds anvil's accounts and derives the deployer, validator, relayer and market-maker keys.</summary>
    public string Mnemonic { get; set; } = "test test test test test test test test test test test junk";

    /// <summary>Where chain state and the manifest are kept so a restart resumes; empty for a throw-away devnet.</summary>
    public string? StateDir { get; set; }

    /// <summary>The chains; empty means <see cref="DefaultChains"/> (a list default would be appended to, not replaced, by binding).</summary>
    public List<DevnetChainOptions> Chains { get; set; } = [];

    /// <summary>L1 900 with 2 s blocks, L2s 901 and 902 with 1 s blocks.</summary>
    public static List<DevnetChainOptions> DefaultChains() =>
    [
        new() { Name = "l1", ChainId = 900, BlockTimeSeconds = 2, Layer = ChainLayer.L1 },
        new() { Name = "l2a", ChainId = 901, BlockTimeSeconds = 1, Layer = ChainLayer.L2 },
        new() { Name = "l2b", ChainId = 902, BlockTimeSeconds = 1, Layer = ChainLayer.L2 },
    ];

    /// <summary>The configured chains, or the defaults when none are configured.</summary>
    public IReadOnlyList<DevnetChainOptions> EffectiveChains => Chains.Count > 0 ? Chains : DefaultChains();

    public int Validators { get; set; } = 5;
    public int Threshold { get; set; } = 3;

    internal void Validate(string key, List<string> errors)
    {
        if (Chains.Count == 0) Chains = DefaultChains();
        if (Chains.Count(c => c.Layer == ChainLayer.L1) != 1) errors.Add($"{key}:Chains needs exactly one chain with Layer L1");
        if (Chains.Count(c => c.Layer == ChainLayer.L2) < 1) errors.Add($"{key}:Chains needs at least one chain with Layer L2");
        var ids = new HashSet<ulong>();
        for (var i = 0; i < Chains.Count; i++)
        {
            var c = Chains[i];
            if (string.IsNullOrWhiteSpace(c.Name)) errors.Add($"{key}:Chains:{i}:Name is required");
            if (c.ChainId is 0 or > uint.MaxValue) errors.Add($"{key}:Chains:{i}:ChainId must be between 1 and {uint.MaxValue}, got {c.ChainId}");
            if (!ids.Add(c.ChainId)) errors.Add($"{key}:Chains:{i}:ChainId {c.ChainId} appears twice");
            if (c.BlockTimeSeconds is < 0 or > 60) errors.Add($"{key}:Chains:{i}:BlockTimeSeconds must be between 0 (automine) and 60, got {c.BlockTimeSeconds}");
        }
        if (Validators is < 1 or > 10) errors.Add($"{key}:Validators must be between 1 and 10 (HD indices 1..10 are reserved for them), got {Validators}");
        if (Threshold < 1 || Threshold > Validators) errors.Add($"{key}:Threshold must be between 1 and Validators ({Validators}), got {Threshold}");
        if (string.IsNullOrWhiteSpace(Mnemonic)) errors.Add($"{key}:Mnemonic is required");
    }
}

/// <summary>One anvil chain of the devnet.</summary>
public sealed class DevnetChainOptions
{
    public string Name { get; set; } = "";
    public ulong ChainId { get; set; }
    public double BlockTimeSeconds { get; set; } = 1;
    public ChainLayer Layer { get; set; } = ChainLayer.L2;

    /// <summary>Fixed loopback port, or 0 for a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Block gas limit (anvil <c>--gas-limit</c>); null = anvil's default of 30M. The base fee rises (EIP-1559, up to 12.5 % a
    /// block) whenever a block uses more than half of it: a load run sending more than ~15M gas a second on a default chain
    /// drives the base fee up exponentially until its senders cannot pay (the 100k-message run's sends failed from ~51,600).
    /// </summary>
    public ulong? GasLimit { get; set; }
}

/// <summary>Whether a chain is the settlement L1 (collateral locked, validators staked) or an L2.</summary>
public enum ChainLayer
{
    L1,
    L2,
}
