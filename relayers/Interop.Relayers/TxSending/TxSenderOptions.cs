using Interop.Bridge.Retry;

namespace Interop.Relayers.TxSending;

/// <summary>Settings of one TxSender (a chain and a signer), bound from <c>Interop:TxSender</c> with per-chain overrides.</summary>
public sealed record TxSenderOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Interop:TxSender";

    /// <summary>The chain id the signed transactions carry; the sender refuses to work against an RPC of another chain.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>How often pending transactions are checked (receipts, stuck transactions).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Blocks on top of a transaction's block before it counts as confirmed (receipt block + depth &lt;= head).</summary>
    public ulong ConfirmationDepth { get; init; } = 2;

    /// <summary>A transaction without a receipt this long after it was signed is replaced with higher fees.</summary>
    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Also replace a transaction after this many new blocks without it; 0 uses time only.</summary>
    public ulong StuckAfterBlocks { get; init; } = 5;

    /// <summary>Fee increase per replacement in percent (nodes require at least 10).</summary>
    public int FeeBumpPercent { get; init; } = 10;

    /// <summary>The max fee never exceeds this multiple of the first transaction's.</summary>
    public int MaxFeeMultiplier { get; init; } = 3;

    /// <summary>Gas estimate margin in percent (120 = estimate × 1.2), for state that changes between estimate and inclusion.</summary>
    public int GasLimitPercent { get; init; } = 120;

    /// <summary>Requests prepared (gas estimate, fees) at the same time; 1 keeps nonces in request order.</summary>
    public int MaxConcurrentPreparations { get; init; } = 4;

    /// <summary>A snapshot is saved every this many events, so recovery replays a bounded tail.</summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>How many finished requests are remembered to answer a repeated request id (oldest forgotten first).</summary>
    public int CompletedRequestsToKeep { get; init; } = 10_000;

    /// <summary>Backoff for failed RPC calls (reconciliation, preparation, broadcast).</summary>
    public RetrySchedule Retry { get; init; } = new();

    /// <summary>Time limit for one chain interaction of the sender (a poll, a preparation, a broadcast).</summary>
    public TimeSpan RpcTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The problems with these options, each naming its key; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string name, string rule)
        {
            if (!ok) errors.Add($"{SectionName}:{name} {rule}");
        }
        Check(ChainId > 0, nameof(ChainId), "must be set (the chain id of the RPC endpoint)");
        Check(PollInterval > TimeSpan.Zero, nameof(PollInterval), "must be positive");
        Check(StuckAfter > TimeSpan.Zero, nameof(StuckAfter), "must be positive");
        Check(FeeBumpPercent >= 10, nameof(FeeBumpPercent), "must be at least 10 (nodes reject smaller replacement bumps)");
        Check(MaxFeeMultiplier >= 1, nameof(MaxFeeMultiplier), "must be at least 1");
        Check(GasLimitPercent >= 100, nameof(GasLimitPercent), "must be at least 100");
        Check(MaxConcurrentPreparations >= 1, nameof(MaxConcurrentPreparations), "must be at least 1");
        Check(SnapshotEvery >= 1, nameof(SnapshotEvery), "must be at least 1");
        Check(CompletedRequestsToKeep >= 1, nameof(CompletedRequestsToKeep), "must be at least 1");
        Check(RpcTimeout > TimeSpan.Zero, nameof(RpcTimeout), "must be positive");
        try
        {
            Retry.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            errors.Add($"{SectionName}:{nameof(Retry)}:{e.ParamName} {e.Message}");
        }
        return errors;
    }
}
