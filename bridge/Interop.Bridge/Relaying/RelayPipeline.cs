using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Relaying;

/// <summary>
/// The I/O stages of one route around <see cref="RouteState"/>'s pure decisions: prepare (skip what the destination already
/// delivered, collect signatures, pick the quorum checkpoint, build the proven batch, simulate it), submit, and confirm.
/// Each stage returns an explicit <see cref="RelayOutcome"/> and the events to persist; it never changes the state itself.
/// </summary>
public sealed class RelayPipeline
{
    private readonly RpcClient _destination;
    private readonly IReadOnlyList<ICheckpointSource> _validators;
    private readonly ValidatorSet _validatorSet;
    private readonly Random _random;

    /// <param name="destination">RPC of the destination chain.</param>
    /// <param name="validators">Where each validator of the origin serves its signed checkpoints.</param>
    /// <param name="validatorSet">The origin's validator set and threshold, as the destination ISM has them.</param>
    /// <param name="random">Jitter for the retry schedule (seeded in tests).</param>
    public RelayPipeline(RpcClient destination, IReadOnlyList<ICheckpointSource> validators, ValidatorSet validatorSet, Random random)
    {
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        _validators = validators ?? throw new ArgumentNullException(nameof(validators));
        _validatorSet = validatorSet ?? throw new ArgumentNullException(nameof(validatorSet));
        _random = random ?? throw new ArgumentNullException(nameof(random));
    }

    /// <summary>
    /// Prepares the next batch of <paramref name="state"/> at <paramref name="now"/>. Success carries a batch that simulated
    /// cleanly from <paramref name="relayer"/>; Drop means everything selected was already delivered; Retry means the
    /// simulation reverted (messages rescheduled, reason decoded); NotReady means no ready message or no quorum yet.
    /// </summary>
    public async Task<StageResult> PrepareAsync(RouteState state, Address relayer, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var round = await PrepareRoundAsync(state, relayer, now, 1, cancellationToken).ConfigureAwait(false);
        var only = round.Batches[0];
        return new StageResult(only.Outcome, [.. round.Events, .. only.Events]);
    }

    /// <summary>
    /// Prepares up to <paramref name="maxBatches"/> batches in one round (see <see cref="RouteState.SelectBatches"/>): one bitmap read
    /// for all of them (one word per 256 nonces), one collection of signatures, a shared quorum checkpoint where possible
    /// (<see cref="RouteState.BuildBatches"/>), and the simulations run concurrently. Each batch gets its own outcome as in
    /// <see cref="PrepareAsync"/>; a round always has at least one.
    /// </summary>
    public async Task<PreparedRound> PrepareRoundAsync(RouteState state, Address relayer, DateTimeOffset now, int maxBatches,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        if (state.IsHalted) return Single(new RelayOutcome.NotReady($"route {state.Origin}->{state.Destination} halted: {state.HaltReason}"));
        var selected = state.SelectBatches(now, maxBatches);
        if (selected.Count == 0) return Single(new RelayOutcome.NotReady("no message is ready"));

        var events = new List<IRelayerEvent>();
        var nonces = selected.SelectMany(b => b.Select(m => m.Nonce)).ToList();
        var delivered = (await ReadDeliveredAsync(state, nonces, cancellationToken).ConfigureAwait(false)).ToHashSet();
        if (delivered.Count > 0) events.Add(new MessagesDelivered([.. delivered.Order()], null));
        var batches = selected.Select(b => b.Where(m => !delivered.Contains(m.Nonce)).Select(m => m.Message).ToList())
            .Where(b => b.Count > 0).ToList();
        if (batches.Count == 0)
            return new PreparedRound(events,
                [new StageResult(new RelayOutcome.Drop($"all {nonces.Count} selected message(s) were already delivered to {state.Destination} by someone else"), [])]);

        var (offers, problems) = await CheckpointCollector.CollectAsync(_validators, state.Origin, (uint)batches[0][^1].Nonce, cancellationToken)
            .ConfigureAwait(false);
        var outcomes = state.BuildBatches(batches, offers, _validatorSet);
        var simulations = outcomes.Select(o => o is RelayOutcome.Success s ? SimulateAsync(state, relayer, s.Batch, cancellationToken) : Task.FromResult<string?>(null));
        var reverts = await Task.WhenAll(simulations).ConfigureAwait(false);

        var results = new List<StageResult>(batches.Count);
        for (var i = 0; i < batches.Count; i++)
        {
            var outcome = outcomes[i];
            if (outcome is RelayOutcome.NotReady notReady && problems.Count > 0)
                outcome = notReady with { Reason = $"{notReady.Reason}; {string.Join("; ", problems)}" };
            if (reverts[i] is { } reason)
            {
                var failed = state.Fail(batches[i].Select(m => m.Nonce), reason, now, _random);
                results.Add(new StageResult(new RelayOutcome.Retry(failed.Retries.Min(r => r.RetryAt), reason), [failed]));
            }
            else
            {
                results.Add(new StageResult(outcome, []));
            }
        }
        return new PreparedRound(events, results);
    }

    private static PreparedRound Single(RelayOutcome outcome) => new([], [new StageResult(outcome, [])]);

    // The revert reason of an eth_call of the batch, or null when it simulates cleanly.
    private async Task<string?> SimulateAsync(RouteState state, Address relayer, DeliveryBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await _destination.EthCallAsync(new CallRequest { From = relayer, To = state.DestinationMailbox, Data = batch.EncodeCall() },
                BlockParameter.Latest, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ExecutionRevertedException e)
        {
            return $"processBatch simulation reverted: {DecodeRevert(e.RevertData.Span)}";
        }
    }

    /// <summary>
    /// Sends <paramref name="batch"/> from <paramref name="relayer"/> through <paramref name="client"/> (which waits for the receipt)
    /// and confirms it: Confirm(txHash) with BatchSubmitted and the per-message results, or Retry when it reverted.
    /// (The node's TxSender actor replaces <see cref="ChainClient"/>; the actor then calls <see cref="RouteState.Confirm"/> on the receipt.)
    /// </summary>
    public async Task<StageResult> SubmitAsync(ChainClient client, EthKey relayer, RouteState state, DeliveryBatch batch, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(relayer);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(batch);
        var nonces = batch.Messages.Select(m => m.Nonce).ToList();
        Receipt receipt;
        try
        {
            receipt = await client.SendAsync(relayer, state.DestinationMailbox, batch.EncodeCall(), BigInteger.Zero, MailboxBinding.Definition, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TransactionRevertedException e)
        {
            var failed = state.Fail(nonces, e.Message, now, _random);
            IReadOnlyList<IRelayerEvent> events = e.Receipt is { } mined
                ? [new BatchSubmitted(nonces, new Bytes32(mined.TransactionHash)), failed]
                : [failed];
            return new StageResult(new RelayOutcome.Retry(failed.Retries.Min(r => r.RetryAt), e.Message), events);
        }
        var hash = new Bytes32(receipt.TransactionHash);
        return new StageResult(new RelayOutcome.Confirm(hash), [new BatchSubmitted(nonces, hash), .. state.Confirm(nonces, receipt, now, _random)]);
    }

    /// <summary>
    /// Confirms a batch sent earlier (after a restart, <see cref="RelayStatus.Submitted"/> messages name their transaction):
    /// NotReady while it has no receipt, else Confirm with the per-message results.
    /// </summary>
    public async Task<StageResult> ConfirmAsync(RouteState state, Bytes32 transactionHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var receipt = await _destination.GetTransactionReceiptAsync(transactionHash.ToArray(), cancellationToken).ConfigureAwait(false);
        if (receipt is null) return new StageResult(new RelayOutcome.NotReady($"transaction {transactionHash} has no receipt yet"), []);
        var nonces = state.Messages.Values.Where(m => m.SubmittedIn == transactionHash).Select(m => m.Nonce).ToList();
        return new StageResult(new RelayOutcome.Confirm(transactionHash), state.Confirm(nonces, receipt, now, _random));
    }

    /// <summary>The nonces among <paramref name="nonces"/> the destination Mailbox already marked delivered (one deliveredWord read per 256 nonces).</summary>
    public async Task<IReadOnlyList<ulong>> ReadDeliveredAsync(RouteState state, IReadOnlyList<ulong> nonces, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(nonces);
        var words = nonces.Select(n => n >> 8).Distinct().ToList();
        var reads = words.Select(word => _destination.EthCallAsync(new CallRequest
        {
            To = state.DestinationMailbox,
            Data = MailboxBinding.Definition.Encode("deliveredWord", state.Origin, new BigInteger(word)),
        }, BlockParameter.Latest, cancellationToken)).ToList();
        var bits = (await Task.WhenAll(reads).ConfigureAwait(false)).Select(b => HexBigInteger.FromBytes(b)).ToList();
        var byWord = words.Zip(bits).ToDictionary(x => x.First, x => x.Second);
        return nonces.Where(n => !(byWord[n >> 8] >> (int)(n & 255) & BigInteger.One).IsZero).ToList();
    }

    // The ISM's errors surface through the Mailbox call: try its ABI when the Mailbox's does not know the selector.
    private static RevertReason DecodeRevert(ReadOnlySpan<byte> data)
    {
        var reason = RevertReason.Decode(data, MailboxBinding.Definition.Abi);
        return reason is RevertReason.Unrecognized ? RevertReason.Decode(data, ContractDefinition.Get(ContractNames.MultisigIsm).Abi) : reason;
    }
}
