using System.Numerics;
using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Relaying;

/// <summary>Where a message of the route stands.</summary>
public enum RelayStatus
{
    /// <summary>Waiting for a batch (possibly until its retry time).</summary>
    Pending,

    /// <summary>In a sent processBatch transaction whose receipt has not been processed.</summary>
    Submitted,

    /// <summary>The destination marked it delivered.</summary>
    Delivered,

    /// <summary>This relayer will not deliver it (see the drop reason).</summary>
    Dropped,
}

/// <summary>One message of the route and its relay history.</summary>
public sealed record RouteMessage(InteropMessage Message, ulong OriginBlock, DateTimeOffset QueuedAt)
{
    public Bytes32 Id { get; } = Message.Id;
    public ulong Nonce => Message.Nonce;
    public BigInteger Paid { get; init; } = BigInteger.Zero;
    public RelayStatus Status { get; init; } = RelayStatus.Pending;

    /// <summary>How many attempts failed so far.</summary>
    public int Failures { get; init; }

    public DateTimeOffset? RetryAt { get; init; }
    public string? LastError { get; init; }
    public string? DropReason { get; init; }
    public Bytes32? SubmittedIn { get; init; }

    /// <summary>Ready for a batch at <paramref name="now"/>.</summary>
    public bool IsReady(DateTimeOffset now) => Status == RelayStatus.Pending && (RetryAt is null || RetryAt <= now);

    /// <summary>Since when it has been ready (its max-wait clock).</summary>
    public DateTimeOffset ReadySince => RetryAt is { } retry && retry > QueuedAt ? retry : QueuedAt;
}

/// <summary>
/// The relayer core of one route origin -> destination: a copy of the origin tree (for proofs), the queue of messages for
/// the destination minus what the destination delivered, dropped messages, retry bookkeeping and sent batches.
/// <para>
/// <see cref="Process"/>, <see cref="ShouldFlush"/>, <see cref="SelectBatch"/>, <see cref="BuildBatch"/>, <see cref="Fail"/> and
/// <see cref="Confirm"/> decide without changing the state; <see cref="Apply"/> folds an event in, mutating this instance
/// (the tree is too large to copy per event) and returning it. Not thread-safe: one owner (the Relayer actor) drives it.
/// </para>
/// <para>
/// Memory stays bounded by what is still needed: below the <see cref="Watermark"/> (the lowest leaf that an undelivered
/// message of the route, a delivery a destination reorg could still undo, or an origin reorg could still remove, may need)
/// every message is delivered, so those messages, their deliveries and leaves are forgotten and the tree keeps only its
/// frontier there (<see cref="MerkleTree.Prune"/>). Pruning happens inside <see cref="Apply"/>, decided by the state alone,
/// so a replay from a snapshot forgets exactly what the live state forgot. The destination's delivered bitmap, read before
/// every batch, stays the final authority on what is delivered.
/// </para>
/// </summary>
public sealed class RouteState
{
    /// <summary>The watermark moves in steps of at least this many leaves (each prune moves the retained part of the tree).</summary>
    public const int PruneStep = 256;

    private MerkleTree _tree = new();
    // The leaves from the tree's watermark on (_leaves[i] is leaf PrunedBelow + i).
    private readonly List<LeafIndexed> _leaves = [];
    private readonly SortedDictionary<ulong, RouteMessage> _messages = [];
    private readonly Dictionary<Bytes32, ulong> _nonceById = [];
    private readonly Dictionary<Bytes32, BigInteger> _unmatchedPayments = [];
    private readonly Dictionary<ulong, ulong?> _delivered = [];

    // Nonces in Pending status: the batching decisions run every tick and must not scan every message ever relayed.
    private readonly SortedSet<ulong> _pending = [];

    // What pins the watermark: messages not delivered, and deliveries with a known block a destination reorg could still
    // undo (block + ReorgHistoryBlocks > the newest delivery block seen), by block for settling and by nonce for the minimum.
    private readonly SortedSet<ulong> _undelivered = [];
    private readonly SortedSet<(ulong Block, ulong Nonce)> _recentDeliveries = [];
    private readonly SortedSet<ulong> _recentDeliveryNonces = [];
    private ulong? _newestDeliveryBlock;
    private ulong _prunedLeafBlock;
    private ulong? _prunedDeliveryBlock;
    private long _prunedDelivered;

    public RouteState(uint origin, Address originMailbox, uint destination, Address destinationMailbox, RelayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (origin == destination) throw new ArgumentException($"a route needs two different domains, got {origin} twice", nameof(destination));
        Origin = origin;
        OriginMailbox = originMailbox;
        Destination = destination;
        DestinationMailbox = destinationMailbox;
        Options = options;
    }

    public uint Origin { get; }
    public Address OriginMailbox { get; }
    public uint Destination { get; }
    public Address DestinationMailbox { get; }
    public RelayerOptions Options { get; }

    /// <summary>Origin messages indexed (every destination): the relayer tree's leaf count.</summary>
    public long LeafCount => _tree.Count;

    /// <summary>Leaves (and nonces) below this were forgotten: every message of the route among them is delivered.</summary>
    public long PrunedBelow => _tree.PrunedBelow;

    /// <summary>How many delivered messages of the route were forgotten (they no longer appear in <see cref="Messages"/>).</summary>
    public long ForgottenDelivered => _prunedDelivered;

    public string? HaltReason { get; private set; }
    public bool IsHalted => HaltReason is not null;

    /// <summary>The route's messages by nonce.</summary>
    public IReadOnlyDictionary<ulong, RouteMessage> Messages => _messages;

    public RouteMessage? Get(ulong nonce) => _messages.GetValueOrDefault(nonce);

    /// <summary>
    /// Whether the destination delivered origin nonce <paramref name="nonce"/> (as far as this route has seen; below
    /// <see cref="PrunedBelow"/> only what is still remembered, i.e. nothing).
    /// </summary>
    public bool IsDelivered(ulong nonce) => _delivered.ContainsKey(nonce);

    /// <summary>
    /// Turns an indexer event of either chain into relayer events: on the origin, every Dispatched log extends the tree
    /// (checked against the chain's root) and those for the destination are queued, then dropped at once if denylisted or
    /// underpaid; on the destination, Processed logs of this origin mark deliveries. Reorgs on either side undo what the
    /// removed blocks brought.
    /// </summary>
    public IReadOnlyList<IRelayerEvent> Process(IChainIndexEvent input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var isOrigin = input.ChainId == Origin;
        if (IsHalted || (!isOrigin && input.ChainId != Destination)) return [];
        return input switch
        {
            BlocksIndexed indexed => isOrigin ? ProcessOrigin(indexed, now) : ProcessDestination(indexed),
            Rewound rewound when isOrigin => OriginTruncation(rewound),
            Rewound rewound when _prunedDeliveryBlock > rewound.ToBlock => [new RouteHalted(
                $"the destination chain {Destination} reorganised to block {rewound.ToBlock}, below deliveries this route already forgot "
                + $"(up to block {_prunedDeliveryBlock}); RelayerOptions.ReorgHistoryBlocks ({Options.ReorgHistoryBlocks}) must cover the watcher's reorg history")],
            Rewound rewound => _delivered.Values.Any(b => b > rewound.ToBlock) ? [new DestinationRewound(rewound.ToBlock)] : [],
            ReorgBeyondHistory fatal => [new RouteHalted(
                $"the {(isOrigin ? "origin" : "destination")} chain {input.ChainId} reorganised beyond the indexer's history: {fatal.Reason}")],
            _ => [],
        };
    }

    /// <summary>
    /// Whether a batch should go now: some message is ready and either a full batch is ready or the longest-waiting ready
    /// message has waited <see cref="RelayerOptions.MaxWait"/>.
    /// </summary>
    public bool ShouldFlush(DateTimeOffset now)
    {
        if (IsHalted) return false;
        var ready = 0;
        var oldest = DateTimeOffset.MaxValue;
        foreach (var m in _pending.Select(n => _messages[n]))
        {
            if (!m.IsReady(now)) continue;
            ready++;
            if (m.ReadySince < oldest) oldest = m.ReadySince;
        }
        return ready > 0 && (ready >= Options.MaxBatchSize || now - oldest >= Options.MaxWait);
    }

    /// <summary>When <see cref="ShouldFlush"/> may next turn true by itself (for the actor's timer), or null when nothing waits.</summary>
    public DateTimeOffset? NextFlushAt()
    {
        if (IsHalted) return null;
        DateTimeOffset? next = null;
        foreach (var m in _pending.Select(n => _messages[n]))
        {
            var at = m.ReadySince + Options.MaxWait;
            if (next is null || at < next) next = at;
        }
        return next;
    }

    /// <summary>The ready messages of the next batch: lowest nonces first, at most <see cref="RelayerOptions.MaxBatchSize"/>.</summary>
    public IReadOnlyList<RouteMessage> SelectBatch(DateTimeOffset now) => SelectBatches(now, 1).SingleOrDefault() ?? [];

    /// <summary>
    /// The ready messages of the next <paramref name="maxBatches"/> batches, lowest nonces first, <see cref="RelayerOptions.MaxBatchSize"/>
    /// each: the first batch as <see cref="SelectBatch"/>, later ones only when full or when their oldest message waited
    /// <see cref="RelayerOptions.MaxWait"/> (so a round never sends a partial batch that would still be filling).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<RouteMessage>> SelectBatches(DateTimeOffset now, int maxBatches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        if (IsHalted) return [];
        var ready = _pending.Select(n => _messages[n]).Where(m => m.IsReady(now)).Take(maxBatches * Options.MaxBatchSize).ToList();
        return ready.Chunk(Options.MaxBatchSize)
            .Where((batch, i) => i == 0 || batch.Length == Options.MaxBatchSize || now - batch.Min(m => m.ReadySince) >= Options.MaxWait)
            .Select(batch => (IReadOnlyList<RouteMessage>)batch)
            .ToList();
    }

    /// <summary>
    /// The prepare decision once signatures are collected: the quorum checkpoint for <paramref name="messages"/> (see
    /// <see cref="QuorumSelector"/>) and the proven batch, or NotReady with the reason.
    /// </summary>
    public RelayOutcome BuildBatch(IReadOnlyList<InteropMessage> messages, IEnumerable<SignedCheckpoint> offers, ValidatorSet validators) =>
        BuildBatches([messages], offers, validators)[0];

    /// <summary>
    /// <see cref="BuildBatch"/> for several batches from one collection of signatures: they share the quorum checkpoint that
    /// covers the highest of them when there is one (one signature check on the destination serves them all, verified roots
    /// are cached there), else each gets the lowest checkpoint with a quorum that covers it.
    /// </summary>
    public IReadOnlyList<RelayOutcome> BuildBatches(IReadOnlyList<IReadOnlyList<InteropMessage>> batches, IEnumerable<SignedCheckpoint> offers, ValidatorSet validators)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(offers);
        if (IsHalted) return batches.Select(_ => (RelayOutcome)new RelayOutcome.NotReady($"route {Origin}->{Destination} halted: {HaltReason}")).ToList();
        var offerList = offers.ToList();
        var mailbox = Bytes32.FromAddress(OriginMailbox);
        QuorumResult Quorum(ulong highest) => QuorumSelector.Select(offerList, Origin, mailbox, validators, (uint)highest,
            index => index < _tree.Count && index + 1L >= _tree.PrunedBelow ? _tree.Root(index + 1L) : null);

        var nonEmpty = batches.Where(b => b.Count > 0).ToList();
        var shared = nonEmpty.Count > 1 ? Quorum(nonEmpty.Max(b => b.Max(m => m.Nonce))) as QuorumResult.Reached : null;
        var outcomes = new List<RelayOutcome>(batches.Count);
        foreach (var messages in batches)
        {
            if (messages.Count == 0)
            {
                outcomes.Add(new RelayOutcome.NotReady("the batch is empty"));
                continue;
            }
            var quorum = shared is not null ? shared : Quorum(messages.Max(m => m.Nonce));
            outcomes.Add(quorum is QuorumResult.Reached reached
                ? new RelayOutcome.Success(BatchBuilder.Build(_tree, reached.Checkpoint.Index + 1L, Origin, mailbox, messages, reached.Signatures))
                : new RelayOutcome.NotReady(((QuorumResult.NotReached)quorum).Reason));
        }
        return outcomes;
    }

    /// <summary>The retry bookkeeping for a failed attempt at <paramref name="nonces"/> (one more failure each, next try per the schedule).</summary>
    public DeliveryFailed Fail(IEnumerable<ulong> nonces, string reason, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(nonces);
        var retries = nonces.Select(n =>
        {
            var failures = (_messages.GetValueOrDefault(n)?.Failures ?? 0) + 1;
            return new RetryScheduled(n, failures, now + Options.Retry.Delay(failures, random));
        }).ToList();
        return new DeliveryFailed(retries, reason);
    }

    /// <summary>
    /// The decision on an operator's retry of <paramref name="nonce"/>: a requeue when the message is pending (backing off),
    /// failed or dropped and not denied by the current denylist, else null with why not.
    /// </summary>
    public (MessageRequeued? Event, string Detail) Requeue(ulong nonce)
    {
        if (IsHalted) return (null, $"route {Origin}->{Destination} halted: {HaltReason}");
        if (Get(nonce) is not { } message)
            return (null, (long)nonce < PrunedBelow
                ? $"route {Origin}->{Destination} has forgotten nonce {nonce}: every message of the route below nonce {PrunedBelow} is delivered"
                : $"route {Origin}->{Destination} has no message with nonce {nonce}");
        return message.Status switch
        {
            RelayStatus.Delivered => (null, $"message {message.Id} is already delivered"),
            RelayStatus.Submitted => (null, $"message {message.Id} is in a sent batch ({message.SubmittedIn}); wait for its receipt"),
            _ when Options.Denylist.Match(message.Message) is { } denied => (null, denied),
            _ => (new MessageRequeued(nonce), $"message {message.Id} is queued for delivery now"),
        };
    }

    /// <summary>
    /// The confirm decision from the receipt of a batch of <paramref name="nonces"/>: Processed logs mark deliveries, ProcessFailed
    /// logs (the recipient reverted) schedule retries, nonces with neither were skipped because someone delivered them first,
    /// and a reverted transaction fails them all.
    /// </summary>
    public IReadOnlyList<IRelayerEvent> Confirm(IReadOnlyList<ulong> nonces, Receipt receipt, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(nonces);
        ArgumentNullException.ThrowIfNull(receipt);
        if (!receipt.Succeeded)
            return [Fail(nonces, $"processBatch transaction {new Bytes32(receipt.TransactionHash)} reverted in block {receipt.BlockNumber}", now, random)];
        var processed = new List<ulong>();
        var failed = new List<(ulong Nonce, byte[] RevertData)>();
        foreach (var log in receipt.Logs.Where(l => l.Address == DestinationMailbox))
        {
            switch (MailboxLog.Decode(log))
            {
                case ProcessedLog p when p.Event.Origin == Origin:
                    processed.Add(p.Event.Nonce);
                    break;
                case ProcessFailedLog f when f.Event.Origin == Origin:
                    failed.Add((f.Event.Nonce, f.Event.RevertData));
                    break;
            }
        }
        var events = new List<IRelayerEvent>();
        var skipped = nonces.Except(processed).Except(failed.Select(f => f.Nonce)).ToList();
        if (processed.Count > 0) events.Add(new MessagesDelivered(processed, receipt.BlockNumber));
        if (skipped.Count > 0) events.Add(new MessagesDelivered(skipped, null));
        foreach (var (nonce, revertData) in failed)
        {
            var reason = Interop.Ethereum.Abi.RevertReason.Decode(revertData);
            events.Add(Fail([nonce], $"the recipient of nonce {nonce} reverted ({reason}); the message is failed-retryable", now, random));
        }
        return events;
    }

    /// <summary>
    /// The state in compact form, for the actor's snapshot (it then replays only the events after it): what is remembered
    /// from the watermark on, and the tree's frontier at the watermark.
    /// </summary>
    public RouteSnapshot ToSnapshot() => new(Origin, OriginMailbox, Destination, DestinationMailbox, [.. _leaves], [.. _messages.Values],
        new Dictionary<ulong, ulong?>(_delivered), new Dictionary<Bytes32, BigInteger>(_unmatchedPayments), HaltReason)
    {
        PrunedBelow = _tree.PrunedBelow,
        Frontier = _tree.Frontier(),
        PrunedLeafBlock = _prunedLeafBlock,
        PrunedDeliveryBlock = _prunedDeliveryBlock,
        PrunedDelivered = _prunedDelivered,
        NewestDeliveryBlock = _newestDeliveryBlock,
    };

    /// <summary>The state a snapshot was taken of, relayed with <paramref name="options"/> (configuration is not part of a snapshot).</summary>
    public static RouteState FromSnapshot(RouteSnapshot snapshot, RelayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new RouteState(snapshot.Origin, snapshot.OriginMailbox, snapshot.Destination, snapshot.DestinationMailbox, options);
        state._tree = MerkleTree.FromFrontier(snapshot.PrunedBelow, snapshot.Frontier);
        state._prunedLeafBlock = snapshot.PrunedLeafBlock;
        state._prunedDeliveryBlock = snapshot.PrunedDeliveryBlock;
        state._prunedDelivered = snapshot.PrunedDelivered;
        // A snapshot written before pruning existed (route.snapshot.v1) has no newest delivery block: the deliveries it holds give it.
        state._newestDeliveryBlock = snapshot.NewestDeliveryBlock ?? snapshot.Delivered.Values.Max();
        foreach (var leaf in snapshot.Leaves) state.AppendLeaf(leaf);
        foreach (var message in snapshot.Messages)
        {
            state.Put(message);
            state._nonceById[message.Id] = message.Nonce;
        }
        foreach (var (nonce, block) in snapshot.Delivered) state.RecordDelivery(nonce, block);
        foreach (var (id, payment) in snapshot.UnmatchedPayments) state._unmatchedPayments[id] = payment;
        state.HaltReason = snapshot.HaltReason;
        return state;
    }

    /// <summary>
    /// The lowest leaf index still needed: the lowest nonce of a message not delivered, of a delivery a destination reorg of
    /// up to <see cref="RelayerOptions.ReorgHistoryBlocks"/> could undo, and of a leaf an origin reorg that deep could remove;
    /// <see cref="LeafCount"/> when nothing is needed.
    /// </summary>
    public long Watermark()
    {
        var watermark = _tree.Count;
        if (_undelivered.Count > 0) watermark = Math.Min(watermark, (long)_undelivered.Min);
        SettleDeliveries();
        if (_recentDeliveryNonces.Count > 0) watermark = Math.Min(watermark, (long)_recentDeliveryNonces.Min);
        if (_leaves.Count > 0) watermark = Math.Min(watermark, _tree.PrunedBelow + FirstLeafWithinReorgReach());
        return Math.Max(watermark, _tree.PrunedBelow);
    }

    /// <summary>Folds <paramref name="relayerEvent"/> into this state (mutating it) and returns it.</summary>
    /// <exception cref="InvalidOperationException">The event does not fit the state (a corrupt or reordered journal).</exception>
    public RouteState Apply(IRelayerEvent relayerEvent)
    {
        ArgumentNullException.ThrowIfNull(relayerEvent);
        switch (relayerEvent)
        {
            case LeafIndexed leaf:
                AppendLeaf(leaf);
                break;
            case MessageQueued queued:
            {
                var m = queued.Message;
                var paid = _unmatchedPayments.Remove(m.Id, out var early) ? early : BigInteger.Zero;
                Put(new RouteMessage(m, queued.Block, queued.At)
                {
                    Paid = paid,
                    Status = _delivered.ContainsKey(m.Nonce) ? RelayStatus.Delivered : RelayStatus.Pending,
                });
                _nonceById[m.Id] = m.Nonce;
                break;
            }
            case GasPaid paid:
                if (_nonceById.TryGetValue(paid.Id, out var payNonce))
                    Update(payNonce, m => m with { Paid = m.Paid + paid.Payment });
                else
                    _unmatchedPayments[paid.Id] = _unmatchedPayments.GetValueOrDefault(paid.Id) + paid.Payment;
                break;
            case MessageDropped dropped:
                Update(dropped.Nonce, m => m with { Status = RelayStatus.Dropped, DropReason = dropped.Reason });
                break;
            case OriginRewound rewound:
                if (rewound.LeafCount > _tree.Count || rewound.LeafCount < _tree.PrunedBelow)
                    throw new InvalidOperationException(
                        $"route {Origin}->{Destination}: cannot truncate {_tree.Count} leaves (pruned below {_tree.PrunedBelow}) to {rewound.LeafCount}");
                _tree.Truncate(rewound.LeafCount);
                var keepLeaves = (int)(rewound.LeafCount - _tree.PrunedBelow);
                _leaves.RemoveRange(keepLeaves, _leaves.Count - keepLeaves);
                foreach (var gone in _messages.Keys.Where(n => n >= (ulong)rewound.LeafCount).ToList())
                {
                    _nonceById.Remove(_messages[gone].Id);
                    _messages.Remove(gone);
                    _pending.Remove(gone);
                    _undelivered.Remove(gone);
                }
                break;
            case MessagesDelivered delivered:
                foreach (var nonce in delivered.Nonces)
                {
                    // Below the watermark every message of the route is delivered and settled: a late log of it changes nothing.
                    if ((long)nonce < _tree.PrunedBelow) continue;
                    // A block learnt from a log beats "unknown" from a bitmap read: only a known block can be rewound.
                    RecordDelivery(nonce, delivered.Block ?? _delivered.GetValueOrDefault(nonce));
                    Update(nonce, m => m with { Status = RelayStatus.Delivered, SubmittedIn = null });
                }
                if (delivered.Block is { } newBlock && (_newestDeliveryBlock is null || newBlock > _newestDeliveryBlock)) _newestDeliveryBlock = newBlock;
                break;
            case DestinationRewound rewound:
                foreach (var (nonce, block) in _delivered.Where(d => d.Value > rewound.ToBlock).ToList())
                {
                    _delivered.Remove(nonce);
                    _recentDeliveries.Remove((block!.Value, nonce));
                    _recentDeliveryNonces.Remove(nonce);
                    Update(nonce, m => m.Status == RelayStatus.Delivered ? m with { Status = RelayStatus.Pending } : m);
                }
                break;
            case BatchSubmitted submitted:
                foreach (var nonce in submitted.Nonces)
                    Update(nonce, m => m.Status == RelayStatus.Pending ? m with { Status = RelayStatus.Submitted, SubmittedIn = submitted.TransactionHash } : m);
                break;
            case DeliveryFailed failed:
                foreach (var retry in failed.Retries)
                    Update(retry.Nonce, m => m.Status is RelayStatus.Pending or RelayStatus.Submitted
                        ? m with { Status = RelayStatus.Pending, Failures = retry.Failures, RetryAt = retry.RetryAt, LastError = failed.Reason, SubmittedIn = null }
                        : m);
                break;
            case RouteHalted halted:
                HaltReason ??= halted.Reason;
                break;
            case MessageRequeued requeued:
                Update(requeued.Nonce, m => m.Status is RelayStatus.Pending or RelayStatus.Dropped
                    ? m with { Status = RelayStatus.Pending, RetryAt = null, DropReason = null }
                    : m);
                break;
            default:
                throw new ArgumentException($"unknown relayer event {relayerEvent.GetType().Name}", nameof(relayerEvent));
        }
        var watermark = Watermark();
        if (watermark - _tree.PrunedBelow >= PruneStep) PruneTo(watermark);
        return this;
    }

    private void AppendLeaf(LeafIndexed leaf)
    {
        if (leaf.Index != _tree.Count)
            throw new InvalidOperationException($"route {Origin}->{Destination}: leaf {leaf.Index} cannot follow {_tree.Count} leaves");
        _tree.Append(leaf.Id);
        _leaves.Add(leaf);
    }

    private void RecordDelivery(ulong nonce, ulong? block)
    {
        if (_delivered.TryGetValue(nonce, out var old) && old is { } oldBlock)
        {
            _recentDeliveries.Remove((oldBlock, nonce));
            _recentDeliveryNonces.Remove(nonce);
        }
        _delivered[nonce] = block;
        if (block is { } known)
        {
            _recentDeliveries.Add((known, nonce));
            _recentDeliveryNonces.Add(nonce);
        }
    }

    // A delivery stops pinning the watermark once the newest delivery seen is ReorgHistoryBlocks newer: a reorg that deep
    // is beyond the destination watcher's history (it halts the route instead of rewinding it).
    private void SettleDeliveries()
    {
        while (_recentDeliveries.Count > 0 && _recentDeliveries.Min.Block + (ulong)Options.ReorgHistoryBlocks <= _newestDeliveryBlock)
        {
            var settled = _recentDeliveries.Min;
            _recentDeliveries.Remove(settled);
            _recentDeliveryNonces.Remove(settled.Nonce);
        }
    }

    // Index in _leaves of the first leaf an origin reorg of ReorgHistoryBlocks below the newest leaf's block could remove
    // (leaf blocks never decrease, so a binary search finds it).
    private int FirstLeafWithinReorgReach()
    {
        var newest = _leaves[^1].Block;
        int lo = 0, hi = _leaves.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_leaves[mid].Block + (ulong)Options.ReorgHistoryBlocks > newest) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private void PruneTo(long watermark)
    {
        var drop = (int)(watermark - _tree.PrunedBelow);
        _prunedLeafBlock = _leaves[drop - 1].Block;
        while (_messages.Count > 0)
        {
            var (nonce, message) = _messages.First();
            if ((long)nonce >= watermark) break;
            if (message.Status != RelayStatus.Delivered)
                throw new InvalidOperationException($"route {Origin}->{Destination}: message {nonce} ({message.Status}) is below the watermark {watermark}");
            _messages.Remove(nonce);
            _nonceById.Remove(message.Id);
            _prunedDelivered++;
        }
        foreach (var (nonce, block) in _delivered.Where(d => (long)d.Key < watermark).ToList())
        {
            _delivered.Remove(nonce);
            if (block > _prunedDeliveryBlock || (_prunedDeliveryBlock is null && block is not null)) _prunedDeliveryBlock = block;
        }
        _tree.Prune(watermark);
        _leaves.RemoveRange(0, drop);
    }

    private void Update(ulong nonce, Func<RouteMessage, RouteMessage> change)
    {
        if (_messages.TryGetValue(nonce, out var message)) Put(change(message));
    }

    private void Put(RouteMessage message)
    {
        _messages[message.Nonce] = message;
        if (message.Status == RelayStatus.Pending) _pending.Add(message.Nonce);
        else _pending.Remove(message.Nonce);
        if (message.Status == RelayStatus.Delivered) _undelivered.Remove(message.Nonce);
        else _undelivered.Add(message.Nonce);
    }

    private List<IRelayerEvent> ProcessOrigin(BlocksIndexed indexed, DateTimeOffset now)
    {
        var events = new List<IRelayerEvent>();
        var queued = new List<InteropMessage>();
        var payments = new Dictionary<Bytes32, BigInteger>();
        var baseCount = _tree.Count;
        // Candidate leaves are appended to compute roots and removed again: Process leaves no trace.
        try
        {
            foreach (var log in indexed.Logs)
            {
                if (log.Position.Contract != OriginMailbox) continue;
                if (log is GasPaymentLog gas && gas.Event.Destination == Destination)
                {
                    payments[gas.Event.Id] = payments.GetValueOrDefault(gas.Event.Id) + gas.Event.Payment;
                    continue;
                }
                if (log is not DispatchedLog dispatched) continue;
                var e = dispatched.Event;
                if (e.Index < _tree.Count) continue; // delivered twice by the watcher
                if (e.Index > _tree.Count)
                    return Halt(events, $"origin {Origin} skipped from nonce {_tree.Count} to {e.Index} at {dispatched.Position}");
                _tree.Append(e.Id);
                if (_tree.Root() != e.Root)
                    return Halt(events, $"the relayer's origin tree has root {_tree.Root()} at index {e.Index}, the chain reported {e.Root} ({dispatched.Position})");
                events.Add(new LeafIndexed(e.Index, e.Id, dispatched.Position.BlockNumber));
                if (e.Destination != Destination) continue;
                InteropMessage message;
                try
                {
                    message = InteropMessage.Decode(e.Message);
                }
                catch (FormatException ex)
                {
                    return Halt(events, $"origin {Origin} message {e.Id} at {dispatched.Position} does not decode: {ex.Message}");
                }
                if (message.Id != e.Id)
                    return Halt(events, $"origin {Origin} Dispatched id {e.Id} at {dispatched.Position} does not hash its message");
                events.Add(new MessageQueued(message, dispatched.Position.BlockNumber, now));
                queued.Add(message);
            }
        }
        finally
        {
            _tree.Truncate(baseCount);
        }

        foreach (var (id, payment) in payments) events.Add(new GasPaid(id, payment));
        foreach (var message in queued)
        {
            if (_delivered.ContainsKey(message.Nonce)) continue;
            var paid = payments.GetValueOrDefault(message.Id) + _unmatchedPayments.GetValueOrDefault(message.Id);
            var reason = Options.Denylist.Match(message) ?? FeePolicy.Check(message, paid, Options.MinGasPrice)?.Reason;
            if (reason is not null) events.Add(new MessageDropped(message.Nonce, reason));
        }
        return events;
    }

    private static List<IRelayerEvent> Halt(List<IRelayerEvent> events, string reason)
    {
        events.Add(new RouteHalted(reason));
        return events;
    }

    private List<IRelayerEvent> ProcessDestination(BlocksIndexed indexed)
    {
        var events = new List<IRelayerEvent>();
        foreach (var block in indexed.Logs.OfType<ProcessedLog>()
                     .Where(p => p.Position.Contract == DestinationMailbox && p.Event.Origin == Origin)
                     .GroupBy(p => p.Position.BlockNumber))
            events.Add(new MessagesDelivered(block.Select(p => p.Event.Nonce).ToList(), block.Key));
        return events;
    }

    private List<IRelayerEvent> OriginTruncation(Rewound rewound)
    {
        var keep = _leaves.Count;
        while (keep > 0 && _leaves[keep - 1].Block > rewound.ToBlock) keep--;
        if (keep == _leaves.Count) return [];
        if (keep == 0 && _tree.PrunedBelow > 0 && _prunedLeafBlock > rewound.ToBlock)
            return [new RouteHalted($"the origin chain {Origin} reorganised to block {rewound.ToBlock}, below leaves this route already forgot "
                + $"(up to leaf {_tree.PrunedBelow - 1} in block {_prunedLeafBlock}); RelayerOptions.ReorgHistoryBlocks ({Options.ReorgHistoryBlocks}) "
                + "must cover the watcher's reorg history")];
        return [new OriginRewound(_tree.PrunedBelow + keep, rewound.ToBlock)];
    }
}
