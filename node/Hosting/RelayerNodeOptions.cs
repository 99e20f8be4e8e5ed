using Interop.Ethereum;

namespace Interop.Node.Hosting;

/// <summary>The "Interop:Relayer" section: how this node's relayer network watches and delivers.</summary>
public sealed class RelayerNodeOptions
{
    public const string SectionName = "Interop:Relayer";

    /// <summary>Confirmation depth of the devnet chains (configured chains carry their own <c>ConfirmationDepth</c>).</summary>
    public int DevnetConfirmationDepth { get; set; } = 1;

    /// <summary>Poll interval of the watchers on configured (non-devnet) chains; devnet chains poll at their block time.</summary>
    public double PollIntervalSeconds { get; set; } = 2;

    /// <summary>The validator set of every origin when the devnet is off (the devnet supplies its own).</summary>
    public List<string> Validators { get; set; } = [];

    /// <summary>Signatures required out of <see cref="Validators"/> (devnet: Interop:Devnet:Threshold).</summary>
    public int Threshold { get; set; } = 1;

    /// <summary>Base URLs of other nodes serving /v1/checkpoints (their validators' signatures).</summary>
    public List<string> RemoteCheckpointEndpoints { get; set; } = [];

    /// <summary>At most this many messages per processBatch.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>A ready message waits at most this long for its batch to fill.</summary>
    public double MaxWaitSeconds { get; set; } = 2;

    /// <summary>
    /// Claim users' TokenBridge holds (transfers above a bridge's large-transfer threshold) once mature, through the relayer
    /// key's TxSender of the destination chain. Off: held transfers stay Held until someone else claims them.
    /// </summary>
    public bool ClaimHolds { get; set; } = true;

    public IReadOnlyList<string> Validate(bool devnetEnabled)
    {
        var errors = new List<string>();
        if (DevnetConfirmationDepth < 0) errors.Add($"{SectionName}:DevnetConfirmationDepth cannot be negative, got {DevnetConfirmationDepth}");
        if (PollIntervalSeconds is <= 0 or > 600) errors.Add($"{SectionName}:PollIntervalSeconds must be between 0 (exclusive) and 600, got {PollIntervalSeconds}");
        if (MaxBatchSize is < 1 or > 1024) errors.Add($"{SectionName}:MaxBatchSize must be between 1 and 1024, got {MaxBatchSize}");
        if (MaxWaitSeconds is < 0 or > 600) errors.Add($"{SectionName}:MaxWaitSeconds must be between 0 and 600, got {MaxWaitSeconds}");
        for (var i = 0; i < Validators.Count; i++)
            if (!Address.TryParse(Validators[i], out _, out var error)) errors.Add($"{SectionName}:Validators:{i}: {error}");
        for (var i = 0; i < RemoteCheckpointEndpoints.Count; i++)
            if (!Uri.TryCreate(RemoteCheckpointEndpoints[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{SectionName}:RemoteCheckpointEndpoints:{i} is not an http(s) URL");
        if (!devnetEnabled)
        {
            if (Validators.Count == 0) errors.Add($"{SectionName}:Validators is empty: list the validator addresses the destination ISMs accept (needed when Interop:Devnet:Enabled=false)");
            else if (Threshold < 1 || Threshold > Validators.Count) errors.Add($"{SectionName}:Threshold must be between 1 and the {Validators.Count} validators, got {Threshold}");
        }
        return errors;
    }
}

/// <summary>
/// The "Interop:Keys" section: where a non-devnet node gets its signing keys. Secrets never sit in the file: the
/// mnemonic and the keystore password come from environment variables whose names are configured here.
/// </summary>
public sealed class KeysOptions
{
    public const string SectionName = "Interop:Keys";

    /// <summary>The environment variable holding the BIP-39 mnemonic the HD indices below derive from.</summary>
    public string MnemonicVariable { get; set; } = "INTEROP_MNEMONIC";

    /// <summary>HD indices (m/44'/60'/0'/0/i) of the validator keys this node signs checkpoints with; empty: no validator.</summary>
    public List<int> ValidatorIndices { get; set; } = [];

    /// <summary>HD index of the relayer key that sends processBatch; unset (and no keystore): a validate-only node.</summary>
    public int? RelayerIndex { get; set; }

    /// <summary>A keystore v3 file with the relayer key (instead of <see cref="RelayerIndex"/>).</summary>
    public string? RelayerKeystore { get; set; }

    /// <summary>The environment variable holding the password of <see cref="RelayerKeystore"/>.</summary>
    public string KeystorePasswordVariable { get; set; } = "INTEROP_KEYSTORE_PASSWORD";

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(MnemonicVariable)) errors.Add($"{SectionName}:MnemonicVariable must name an environment variable");
        for (var i = 0; i < ValidatorIndices.Count; i++)
            if (ValidatorIndices[i] < 0) errors.Add($"{SectionName}:ValidatorIndices:{i} must be 0 or more, got {ValidatorIndices[i]}");
        if (RelayerIndex is < 0) errors.Add($"{SectionName}:RelayerIndex must be 0 or more, got {RelayerIndex}");
        if (RelayerIndex is not null && !string.IsNullOrWhiteSpace(RelayerKeystore))
            errors.Add($"{SectionName}: set RelayerIndex or RelayerKeystore, not both");
        if (!string.IsNullOrWhiteSpace(RelayerKeystore) && string.IsNullOrWhiteSpace(KeystorePasswordVariable))
            errors.Add($"{SectionName}:KeystorePasswordVariable must name an environment variable when RelayerKeystore is set");
        return errors;
    }
}

/// <summary>The "Interop:Admin" section: who may call /admin/*.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Interop:Admin";

    /// <summary>Accepted values of the X-Api-Key header; empty disables the admin API (every call answers 403).</summary>
    public List<string> ApiKeys { get; set; } = [];

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        for (var i = 0; i < ApiKeys.Count; i++)
            if (ApiKeys[i] is null || ApiKeys[i].Trim().Length < 16)
                errors.Add($"{SectionName}:ApiKeys:{i} must be at least 16 characters (e.g. the output of `openssl rand -hex 32`)");
        return errors;
    }
}
