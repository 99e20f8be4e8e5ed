namespace Interop.Gateway;

/// <summary>The "Interop:Gateway" section: API keys, rate limits and RPC failover of the public gateway.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Interop:Gateway";

    /// <summary>When true every request needs a configured key in the <see cref="ApiKeyHeader"/> header; else keys only raise limits.</summary>
    public bool RequireApiKey { get; set; }

    /// <summary>Requests per second a client without a key may make (per client IP address).</summary>
    public int AnonymousPermitsPerSecond { get; set; } = 200;

    /// <summary>The keys the gateway accepts, each with its own limit.</summary>
    public List<GatewayApiKey> ApiKeys { get; set; } = [];

    /// <summary>How many other RPC endpoints a JSON-RPC request is retried on when one cannot be reached.</summary>
    public int RpcRetries { get; set; } = 2;

    /// <summary>How often each destination (router node or RPC endpoint) is probed.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The header carrying the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Every problem, each naming its configuration key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AnonymousPermitsPerSecond < 1) errors.Add($"{SectionName}:AnonymousPermitsPerSecond must be at least 1, got {AnonymousPermitsPerSecond}");
        if (RpcRetries is < 0 or > 10) errors.Add($"{SectionName}:RpcRetries must be between 0 and 10, got {RpcRetries}");
        if (HealthCheckInterval < TimeSpan.FromMilliseconds(100) || HealthCheckInterval > TimeSpan.FromMinutes(10))
            errors.Add($"{SectionName}:HealthCheckInterval must be between 00:00:00.1 and 00:10:00, got {HealthCheckInterval}");
        if (RequireApiKey && ApiKeys.Count == 0) errors.Add($"{SectionName}:RequireApiKey is true but {SectionName}:ApiKeys is empty: nobody could call the gateway");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var k = ApiKeys[i];
            var at = $"{SectionName}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(k.Name)) errors.Add($"{at}:Name is required (it labels the key in logs and limits; the key itself is never logged)");
            else if (!names.Add(k.Name)) errors.Add($"{at}:Name '{k.Name}' appears twice");
            if (string.IsNullOrEmpty(k.Key) || k.Key.Length < 16) errors.Add($"{at}:Key must be at least 16 characters");
            else if (!keys.Add(k.Key)) errors.Add($"{at}:Key is the same as another key's");
            if (k.PermitsPerSecond < 1) errors.Add($"{at}:PermitsPerSecond must be at least 1, got {k.PermitsPerSecond}");
        }
        return errors;
    }
}

/// <summary>One API key and its rate limit.</summary>
public sealed class GatewayApiKey
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public int PermitsPerSecond { get; set; } = 1000;
}

/// <summary>A chain whose JSON-RPC endpoints the gateway serves at <c>/rpc/{ChainId}</c>, in order of preference.</summary>
public sealed record GatewayChain(ulong ChainId, IReadOnlyList<Uri> Rpc);
