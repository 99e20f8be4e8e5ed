using Interop.Bridge.Retry;
using System.Collections.Immutable;
using System.Numerics;
using Interop.Bridge.Protocol;
using Interop.Ethereum;

namespace Interop.Bridge.Relaying;

/// <summary>How one route is relayed: batching, fee policy, denylist and retry schedule.</summary>
public sealed record RelayerOptions
{
    /// <summary>At most this many messages per processBatch (the gas goal is measured at 64).</summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>A ready message waits at most this long for the batch to fill before it is sent anyway.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Origin wei the sender must have paid per unit of committed destination gas (GasPayment ≥ gasLimit × this);
    /// 0 relays everything, paid or not.
    /// </summary>
    public BigInteger MinGasPrice { get; init; } = BigInteger.Zero;

    public Denylist Denylist { get; init; } = Denylist.Empty;

    /// <summary>Backoff after a failed delivery: 5 s doubling up to 10 min, ±20 % jitter.</summary>
    public RetrySchedule Retry { get; init; } = new() { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// A prepare round builds up to this many batches from one bitmap read and one collection of signatures (they usually
    /// share a checkpoint), simulating them concurrently; 4 by default.
    /// </summary>
    public int MaxBatchesPerRound { get; init; } = 4;

    /// <summary>No new prepare round starts while this many batches are with the TxSender unconfirmed; 32 by default.</summary>
    public int MaxBatchesInFlight { get; init; } = 32;

    /// <summary>
    /// A batch the TxSender has not acknowledged within this long is handed to it again under the same request id (it never
    /// sends one request twice): a request lost on its way to a TxSender that stopped would otherwise stay in flight, its
    /// messages never delivered, until the route restarts. An acknowledged batch is journaled there and never handed over
    /// again (a slow confirmation is not a lost request). 10 s by default.
    /// </summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How deep (in blocks of either chain) a reorg the route must still be able to undo: leaves and deliveries newer than
    /// this are kept even when delivered. At least the watchers' reorg history; a deeper reorg halts the route. 256 by default
    /// for a route used on its own; the relayer network sets it per route to the larger of its two chains'
    /// <c>NetworkChain.ReorgHistoryBlocks</c> (the confirmation depth + 32 by default), which is what its watchers keep.
    /// </summary>
    public int ReorgHistoryBlocks { get; init; } = 2 * Indexing.ChainIndexState.DefaultHistoryLength;

    /// <summary>Throws naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "MaxBatchSize must be at least 1");
        if (MaxWait < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxWait), MaxWait, "MaxWait cannot be negative");
        if (MaxBatchesPerRound < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatchesPerRound), MaxBatchesPerRound, "MaxBatchesPerRound must be at least 1");
        if (MaxBatchesInFlight < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatchesInFlight), MaxBatchesInFlight, "MaxBatchesInFlight must be at least 1");
        if (ReorgHistoryBlocks < 1) throw new ArgumentOutOfRangeException(nameof(ReorgHistoryBlocks), ReorgHistoryBlocks, "ReorgHistoryBlocks must be at least 1");
        if (ResendAfter <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ResendAfter), ResendAfter, "ResendAfter must be positive");
        if (MinGasPrice < 0) throw new ArgumentOutOfRangeException(nameof(MinGasPrice), MinGasPrice, "MinGasPrice cannot be negative");
        Retry.Validate();
    }
}

/// <summary>Messages the relayer will not deliver, by id, sender or recipient (they stay deliverable by anyone else).</summary>
public sealed record Denylist(ImmutableHashSet<Bytes32> MessageIds, ImmutableHashSet<Bytes32> Senders, ImmutableHashSet<Bytes32> Recipients)
{
    public static Denylist Empty { get; } = new([], [], []);

    /// <summary>Why <paramref name="message"/> is denied, or null when it is not.</summary>
    public string? Match(InteropMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (MessageIds.Contains(message.Id)) return $"denylisted: message {message.Id} is on the denylist";
        if (Senders.Contains(message.Sender)) return $"denylisted: sender {message.Sender} is on the denylist";
        if (Recipients.Contains(message.Recipient)) return $"denylisted: recipient {message.Recipient} is on the denylist";
        return null;
    }
}

/// <summary>The validators whose signatures count for one origin, and how many are needed (the destination ISM's view).</summary>
public sealed record ValidatorSet
{
    public ValidatorSet(IEnumerable<Address> validators, int threshold)
    {
        ArgumentNullException.ThrowIfNull(validators);
        Validators = validators.ToImmutableSortedSet();
        if (Validators.Count != validators.Count())
            throw new ArgumentException("the validator set lists an address twice", nameof(validators));
        if (threshold < 1 || threshold > Validators.Count)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"the threshold must be between 1 and the {Validators.Count} validators");
        Threshold = threshold;
    }

    public ImmutableSortedSet<Address> Validators { get; }
    public int Threshold { get; }

    public bool Contains(Address address) => Validators.Contains(address);
}

/// <summary>The fee policy: a message is relayed only if what its sender paid covers its committed gas at the minimum price.</summary>
public static class FeePolicy
{
    /// <summary>Null when <paramref name="paid"/> covers <c>gasLimit × minGasPrice</c>, else the drop with its reason.</summary>
    public static RelayOutcome.Drop? Check(InteropMessage message, BigInteger paid, BigInteger minGasPrice)
    {
        ArgumentNullException.ThrowIfNull(message);
        var required = message.GasLimit * minGasPrice;
        return paid >= required
            ? null
            : new RelayOutcome.Drop($"underpaid: message {message.Id} (nonce {message.Nonce}) paid {paid} wei for gasLimit {message.GasLimit}, "
                + $"this relayer requires {required} wei ({minGasPrice} wei per gas); it stays deliverable by anyone");
    }
}
