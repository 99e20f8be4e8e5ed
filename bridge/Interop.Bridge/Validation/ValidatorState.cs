using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Validation;

/// <summary>
/// One validator's view of one origin: the Merkle tree rebuilt from confirmed Dispatched logs (checked leaf by leaf
/// against the roots the chain reported), its recent signed checkpoints and the highest one, and whether it halted.
/// <para>
/// <see cref="Process"/> and <see cref="NextCheckpoint"/> decide and never change the state; <see cref="Apply"/> folds a
/// decided (or replayed) event in, mutating this instance, and returns it. Not thread-safe: one owner (the Validator actor) drives it.
/// </para>
/// <para>
/// Bounded memory: the tree is an incremental <see cref="MerkleFrontier"/> (32 nodes and a count, as the Mailbox keeps it),
/// plus the leaves of the last <see cref="ReorgWindowBlocks"/> blocks (the origin watcher's reorg history; at most <see cref="MaxRecentLeaves"/>) so that a reorg
/// below the confirmation depth can be undone; a reorg reaching older leaves halts. Only the last <see cref="RetainSigned"/>
/// signed checkpoints are kept besides the highest (<see cref="Latest"/>); an older index is answered by
/// <see cref="CheckpointFor"/> with the oldest kept checkpoint above it (a later root proves every earlier leaf).
/// </para>
/// Safety rules: never sign a root the rebuilt tree and the chain do not both have; signing is monotonic: never sign an index
/// below the highest signed one, and that one only with the same root (a second root for an index is slashable
/// equivocation) — halt instead; once halted, never sign again. The highest signed checkpoint is in every snapshot and
/// journal write that signs, so the rule holds across restarts.
/// </summary>
public sealed class ValidatorState
{
    /// <summary>Signed checkpoints kept besides the highest: what <c>GET /v1/checkpoints/{origin}/{index}</c> answers exactly.</summary>
    public const int RetainSigned = 256;

    /// <summary>The reorg window when none is given: the indexer's default block-hash history.</summary>
    public const ulong DefaultReorgWindowBlocks = Indexing.ChainIndexState.DefaultHistoryLength;

    /// <summary>At most this many recent leaves are kept whatever their blocks (a reorg reaching older ones halts).</summary>
    public const int MaxRecentLeaves = 65_536;

    // Compaction moves leaves into _base in chunks of at least this many, so List.RemoveRange stays amortised O(1).
    private const int CompactChunk = 1024;

    private MerkleFrontier _base = new();     // the tree of the leaves before _recent
    private LeafAppended? _baseLast;          // the newest leaf folded into _base (its block bounds a reorg we can undo)
    private readonly List<LeafAppended> _recent = []; // leaves _base.Count, _base.Count + 1, ...
    private MerkleFrontier _frontier = new(); // the whole tree: _base + _recent
    private readonly SortedDictionary<uint, CheckpointSigned> _signed = [];
    private CheckpointSigned? _latest; // SortedDictionary has no cheap Last()
    private uint? _forgottenThrough;   // the highest signed index no longer kept (null: every signature is kept)

    /// <param name="reorgWindowBlocks">
    /// Leaves of this many recent blocks are kept to undo a reorg: at least the origin watcher's block-hash history (a deeper
    /// reorg halts the watcher before it reaches the validator); a reorg reaching a leaf folded away halts the validator.
    /// </param>
    public ValidatorState(uint origin, Address originMailbox, Address validator, ulong reorgWindowBlocks = DefaultReorgWindowBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfZero(reorgWindowBlocks);
        ReorgWindowBlocks = reorgWindowBlocks;
        Origin = origin;
        OriginMailbox = originMailbox;
        Validator = validator;
    }

    public uint Origin { get; }
    public Address OriginMailbox { get; }

    /// <summary>Leaves of this many recent blocks are kept to undo a reorg.</summary>
    public ulong ReorgWindowBlocks { get; }

    /// <summary>The address of the key that signs for this state.</summary>
    public Address Validator { get; }

    public long LeafCount => _frontier.Count;

    /// <summary>The rebuilt tree's current root.</summary>
    public Bytes32 Root => _frontier.Root();

    /// <summary>How many leaves are kept to undo a reorg (the rest only as the frontier).</summary>
    public int RecentLeafCount => _recent.Count;

    /// <summary>The block of the newest leaf (where the chain's own tree must equal the rebuilt one), or null when empty.</summary>
    public ulong? LatestLeafBlock => Newest?.Block;

    /// <summary>Why signing stopped, or null while the validator may sign.</summary>
    public string? HaltReason { get; private set; }

    public bool IsHalted => HaltReason is not null;

    /// <summary>The signed checkpoint with the highest index, or null before the first signature.</summary>
    public CheckpointSigned? Latest => _latest;

    /// <summary>The signed indices kept (the last <see cref="RetainSigned"/> and the highest), ascending.</summary>
    public IReadOnlyCollection<uint> SignedIndices => _signed.Keys;

    private LeafAppended? Newest => _recent.Count > 0 ? _recent[^1] : _baseLast;

    /// <summary>The signature this validator gave for exactly <paramref name="index"/> if it still keeps it, or null.</summary>
    public CheckpointSigned? GetSignature(uint index) => _signed.GetValueOrDefault(index);

    /// <summary>
    /// What <c>GET /v1/checkpoints/{origin}/{index}</c> serves: the signature for exactly <paramref name="index"/> when kept; for an
    /// index older than every kept one, the oldest kept checkpoint (its root commits to every leaf up to its own higher index,
    /// so it proves the requested leaf too); otherwise null (never signed there).
    /// </summary>
    public CheckpointSigned? CheckpointFor(uint index)
    {
        if (_signed.TryGetValue(index, out var exact)) return exact;
        // Below the forgotten ones we cannot tell "signed and forgotten" from "never signed": a covering checkpoint serves both.
        if (_forgottenThrough is not { } forgotten || index > forgotten || _signed.Count == 0) return null;
        return _signed.First().Value;
    }

    /// <summary>
    /// Turns an indexer event of the origin into validator events: each new Dispatched log of the origin Mailbox becomes a
    /// <see cref="LeafAppended"/> after its checks (contiguous nonce, id = keccak(message), message header, rebuilt root =
    /// the chain's root, no conflict with a signed index) or, at the first failure, a <see cref="Halted"/>. A reorg truncates
    /// the tree; a reorg beyond the indexer's history halts. Events of other chains are ignored.
    /// </summary>
    public IReadOnlyList<IValidatorEvent> Process(IChainIndexEvent input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (IsHalted || input.ChainId != Origin) return [];
        return input switch
        {
            BlocksIndexed indexed => ProcessDispatches(indexed),
            Rewound rewound => Truncation(rewound),
            ReorgBeyondHistory fatal => [new Halted($"origin {Origin} reorganised beyond the indexer's history: {fatal.Reason}")],
            _ => [],
        };
    }

    /// <summary>
    /// Decides whether to sign the latest checkpoint <c>(Root, LeafCount - 1)</c>. Signs only when the rebuilt root equals the
    /// root the chain reported for that index and, when <paramref name="onChain"/> is given (the Mailbox's <c>count()</c> and
    /// <c>root()</c> read at <see cref="LatestLeafBlock"/>), the chain's own tree there. Returns nothing when there is nothing
    /// new to sign (empty tree, already signed: signing is idempotent) or while an index signed before a reorg is not
    /// re-confirmed; returns <see cref="Halted"/> on any disagreement or when signing would equivocate.
    /// </summary>
    public IReadOnlyList<IValidatorEvent> NextCheckpoint(EthKey key, OnChainTree? onChain = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Address != Validator) throw new ArgumentException($"this state signs as {Validator}, not {key.Address}", nameof(key));
        if (IsHalted || Newest is not { } newest) return [];

        var index = (uint)(LeafCount - 1);
        var root = _frontier.Root();
        var reported = newest.ChainRoot;
        if (reported != root)
            return [new Halted($"rebuilt root {root} differs from the root {reported} origin {Origin} reported at index {index}")];
        if (onChain is not null)
        {
            if (onChain.Block != newest.Block)
                throw new ArgumentException($"the Mailbox must be read at block {newest.Block} (the newest leaf's), not {onChain.Block}", nameof(onChain));
            if (onChain.Count != LeafCount || onChain.Root != root)
                return [new Halted($"origin {Origin} Mailbox at block {onChain.Block} has {onChain.Count} messages with root {onChain.Root}, "
                    + $"but the rebuilt tree has {LeafCount} with root {root}")];
        }
        if (_signed.TryGetValue(index, out var earlier) || (_latest is { } top && top.Checkpoint.Index == index && (earlier = top) is not null))
            return earlier.Checkpoint.Root == root
                ? []
                : [new Halted($"refusing to equivocate: index {index} of origin {Origin} was signed with root {earlier.Checkpoint.Root}, the chain now has {root}")];
        // A higher index signed before a reorg: wait until the chain re-confirms it (same root, then signing resumes) or
        // contradicts it (a halt when that leaf is appended). Signing lower indices meanwhile would serve a fork we already left,
        // and an index below the highest signed one may have been signed with another root we no longer keep: signing is monotonic.
        if (_latest is not null && _latest.Checkpoint.Index > index) return [];

        var checkpoint = new Checkpoint(Origin, Bytes32.FromAddress(OriginMailbox), root, index);
        return [new CheckpointSigned(checkpoint, checkpoint.Sign(key))];
    }

    /// <summary>The whole (bounded) state in compact form, for the actor's snapshot (it then replays only the events after it).</summary>
    public ValidatorSnapshot ToSnapshot() => new(Origin, OriginMailbox, Validator, [.. _recent], [.. _signed.Values], HaltReason)
    {
        BaseBranch = _base.Count == 0 ? null : [.. _base.Branch],
        BaseCount = _base.Count,
        BaseLast = _baseLast,
        Highest = _latest,
        ForgottenThrough = _forgottenThrough,
    };

    /// <summary>The state a snapshot was taken of (also one of the unbounded form, whose leaves start at 0: it is compacted).</summary>
    public static ValidatorState FromSnapshot(ValidatorSnapshot snapshot, ulong reorgWindowBlocks = DefaultReorgWindowBlocks)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new ValidatorState(snapshot.Origin, snapshot.OriginMailbox, snapshot.Validator, reorgWindowBlocks);
        if (snapshot.BaseBranch is { } branch)
        {
            state._base = MerkleFrontier.FromBranch(branch, snapshot.BaseCount);
            state._frontier = state._base.Clone();
            state._baseLast = snapshot.BaseLast;
        }
        state._forgottenThrough = snapshot.ForgottenThrough;
        foreach (var leaf in snapshot.Leaves) state.Apply(leaf);
        foreach (var signed in snapshot.Signed) state.Apply(signed);
        if (snapshot.Highest is { } highest) state.Apply(highest);
        if (snapshot.HaltReason is { } reason) state.Apply(new Halted(reason));
        return state;
    }

    /// <summary>Folds <paramref name="validatorEvent"/> into this state (mutating it) and returns it.</summary>
    /// <exception cref="InvalidOperationException">The event does not fit the state (a corrupt or reordered journal).</exception>
    public ValidatorState Apply(IValidatorEvent validatorEvent)
    {
        ArgumentNullException.ThrowIfNull(validatorEvent);
        switch (validatorEvent)
        {
            case LeafAppended leaf:
                if (leaf.Index != LeafCount)
                    throw new InvalidOperationException($"origin {Origin}: leaf {leaf.Index} cannot follow {LeafCount} leaves");
                _frontier.Append(leaf.Id);
                _recent.Add(leaf);
                Compact();
                break;
            case TreeTruncated truncated:
                if (truncated.Count > LeafCount)
                    throw new InvalidOperationException($"origin {Origin}: cannot truncate {LeafCount} leaves to {truncated.Count}");
                if (truncated.Count < _base.Count)
                    throw new InvalidOperationException($"origin {Origin}: cannot truncate to {truncated.Count} leaves, only leaves from {_base.Count} are kept");
                _recent.RemoveRange((int)(truncated.Count - _base.Count), (int)(LeafCount - truncated.Count));
                _frontier = _base.Clone();
                foreach (var kept in _recent) _frontier.Append(kept.Id);
                break;
            case CheckpointSigned signed:
                var index = signed.Checkpoint.Index;
                if ((_signed.TryGetValue(index, out var earlier) || (_latest?.Checkpoint.Index == index && (earlier = _latest) is not null))
                    && earlier.Checkpoint.Root != signed.Checkpoint.Root)
                    throw new InvalidOperationException($"origin {Origin}: the journal holds two roots for index {index}");
                if (_latest is not null && index < _latest.Checkpoint.Index && (_signed.Count == 0 || index < _signed.First().Key))
                {
                    Forget(index); // older than every kept one (a snapshot of the unbounded form replays them all)
                    break;
                }
                _signed[index] = signed;
                if (_latest is null || index >= _latest.Checkpoint.Index) _latest = signed;
                while (_signed.Count > RetainSigned)
                {
                    var oldest = _signed.First().Key;
                    _signed.Remove(oldest);
                    Forget(oldest);
                }
                break;
            case Halted halted:
                HaltReason ??= halted.Reason;
                break;
            default:
                throw new ArgumentException($"unknown validator event {validatorEvent.GetType().Name}", nameof(validatorEvent));
        }
        return this;
    }

    private void Forget(uint index)
    {
        if (_forgottenThrough is null || index > _forgottenThrough) _forgottenThrough = index;
    }

    /// <summary>Folds the oldest recent leaves into the base frontier once they are outside the reorg window (or too many).</summary>
    private void Compact()
    {
        var newestBlock = _recent[^1].Block;
        var fold = 0;
        while (fold < _recent.Count - 1 && _recent[fold].Block + ReorgWindowBlocks < newestBlock) fold++;
        if (_recent.Count - fold > MaxRecentLeaves) fold = _recent.Count - (MaxRecentLeaves - CompactChunk);
        else if (fold < CompactChunk) return;
        for (var i = 0; i < fold; i++) _base.Append(_recent[i].Id);
        _baseLast = _recent[fold - 1];
        _recent.RemoveRange(0, fold);
    }

    private List<IValidatorEvent> ProcessDispatches(BlocksIndexed indexed)
    {
        var events = new List<IValidatorEvent>();
        var baseCount = LeafCount;
        // The candidate leaves are appended to a copy of the frontier to compute roots: Process leaves no trace.
        var tree = _frontier.Clone();
        foreach (var dispatched in indexed.Logs.OfType<DispatchedLog>())
        {
            if (dispatched.Position.Contract != OriginMailbox) continue;
            var e = dispatched.Event;
            var expected = tree.Count;
            if (e.Index < expected)
            {
                if (e.Index < _base.Count)
                {
                    events.Add(new Halted($"origin {Origin} index {e.Index} at {dispatched.Position} arrived again without a reorg, and leaves before {_base.Count} are no longer kept to check it"));
                    return events;
                }
                var known = e.Index < baseCount ? _recent[(int)(e.Index - _base.Count)].Id : ((LeafAppended)events[(int)(e.Index - baseCount)]).Id;
                if (known == e.Id) continue; // the same log delivered twice
                events.Add(new Halted($"origin {Origin} index {e.Index} at {dispatched.Position} is message {e.Id}, but it already is {known} and no reorg was reported"));
                return events;
            }
            if (e.Index > expected)
            {
                events.Add(new Halted($"origin {Origin} skipped from nonce {expected} to {e.Index} at {dispatched.Position}: a Dispatched log is missing"));
                return events;
            }
            if (CheckMessage(dispatched) is { } problem)
            {
                events.Add(new Halted(problem));
                return events;
            }
            tree.Append(e.Id);
            var root = tree.Root();
            if (root != e.Root)
            {
                events.Add(new Halted($"rebuilt root {root} differs from the root {e.Root} origin {Origin} reported at index {e.Index} ({dispatched.Position})"));
                return events;
            }
            if ((_signed.TryGetValue(e.Index, out var signed) || (_latest?.Checkpoint.Index == e.Index && (signed = _latest) is not null))
                && signed.Checkpoint.Root != root)
            {
                events.Add(new Halted($"origin {Origin} now has root {root} at index {e.Index}, which this validator signed with root {signed.Checkpoint.Root}; "
                    + "the signed checkpoint is no longer the chain's and signing again would equivocate"));
                return events;
            }
            events.Add(new LeafAppended(e.Index, e.Id, root, dispatched.Position.BlockNumber));
        }
        return events;
    }

    private string? CheckMessage(DispatchedLog dispatched)
    {
        var e = dispatched.Event;
        var hash = new Bytes32(Keccak256.Hash(e.Message));
        if (hash != e.Id) return $"origin {Origin} Dispatched id {e.Id} at {dispatched.Position} does not hash its message (keccak is {hash})";
        InteropMessage message;
        try
        {
            message = InteropMessage.Decode(e.Message);
        }
        catch (FormatException ex)
        {
            return $"origin {Origin} Dispatched message {e.Id} at {dispatched.Position} does not decode: {ex.Message}";
        }
        if (message.Nonce != e.Index || message.Origin != Origin || message.Destination != e.Destination || message.Recipient != e.Recipient)
            return $"origin {Origin} Dispatched message {e.Id} at {dispatched.Position} has a header (nonce {message.Nonce}, origin {message.Origin}, "
                + $"destination {message.Destination}) that contradicts its log (index {e.Index}, destination {e.Destination})";
        return null;
    }

    private List<IValidatorEvent> Truncation(Rewound rewound)
    {
        var keep = _recent.Count;
        while (keep > 0 && _recent[keep - 1].Block > rewound.ToBlock) keep--;
        if (keep == 0 && _baseLast is { } folded && folded.Block > rewound.ToBlock)
            return [new Halted($"origin {Origin} reorganised back to block {rewound.ToBlock}, below leaf {folded.Index} (block {folded.Block}), "
                + $"older than the {_recent.Count} recent leaves kept to undo a reorg")];
        return keep == _recent.Count ? [] : [new TreeTruncated(_base.Count + keep, rewound.ToBlock)];
    }
}
