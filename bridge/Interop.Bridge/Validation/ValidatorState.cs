using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Validation;

/// <summary>
/// One validator's view of one origin: the Merkle tree rebuilt from confirmed Dispatched logs (checked leaf by leaf
/// against the roots the chain reported), every checkpoint it ever signed, and whether it halted.
/// <para>
/// <see cref="Process"/> and <see cref="NextCheckpoint"/> decide and never change the state; <see cref="Apply"/> folds a
/// decided (or replayed) event in. The tree is too large to copy per event, so <see cref="Apply"/> mutates this instance
/// and returns it. Not thread-safe: one owner (the Validator actor) drives it.
/// </para>
/// Safety rules: never sign a root the rebuilt tree and the chain do not both have; never sign a second root for an
/// index already signed (that is slashable equivocation) — halt instead; once halted, never sign again.
/// </summary>
public sealed class ValidatorState
{
    private readonly MerkleTree _tree = new();
    private readonly List<LeafAppended> _leaves = [];
    private readonly SortedDictionary<uint, CheckpointSigned> _signed = [];
    private CheckpointSigned? _latest; // SortedDictionary has no cheap Last()

    public ValidatorState(uint origin, Address originMailbox, Address validator)
    {
        Origin = origin;
        OriginMailbox = originMailbox;
        Validator = validator;
    }

    public uint Origin { get; }
    public Address OriginMailbox { get; }

    /// <summary>The address of the key that signs for this state.</summary>
    public Address Validator { get; }

    public long LeafCount => _tree.Count;

    /// <summary>The rebuilt tree's current root.</summary>
    public Bytes32 Root => _tree.Root();

    /// <summary>The block of the newest leaf (where the chain's own tree must equal the rebuilt one), or null when empty.</summary>
    public ulong? LatestLeafBlock => _leaves.Count == 0 ? null : _leaves[^1].Block;

    /// <summary>Why signing stopped, or null while the validator may sign.</summary>
    public string? HaltReason { get; private set; }

    public bool IsHalted => HaltReason is not null;

    /// <summary>The signed checkpoint with the highest index, or null before the first signature.</summary>
    public CheckpointSigned? Latest => _latest;

    /// <summary>Every index this validator signed, ascending.</summary>
    public IReadOnlyCollection<uint> SignedIndices => _signed.Keys;

    /// <summary>The signature this validator gave for <paramref name="index"/>, or null (serves <c>GET /v1/checkpoints/{origin}/{index}</c>).</summary>
    public CheckpointSigned? GetSignature(uint index) => _signed.GetValueOrDefault(index);

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
        if (IsHalted || _leaves.Count == 0) return [];

        var index = (uint)(_leaves.Count - 1);
        var root = _tree.Root();
        var reported = _leaves[^1].ChainRoot;
        if (reported != root)
            return [new Halted($"rebuilt root {root} differs from the root {reported} origin {Origin} reported at index {index}")];
        if (onChain is not null)
        {
            if (onChain.Block != _leaves[^1].Block)
                throw new ArgumentException($"the Mailbox must be read at block {_leaves[^1].Block} (the newest leaf's), not {onChain.Block}", nameof(onChain));
            if (onChain.Count != _leaves.Count || onChain.Root != root)
                return [new Halted($"origin {Origin} Mailbox at block {onChain.Block} has {onChain.Count} messages with root {onChain.Root}, "
                    + $"but the rebuilt tree has {_leaves.Count} with root {root}")];
        }
        if (_signed.TryGetValue(index, out var earlier))
            return earlier.Checkpoint.Root == root
                ? []
                : [new Halted($"refusing to equivocate: index {index} of origin {Origin} was signed with root {earlier.Checkpoint.Root}, the chain now has {root}")];
        // A higher index signed before a reorg: wait until the chain re-confirms it (same root, then signing resumes) or
        // contradicts it (a halt when that leaf is appended). Signing lower indices meanwhile would serve a fork we already left.
        if (_latest is not null && _latest.Checkpoint.Index > index) return [];

        var checkpoint = new Checkpoint(Origin, Bytes32.FromAddress(OriginMailbox), root, index);
        return [new CheckpointSigned(checkpoint, checkpoint.Sign(key))];
    }

    /// <summary>The whole state in compact form, for the actor's snapshot (it then replays only the events after it).</summary>
    public ValidatorSnapshot ToSnapshot() => new(Origin, OriginMailbox, Validator, [.. _leaves], [.. _signed.Values], HaltReason);

    /// <summary>The state a snapshot was taken of.</summary>
    public static ValidatorState FromSnapshot(ValidatorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new ValidatorState(snapshot.Origin, snapshot.OriginMailbox, snapshot.Validator);
        foreach (var leaf in snapshot.Leaves) state.Apply(leaf);
        foreach (var signed in snapshot.Signed) state.Apply(signed);
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
                if (leaf.Index != _leaves.Count)
                    throw new InvalidOperationException($"origin {Origin}: leaf {leaf.Index} cannot follow {_leaves.Count} leaves");
                _tree.Append(leaf.Id);
                _leaves.Add(leaf);
                break;
            case TreeTruncated truncated:
                if (truncated.Count > _leaves.Count)
                    throw new InvalidOperationException($"origin {Origin}: cannot truncate {_leaves.Count} leaves to {truncated.Count}");
                _tree.Truncate(truncated.Count);
                _leaves.RemoveRange((int)truncated.Count, _leaves.Count - (int)truncated.Count);
                break;
            case CheckpointSigned signed:
                if (_signed.TryGetValue(signed.Checkpoint.Index, out var earlier) && earlier.Checkpoint.Root != signed.Checkpoint.Root)
                    throw new InvalidOperationException($"origin {Origin}: the journal holds two roots for index {signed.Checkpoint.Index}");
                _signed[signed.Checkpoint.Index] = signed;
                if (_latest is null || signed.Checkpoint.Index >= _latest.Checkpoint.Index) _latest = signed;
                break;
            case Halted halted:
                HaltReason ??= halted.Reason;
                break;
            default:
                throw new ArgumentException($"unknown validator event {validatorEvent.GetType().Name}", nameof(validatorEvent));
        }
        return this;
    }

    private List<IValidatorEvent> ProcessDispatches(BlocksIndexed indexed)
    {
        var events = new List<IValidatorEvent>();
        var baseCount = _tree.Count;
        // The candidate leaves are appended to the tree to compute roots and removed again: Process leaves no trace.
        try
        {
            foreach (var dispatched in indexed.Logs.OfType<DispatchedLog>())
            {
                if (dispatched.Position.Contract != OriginMailbox) continue;
                var e = dispatched.Event;
                var expected = _tree.Count;
                if (e.Index < expected)
                {
                    var known = e.Index < _leaves.Count ? _leaves[(int)e.Index].Id : ((LeafAppended)events[(int)(e.Index - baseCount)]).Id;
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
                _tree.Append(e.Id);
                var root = _tree.Root();
                if (root != e.Root)
                {
                    events.Add(new Halted($"rebuilt root {root} differs from the root {e.Root} origin {Origin} reported at index {e.Index} ({dispatched.Position})"));
                    return events;
                }
                if (_signed.TryGetValue(e.Index, out var signed) && signed.Checkpoint.Root != root)
                {
                    events.Add(new Halted($"origin {Origin} now has root {root} at index {e.Index}, which this validator signed with root {signed.Checkpoint.Root}; "
                        + "the signed checkpoint is no longer the chain's and signing again would equivocate"));
                    return events;
                }
                events.Add(new LeafAppended(e.Index, e.Id, root, dispatched.Position.BlockNumber));
            }
            return events;
        }
        finally
        {
            _tree.Truncate(baseCount);
        }
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
        var keep = _leaves.Count;
        while (keep > 0 && _leaves[keep - 1].Block > rewound.ToBlock) keep--;
        return keep == _leaves.Count ? [] : [new TreeTruncated(keep, rewound.ToBlock)];
    }
}
