using System.Globalization;
using System.Numerics;
using Interop.Relayers.Filling;

namespace Interop.Node.Hosting;

/// <summary>The "Interop:Filler" section: whether this node fills intents, with which key, on which routes, on what terms.</summary>
public sealed class FillerNodeOptions
{
    public const string SectionName = "Interop:Filler";

    /// <summary>Run the fillers (default on; with the devnet on they fill with its funded filler key, HD 17).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>HD index (m/44'/60'/0'/0/i) of the filler key: of Interop:Devnet:Mnemonic with the devnet on (default 17), else of the mnemonic in Interop:Keys:MnemonicVariable.</summary>
    public int? KeyIndex { get; set; }

    /// <summary>Devnet off: the filler key from a keystore v3 file instead (password in Interop:Keys:KeystorePasswordVariable).</summary>
    public string? Keystore { get; set; }

    /// <summary>Routes as "origin->destination" (e.g. "901->902"); empty: every ordered pair of chains that both have an IntentPool.</summary>
    public List<string> Routes { get; set; } = [];

    /// <summary>Token symbols filled (each must exist on both ends of a route).</summary>
    public List<string> Tokens { get; set; } = ["USDC"];

    public int MinFeeBps { get; set; } = 5;

    /// <summary>Fill gas plus settlement share in token base units (integer string); the fee must exceed it.</summary>
    public string GasCostInToken { get; set; } = "0";

    /// <summary>Most output unrepaid per origin, in token base units (integer string).</summary>
    public string MaxExposurePerOrigin { get; set; } = "1000000000000";

    /// <summary>Largest single order output, in token base units (integer string).</summary>
    public string MaxOrderOutput { get; set; } = "1000000000000";

    /// <summary>Confirmations by size: orders with output at least MinOutput wait Confirmations origin blocks.</summary>
    public List<ConfirmationTierOptions> ConfirmationsBySize { get; set; } = [];

    /// <summary>Automatic rebalancing of the filler's inventory through the canonical bridge.</summary>
    public RebalanceNodeOptions Rebalance { get; set; } = new();

    public int SettleBatchSize { get; set; } = 20;
    public double SettleMaxWaitSeconds { get; set; } = 5;
    public double PollIntervalSeconds { get; set; } = 0.5;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enabled) return errors;
        if (KeyIndex is < 0) errors.Add($"{SectionName}:KeyIndex must not be negative, got {KeyIndex}");
        for (var i = 0; i < Routes.Count; i++)
            if (ParseRoute(Routes[i]) is null) errors.Add($"{SectionName}:Routes:{i} must look like \"901->902\", got \"{Routes[i]}\"");
        if (Tokens.Count == 0) errors.Add($"{SectionName}:Tokens must name at least one token symbol");
        foreach (var (name, value) in new[] { (nameof(GasCostInToken), GasCostInToken), (nameof(MaxExposurePerOrigin), MaxExposurePerOrigin), (nameof(MaxOrderOutput), MaxOrderOutput) })
            if (!TryAmount(value, out _)) errors.Add($"{SectionName}:{name} must be a non-negative integer (token base units), got \"{value}\"");
        for (var i = 0; i < ConfirmationsBySize.Count; i++)
            if (!TryAmount(ConfirmationsBySize[i].MinOutput, out _)) errors.Add($"{SectionName}:ConfirmationsBySize:{i}:MinOutput must be a non-negative integer, got \"{ConfirmationsBySize[i].MinOutput}\"");
        if (PollIntervalSeconds is <= 0 or > 60) errors.Add($"{SectionName}:PollIntervalSeconds must be within (0, 60], got {PollIntervalSeconds}");
        if (SettleMaxWaitSeconds is < 0 or > 3600) errors.Add($"{SectionName}:SettleMaxWaitSeconds must be within 0..3600, got {SettleMaxWaitSeconds}");
        if (errors.Count == 0) errors.AddRange(Policy().Validate(SectionName + ":"));
        if (SettleBatchSize is < 1 or > 100) errors.Add($"{SectionName}:SettleBatchSize must be within 1..100, got {SettleBatchSize}");
        errors.AddRange(Rebalance.Validate(SectionName + ":Rebalance:", Tokens));
        return errors;
    }

    /// <summary>The policy (call after <see cref="Validate"/>).</summary>
    public FillerPolicy Policy() => new()
    {
        MinFeeBps = MinFeeBps,
        GasCostInToken = Amount(GasCostInToken),
        MaxExposurePerOrigin = Amount(MaxExposurePerOrigin),
        MaxOrderOutput = Amount(MaxOrderOutput),
        ConfirmationsBySize = ConfirmationsBySize.Count == 0
            ? [new ConfirmationTier(BigInteger.Zero, 1)]
            : ConfirmationsBySize.Select(t => new ConfirmationTier(Amount(t.MinOutput), t.Confirmations)).ToList(),
    };

    public FillerTiming Timing() => new()
    {
        PollInterval = TimeSpan.FromSeconds(PollIntervalSeconds),
        SettleBatchSize = SettleBatchSize,
        SettleMaxWait = TimeSpan.FromSeconds(SettleMaxWaitSeconds),
    };

    internal static (uint Origin, uint Destination)? ParseRoute(string text)
    {
        var parts = text.Split("->", StringSplitOptions.TrimEntries);
        return parts.Length == 2 && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var o)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d) && o != d ? (o, d) : null;
    }

    internal static bool TryAmount(string? text, out BigInteger value) =>
        BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    internal static BigInteger Amount(string text) => TryAmount(text, out var v) ? v : throw new FormatException($"not an amount: {text}");
}

/// <summary>One tier of <see cref="FillerNodeOptions.ConfirmationsBySize"/>.</summary>
public sealed class ConfirmationTierOptions
{
    public string MinOutput { get; set; } = "0";
    public ulong Confirmations { get; set; } = 1;
}

/// <summary>
/// "Interop:Filler:Rebalance": move the filler's inventory back to the chains it fills on, through the canonical
/// TokenBridge. Amounts are integer strings of token base units; empty means derived from the fill policy.
/// </summary>
public sealed class RebalanceNodeOptions
{
    /// <summary>On or off; unset: on with the embedded devnet, off on configured chains (moving funds across chains is the operator's call).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Token symbols rebalanced (default: every filled token).</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>Per token symbol, the name of its canonical bridge in each chain's contracts (default USDC -> TokenBridge).</summary>
    public Dictionary<string, string> Bridges { get; set; } = new(StringComparer.Ordinal) { ["USDC"] = "TokenBridge" };

    /// <summary>What the filler wants to hold on every chain (default: 2 × MaxOrderOutput).</summary>
    public string Target { get; set; } = "";

    /// <summary>Below this a chain is refilled to its target (default: MaxOrderOutput).</summary>
    public string LowWater { get; set; } = "";

    /// <summary>The smallest move worth the bridge fee (default: MaxOrderOutput / 10).</summary>
    public string MinMove { get; set; } = "";

    /// <summary>Per (token, chain) overrides of Target and LowWater.</summary>
    public List<RebalanceLimitOptions> Limits { get; set; } = [];

    /// <summary>Whether rebalancing runs for a node whose devnet is <paramref name="devnet"/>.</summary>
    public bool IsEnabled(bool devnet) => Enabled ?? devnet;

    /// <summary>The tokens rebalanced given the filled <paramref name="filled"/> tokens.</summary>
    public IReadOnlyList<string> TokensOf(IReadOnlyList<string> filled) => Tokens.Count > 0 ? Tokens : filled;

    public IReadOnlyList<string> Validate(string prefix, IReadOnlyList<string> filled)
    {
        var errors = new List<string>();
        if (Enabled == false) return errors;
        foreach (var (name, value) in new[] { (nameof(Target), Target), (nameof(LowWater), LowWater), (nameof(MinMove), MinMove) })
            if (value.Length > 0 && !FillerNodeOptions.TryAmount(value, out _)) errors.Add($"{prefix}{name} must be empty or a non-negative integer (token base units), got \"{value}\"");
        if (MinMove.Length > 0 && FillerNodeOptions.TryAmount(MinMove, out var minMove) && minMove.Sign == 0) errors.Add($"{prefix}MinMove must be positive, got 0");
        for (var i = 0; i < Tokens.Count; i++)
            if (!filled.Contains(Tokens[i], StringComparer.Ordinal)) errors.Add($"{prefix}Tokens:{i}: {Tokens[i]} is not a filled token (Interop:Filler:Tokens)");
        foreach (var symbol in TokensOf(filled).Where(t => !Bridges.TryGetValue(t, out var b) || string.IsNullOrWhiteSpace(b)))
            errors.Add($"{prefix}Bridges:{symbol} must name the token's canonical bridge contract (e.g. TokenBridge)");
        for (var i = 0; i < Limits.Count; i++)
        {
            var l = Limits[i];
            if (!TokensOf(filled).Contains(l.Token, StringComparer.Ordinal)) errors.Add($"{prefix}Limits:{i}:Token {l.Token} is not rebalanced");
            foreach (var (name, value) in new[] { (nameof(l.Target), l.Target), (nameof(l.LowWater), l.LowWater) })
                if (value.Length > 0 && !FillerNodeOptions.TryAmount(value, out _)) errors.Add($"{prefix}Limits:{i}:{name} must be empty or a non-negative integer, got \"{value}\"");
        }
        return errors;
    }

    /// <summary>The limits of <paramref name="token"/> on <paramref name="chain"/> (call after <see cref="Validate"/>).</summary>
    public RebalanceLimits LimitsFor(string token, uint chain, FillerPolicy policy)
    {
        var defaults = RebalanceSettings.DefaultLimits(policy);
        var target = Target.Length > 0 ? FillerNodeOptions.Amount(Target) : defaults.Target;
        var lowWater = LowWater.Length > 0 ? FillerNodeOptions.Amount(LowWater) : defaults.LowWater;
        if (Limits.LastOrDefault(l => l.Token == token && l.ChainId == chain) is { } o)
        {
            if (o.Target.Length > 0) target = FillerNodeOptions.Amount(o.Target);
            if (o.LowWater.Length > 0) lowWater = FillerNodeOptions.Amount(o.LowWater);
        }
        return new RebalanceLimits(target, lowWater);
    }

    /// <summary>The minimum move (call after <see cref="Validate"/>).</summary>
    public BigInteger MinMoveFor(FillerPolicy policy) => MinMove.Length > 0 ? FillerNodeOptions.Amount(MinMove) : RebalanceSettings.DefaultMinMove(policy);
}

/// <summary>One entry of <see cref="RebalanceNodeOptions.Limits"/>: Target and LowWater of a token on a chain (empty: the section's).</summary>
public sealed class RebalanceLimitOptions
{
    public string Token { get; set; } = "USDC";
    public uint ChainId { get; set; }
    public string Target { get; set; } = "";
    public string LowWater { get; set; } = "";
}
