using Interop.Bridge.Indexing;
using Interop.Bridge.Tests.Indexing;
using Interop.Bridge.Validation;
using Interop.Ethereum;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Tests.Validation;

public sealed class ValidatorStateTests
{
    private const uint Origin = 901;
    private const uint Destination = 902;
    private static readonly Address MailboxAddress = Address.Parse("0x1000000000000000000000000000000000000001");
    private static readonly EthKey Key = EthKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private readonly FakeChain _chain = new();
    private readonly FakeMailbox _mailbox = new(Origin, MailboxAddress);
    private ChainIndexState _cursor = ChainIndexState.Start(Origin, [MailboxAddress], 1);

    /// <summary>Everything the validator persisted, in order (what its journal would hold).</summary>
    private readonly List<IValidatorEvent> _journal = [];

    private readonly ValidatorState _state = new(Origin, MailboxAddress, Key.Address);

    private async Task IndexAsync()
    {
        while (true)
        {
            var poll = await ChainIndexer.PollAsync(_chain, _cursor, new ChainIndexerOptions());
            _cursor = poll.State;
            foreach (var e in poll.Events) Persist(_state.Process(e));
            if (poll.CaughtUp) return;
        }
    }

    private IReadOnlyList<IValidatorEvent> Persist(IReadOnlyList<IValidatorEvent> events)
    {
        foreach (var e in events)
        {
            _journal.Add(e);
            _state.Apply(e);
        }
        return events;
    }

    private IReadOnlyList<IValidatorEvent> Sign(OnChainTree? onChain = null) => Persist(_state.NextCheckpoint(Key, onChain));

    private void Dispatch(int count, string prefix = "m")
    {
        for (var i = 0; i < count; i++) _chain.Mine(_mailbox.Dispatch(Destination, body: $"{prefix}{i}").Logs);
    }

    [Fact]
    public async Task Validator_signs_the_latest_checkpoint_when_the_rebuilt_root_equals_the_chain_root()
    {
        Dispatch(3);
        await IndexAsync();

        var signed = Assert.IsType<CheckpointSigned>(Assert.Single(Sign()));

        Assert.Equal(2U, signed.Checkpoint.Index);
        Assert.Equal(_mailbox.Tree.Root(), signed.Checkpoint.Root);
        Assert.Equal(Origin, signed.Checkpoint.Origin);
        Assert.Equal(Bytes32.FromAddress(MailboxAddress), signed.Checkpoint.OriginMailbox);
        Assert.Equal(Key.Address, signed.Checkpoint.RecoverSigner(signed.Signature));
        Assert.Same(signed, _state.GetSignature(2));
        Assert.Same(signed, _state.Latest);
        Assert.Null(_state.GetSignature(1));
        Assert.Null(_state.CheckpointFor(1)); // nothing was forgotten: an index never signed is not "covered"
    }

    [Fact]
    public async Task Validator_signs_nothing_new_until_the_tree_grows_and_keeps_serving_earlier_signatures()
    {
        Dispatch(2);
        await IndexAsync();
        var first = Assert.IsType<CheckpointSigned>(Assert.Single(Sign()));

        Assert.Empty(Sign());
        Assert.Empty(Sign());

        Dispatch(2, "n");
        await IndexAsync();
        var second = Assert.IsType<CheckpointSigned>(Assert.Single(Sign()));
        Assert.Equal(3U, second.Checkpoint.Index);
        Assert.Same(first, _state.GetSignature(1));
        Assert.Equal([1U, 3U], _state.SignedIndices);
    }

    [Fact]
    public async Task Validator_halts_for_good_when_the_root_the_chain_reported_differs_from_the_rebuilt_root()
    {
        Dispatch(2);
        var (message, _) = _mailbox.Dispatch(Destination, body: "tampered");
        _chain.Mine(_mailbox.DispatchedLog(message, Bytes32.Parse("0x0102030000000000000000000000000000000000000000000000000000000000")));
        await IndexAsync();

        Assert.True(_state.IsHalted);
        Assert.Contains("differs from the root", _state.HaltReason, StringComparison.Ordinal);
        Assert.Equal(2, _state.LeafCount);
        Assert.Empty(Sign());

        // Later, valid messages change nothing: no signing until an operator intervenes.
        Dispatch(3, "later");
        await IndexAsync();
        Assert.Empty(Sign());
        Assert.Null(_state.Latest);
    }

    [Fact]
    public async Task Validator_halts_on_a_nonce_gap()
    {
        Dispatch(1);
        _mailbox.Dispatch(Destination, body: "never indexed");
        var (message, logs) = _mailbox.Dispatch(Destination, body: "after the gap");
        _chain.Mine(logs);
        await IndexAsync();

        Assert.Contains("skipped from nonce 1 to 2", _state.HaltReason, StringComparison.Ordinal);
        Assert.Equal(2UL, message.Nonce);
        Assert.Empty(Sign());
    }

    [Fact]
    public async Task Validator_halts_when_a_Dispatched_id_does_not_hash_its_message()
    {
        var (message, _) = _mailbox.Dispatch(Destination);
        var forged = message with { Body = "something else"u8.ToArray() };
        var log = _mailbox.DispatchedLog(forged, _mailbox.Tree.Root());
        // Keep the id topic of the original message while the data carries another message.
        var original = _mailbox.DispatchedLog(message, _mailbox.Tree.Root());
        _chain.Mine(log with { Topics = original.Topics });
        await IndexAsync();

        Assert.Contains("does not hash its message", _state.HaltReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_checks_the_Mailbox_tree_read_at_the_newest_leaf_block_before_signing()
    {
        Dispatch(3);
        await IndexAsync();
        var block = _state.LatestLeafBlock!.Value;

        Assert.Throws<ArgumentException>(() => _state.NextCheckpoint(Key, new OnChainTree(block + 1, 3, _mailbox.Tree.Root())));
        Assert.IsType<CheckpointSigned>(Assert.Single(_state.NextCheckpoint(Key, new OnChainTree(block, 3, _mailbox.Tree.Root()))));

        var halted = Assert.IsType<Halted>(Assert.Single(Sign(new OnChainTree(block, 3, _mailbox.Tree.Root(2)))));
        Assert.Contains($"Mailbox at block {block} has 3 messages", halted.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_halts_instead_of_signing_a_second_root_when_a_reorg_replaces_a_signed_index()
    {
        Dispatch(5);
        await IndexAsync();
        var signed = Assert.IsType<CheckpointSigned>(Assert.Single(Sign()));
        Assert.Equal(4U, signed.Checkpoint.Index);

        // The origin reorganises past the signed checkpoint: messages 3 and 4 are gone.
        _chain.Reorg(2);
        _mailbox.Truncate(3);
        _chain.MineEmpty(1);
        await IndexAsync();
        Assert.Equal(3, _state.LeafCount);
        Assert.Contains(_journal, e => e is TreeTruncated { Count: 3 });
        Assert.False(_state.IsHalted);
        Assert.Empty(Sign()); // index 2 is below the signed index 4: wait for the chain to re-confirm or contradict it

        // Different messages take nonces 3 and 4: the chain's root at index 4 is not the signed one.
        Dispatch(2, "other");
        await IndexAsync();

        Assert.True(_state.IsHalted);
        Assert.Contains("signing again would equivocate", _state.HaltReason, StringComparison.Ordinal);
        Assert.Empty(Sign());
        Assert.Equal(signed.Checkpoint.Root, _state.GetSignature(4)!.Checkpoint.Root);
        Assert.Single(_journal.OfType<CheckpointSigned>());
    }

    [Fact]
    public async Task Validator_keeps_signing_when_a_reorg_re_includes_the_same_messages()
    {
        Dispatch(4);
        await IndexAsync();
        Assert.Single(Sign());
        var messages = _mailbox.Messages.ToList();

        _chain.Reorg(2);
        _mailbox.Truncate(2);
        _chain.MineEmpty(1);
        _chain.Mine([.. _mailbox.Dispatch(Destination, body: "m2").Logs, .. _mailbox.Dispatch(Destination, body: "m3").Logs]);
        Assert.Equal(messages[3].Id, _mailbox.Messages[3].Id);
        Dispatch(1, "new");
        await IndexAsync();

        Assert.False(_state.IsHalted, _state.HaltReason);
        Assert.Equal(4U, Assert.IsType<CheckpointSigned>(Assert.Single(Sign())).Checkpoint.Index);
    }

    [Fact]
    public async Task Validator_halts_when_the_origin_reorganises_beyond_the_indexer_history()
    {
        Dispatch(1);
        await IndexAsync();
        var events = _state.Process(new ReorgBeyondHistory(Origin, 1, 1, "gone"));
        Assert.Contains("beyond the indexer's history", Assert.IsType<Halted>(Assert.Single(events)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_ignores_other_chains_other_contracts_and_logs_delivered_twice()
    {
        var other = new FakeMailbox(Origin, Address.Parse("0x2000000000000000000000000000000000000002"));
        _cursor = ChainIndexState.Start(Origin, [MailboxAddress, other.Address], 1);
        _chain.Mine([.. other.Dispatch(Destination).Logs, .. _mailbox.Dispatch(Destination).Logs]);
        await IndexAsync();
        Assert.Equal(1, _state.LeafCount);

        var replay = _journal.Count;
        var poll = await ChainIndexer.PollAsync(_chain, ChainIndexState.Start(Origin, [MailboxAddress], 1), new ChainIndexerOptions());
        foreach (var e in poll.Events) Persist(_state.Process(e));
        Assert.Equal(replay, _journal.Count);

        Assert.Empty(_state.Process(new Rewound(Destination, 0, 1)));
        Assert.False(_state.IsHalted);
    }

    [Fact]
    public async Task Validator_recovered_from_its_journal_decides_exactly_like_before_and_still_refuses_a_conflicting_root()
    {
        Dispatch(3);
        await IndexAsync();
        Sign();
        Dispatch(2, "more");
        await IndexAsync();
        Sign();
        _chain.Reorg(1);
        _mailbox.Truncate(4);
        _chain.MineEmpty(1);
        await IndexAsync();

        // Kill: all that survives is the journal. Recover by replaying it into a fresh state.
        var recovered = new ValidatorState(Origin, MailboxAddress, Key.Address);
        foreach (var e in _journal) recovered.Apply(e);

        Assert.Equal(_state.LeafCount, recovered.LeafCount);
        Assert.Equal(_state.Root, recovered.Root);
        Assert.Equal(_state.SignedIndices, recovered.SignedIndices);
        Assert.Equal(_state.GetSignature(4), recovered.GetSignature(4));
        Assert.Equal(_state.NextCheckpoint(Key), recovered.NextCheckpoint(Key));
        Assert.Empty(recovered.NextCheckpoint(Key));

        // The recovered validator still knows index 4 was signed: another root there halts it.
        var (conflicting, logs) = _mailbox.Dispatch(Destination, body: "conflict");
        _chain.Mine(logs);
        var poll = await ChainIndexer.PollAsync(_chain, _cursor, new ChainIndexerOptions());
        var decided = poll.Events.SelectMany(recovered.Process).ToList();
        Assert.Equal(4UL, conflicting.Nonce);
        Assert.Contains("signing again would equivocate", Assert.IsType<Halted>(Assert.Single(decided)).Reason, StringComparison.Ordinal);
        foreach (var e in decided) recovered.Apply(e);
        Assert.Empty(recovered.NextCheckpoint(Key));
    }

    [Fact]
    public async Task Validator_restored_from_a_snapshot_plus_the_later_events_equals_the_live_one()
    {
        Dispatch(3);
        await IndexAsync();
        Sign();
        _chain.Reorg(1);
        _mailbox.Truncate(2);
        Dispatch(3, "after");
        await IndexAsync();
        Sign();

        for (var cut = 0; cut <= _journal.Count; cut++)
        {
            var before = new ValidatorState(Origin, MailboxAddress, Key.Address);
            foreach (var e in _journal.Take(cut)) before.Apply(e);
            var restored = ValidatorState.FromSnapshot(before.ToSnapshot());
            foreach (var e in _journal.Skip(cut)) restored.Apply(e);

            Assert.Equal(_state.LeafCount, restored.LeafCount);
            Assert.Equal(_state.Root, restored.Root);
            Assert.Equal(_state.LatestLeafBlock, restored.LatestLeafBlock);
            Assert.Equal(_state.SignedIndices, restored.SignedIndices);
            Assert.Equal(_state.Latest, restored.Latest);
            Assert.Equal(_state.HaltReason, restored.HaltReason);
        }
        Assert.True(_state.IsHalted); // index 2 came back with another root: the snapshots cover a halted state too
    }

    [Fact]
    public async Task Validator_state_stays_bounded_and_answers_an_old_index_with_a_later_checkpoint_that_covers_it()
    {
        // One leaf per block, a signature after each: 1500 leaves over 1500 blocks, 1500 signatures.
        for (var i = 0; i < 1500; i++)
        {
            Dispatch(1, $"b{i}-");
            await IndexAsync();
            Sign();
        }
        Assert.Equal(1500, _state.LeafCount);
        Assert.Equal(_mailbox.Tree.Root(), _state.Root);
        Assert.False(_state.IsHalted);

        // Only the leaves of the reorg window (plus less than one compaction chunk) and the last RetainSigned signatures are kept.
        Assert.InRange(_state.RecentLeafCount, (int)ValidatorState.DefaultReorgWindowBlocks, (int)ValidatorState.DefaultReorgWindowBlocks + 1024 + 1);
        Assert.Equal(ValidatorState.RetainSigned, _state.SignedIndices.Count);
        Assert.Equal(1499U, _state.Latest!.Checkpoint.Index);
        var oldestKept = _state.SignedIndices.First();
        Assert.Equal(1500U - ValidatorState.RetainSigned, oldestKept);

        // Exact where kept; an older index gets the oldest kept checkpoint (its root commits to the requested leaf too).
        Assert.Equal(1400U, _state.CheckpointFor(1400)!.Checkpoint.Index);
        Assert.Equal(oldestKept - 1, _state.ToSnapshot().ForgottenThrough);
        Assert.Null(_state.GetSignature(3));
        var covering = _state.CheckpointFor(3)!;
        Assert.Equal(oldestKept, covering.Checkpoint.Index);
        Assert.Equal(_mailbox.Tree.Root(oldestKept + 1L), covering.Checkpoint.Root);
        Assert.Equal(Key.Address, covering.Checkpoint.RecoverSigner(covering.Signature));

        // The snapshot is as bounded, and restoring it gives the same state, which goes on signing.
        var snapshot = _state.ToSnapshot();
        Assert.Equal(_state.RecentLeafCount, snapshot.Leaves.Count);
        Assert.Equal(ValidatorState.RetainSigned, snapshot.Signed.Count);
        var restored = ValidatorState.FromSnapshot(snapshot);
        Assert.Equal(_state.Root, restored.Root);
        Assert.Equal(_state.LeafCount, restored.LeafCount);
        Assert.Equal(_state.Latest, restored.Latest);
        Assert.Equal(_state.SignedIndices, restored.SignedIndices);
        Assert.Equal(oldestKept, restored.CheckpointFor(3)!.Checkpoint.Index);
        Dispatch(1, "after");
        await IndexAsync();
        Assert.Equal(1500U, Assert.IsType<CheckpointSigned>(Assert.Single(Sign())).Checkpoint.Index);
    }

    [Fact]
    public void A_validator_with_a_short_reorg_window_keeps_only_that_window_and_halts_on_a_reorg_reaching_a_folded_leaf()
    {
        // One leaf per block from block 10; window 8 blocks. Leaves are folded in chunks of 1024 once outside the window: the
        // first fold happens at leaf 1024 + 8, which leaves exactly the leaves of the last 9 blocks (1034..1042).
        const ulong window = 8;
        var state = new ValidatorState(Origin, MailboxAddress, Key.Address, window);
        Assert.Equal(window, state.ReorgWindowBlocks);
        var full = new Interop.Bridge.Protocol.MerkleTree();
        for (var i = 0; i <= 1024 + (int)window; i++)
        {
            var id = new Bytes32(Interop.Ethereum.Crypto.Keccak256.HashUtf8($"leaf {i}"));
            full.Append(id);
            state.Apply(new LeafAppended((uint)i, id, full.Root(), (ulong)(10 + i)));
        }
        Assert.Equal(window + 1, (ulong)state.RecentLeafCount);
        Assert.Equal(1042UL, state.LatestLeafBlock);
        Assert.Equal(full.Root(), state.Root);

        // A reorg back to block 1034 (undoing the 8 newest blocks: the window) and even to 1033 truncates the kept leaves.
        Assert.Equal(new TreeTruncated(1025, 1034), Assert.Single(state.Process(new Rewound(Origin, 1034, 1035))));
        Assert.Equal(new TreeTruncated(1024, 1033), Assert.Single(state.Process(new Rewound(Origin, 1033, 1034))));
        // One block further reaches leaf 1023, folded into the frontier: the validator halts instead of guessing.
        var halted = Assert.IsType<Halted>(Assert.Single(state.Process(new Rewound(Origin, 1032, 1033))));
        Assert.Contains("below leaf 1023", halted.Reason, StringComparison.Ordinal);

        // The window is not persisted: a snapshot restored with the same window keeps the same leaves.
        var restored = ValidatorState.FromSnapshot(state.ToSnapshot(), window);
        Assert.Equal(state.RecentLeafCount, restored.RecentLeafCount);
        Assert.Equal(state.Root, restored.Root);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidatorState(Origin, MailboxAddress, Key.Address, 0));
    }

    [Fact]
    public void A_snapshot_of_the_unbounded_form_restores_bounded_with_the_same_root_and_highest_signature()
    {
        var full = new Interop.Bridge.Protocol.MerkleTree();
        var leaves = new List<LeafAppended>();
        for (var i = 0; i < 1400; i++)
        {
            var id = new Bytes32(Interop.Ethereum.Crypto.Keccak256.HashUtf8($"leaf {i}"));
            full.Append(id);
            leaves.Add(new LeafAppended((uint)i, id, full.Root(), (ulong)(10 + i)));
        }
        var signed = Enumerable.Range(0, 400).Select(i =>
        {
            var checkpoint = new Interop.Bridge.Protocol.Checkpoint(Origin, Bytes32.FromAddress(MailboxAddress), full.Root(i + 1L), (uint)i);
            return new CheckpointSigned(checkpoint, checkpoint.Sign(Key));
        }).ToList();
        var old = new ValidatorSnapshot(Origin, MailboxAddress, Key.Address, leaves, signed, null); // as written before the bound

        var restored = ValidatorState.FromSnapshot(old);

        Assert.Equal(full.Root(), restored.Root);
        Assert.Equal(1400, restored.LeafCount);
        Assert.True(restored.RecentLeafCount < 1400);
        Assert.Equal(399U, restored.Latest!.Checkpoint.Index);
        Assert.Equal(ValidatorState.RetainSigned, restored.SignedIndices.Count);
        Assert.Equal(leaves[^1].Block, restored.LatestLeafBlock);
    }

    [Fact]
    public async Task Signing_is_monotonic_a_lower_index_is_never_signed_again_even_after_a_restore_from_a_snapshot()
    {
        Dispatch(4);
        await IndexAsync();
        Assert.Equal(3U, Assert.IsType<CheckpointSigned>(Assert.Single(Sign())).Checkpoint.Index);
        // A reorg drops the two newest leaves; the chain then has 2 leaves. Index 1 is below the highest signed one (3):
        // not signed, before or after a restore from a snapshot (the highest signature is in it).
        _chain.Reorg(2);
        _mailbox.Truncate(2);
        _chain.MineEmpty(1);
        await IndexAsync();
        Assert.Equal(2, _state.LeafCount);
        Assert.Empty(Sign());
        var restored = ValidatorState.FromSnapshot(_state.ToSnapshot());
        Assert.Equal(3U, restored.Latest!.Checkpoint.Index);
        Assert.Empty(restored.NextCheckpoint(Key));
    }

    [Fact]
    public void Validator_refuses_a_key_that_is_not_its_own()
    {
        Assert.Throws<ArgumentException>(() => _state.NextCheckpoint(EthKey.Generate()));
    }
}
