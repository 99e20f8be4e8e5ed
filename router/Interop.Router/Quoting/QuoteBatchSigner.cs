using System.Diagnostics;
using System.Threading.Channels;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;

namespace Interop.Router.Quoting;

/// <summary>One signature shared by a batch of responses, and where one response's leaf sits under it.</summary>
/// <param name="Signature">65 bytes hex (r ‖ s ‖ v) over the EIP-712 <c>QuoteBatch(bytes32 root)</c>.</param>
/// <param name="Root">The Merkle root of the batch (hex); for a batch of one, the leaf itself.</param>
/// <param name="Proof">The leaf's siblings up to the root (hex), empty for a batch of one.</param>
/// <param name="BatchSize">How many responses the signature covers (diagnostics and tests; not on the wire).</param>
public sealed record QuoteBatchSignature(string Signature, string Root, IReadOnlyList<string> Proof, int BatchSize);

/// <summary>
/// Group-commit signing: one thread takes every response digest waiting in its queue, builds a
/// <see cref="QuoteMerkleTree"/> over them, signs the root once and completes every waiter with the signature, the root
/// and its proof. Nothing waits for a batch to fill when the signer is idle: a lone digest is signed at once (latency =
/// one signature). Under load the signer does not sign back to back either: a greedy loop would find something queued
/// after every signature and so spend up to a whole core on ~100 µs signatures however large the batches; while
/// requests overlap (the last batch or the queue holds more than one) it starts a signature at most every
/// <see cref="MinInterval"/> (1 ms), so signing costs at most ~11% of a core and adds at most that interval to a
/// response's latency, and everything that arrived meanwhile shares the signature.
/// The thread is the only user of the key's signing path.
/// </summary>
public sealed class QuoteBatchSigner : IDisposable
{
    /// <summary>The most digests one signature covers (a proof is then at most 10 siblings).</summary>
    public const int MaxBatch = 1024;

    // Not SingleReader: that channel cannot count its items, which the pacing reads.
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly EthKey _key;
    private readonly Thread _thread;
    private long _signatures;
    private long _signed;

    /// <summary>Starts the signing thread for <paramref name="key"/>; <paramref name="minInterval"/> (default 1 ms) spaces signatures under load.</summary>
    public QuoteBatchSigner(EthKey key, TimeSpan? minInterval = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        MinInterval = minInterval ?? TimeSpan.FromMilliseconds(1);
        // A thread of its own rather than a pool work item: it blocks while idle and sleeps while pacing.
        _thread = new Thread(Run) { IsBackground = true, Name = "Quote batch signer" };
        _thread.Start();
    }

    /// <summary>The least time between the starts of two signatures (the most a busy signer adds to a response's wait).</summary>
    public TimeSpan MinInterval { get; }

    /// <summary>Signatures made so far.</summary>
    public long Signatures => Interlocked.Read(ref _signatures);

    /// <summary>Digests signed so far (at least <see cref="Signatures"/>; the ratio is the mean batch size).</summary>
    public long Signed => Interlocked.Read(ref _signed);

    /// <summary>Queues a response's 32-byte digest (its <c>QuoteSet</c> EIP-712 hash) and completes when a batch containing it is signed.</summary>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    public Task<QuoteBatchSignature> SignAsync(byte[] leaf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        if (leaf.Length != 32) throw new ArgumentException("a leaf is 32 bytes", nameof(leaf));
        // Continuations run on the pool, not on the loop: the loop must go straight back to the next batch.
        var pending = new Pending(leaf, new TaskCompletionSource<QuoteBatchSignature>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(QuoteBatchSigner));
        return cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task;
    }

    private void Run()
    {
        var batch = new List<Pending>(64);
        var lastStart = 0L;
        var lastBatch = 0;
        while (WaitForDigests())
        {
            // Busy (the last signature started less than MinInterval ago, and requests overlap: the last batch or the
            // queue holds more than one): let the batch grow until the interval is up. One client asking again and
            // again never overlaps with itself, so it is not kept waiting for company that cannot come.
            var since = Stopwatch.GetElapsedTime(lastStart);
            if (lastStart != 0 && since < MinInterval && (lastBatch > 1 || _queue.Reader.Count > 1))
                Thread.Sleep((int)Math.Ceiling((MinInterval - since).TotalMilliseconds));
            lastStart = Stopwatch.GetTimestamp();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            lastBatch = batch.Count;
            if (batch.Count == 0) continue;
            try
            {
                Sign(batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The waiters' requests fail (and are logged there); the thread goes on with the next batch.
                foreach (var pending in batch) pending.Completion.TrySetException(e);
            }
            batch.Clear();
        }
    }

    // Blocks the signer's own thread until a digest is queued; false once disposed and drained.
    private bool WaitForDigests()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Sign(List<Pending> batch)
    {
        var leaves = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++) leaves[i] = batch[i].Leaf;
        var signatures = SignLeaves(leaves, _key);
        Interlocked.Increment(ref _signatures);
        Interlocked.Add(ref _signed, batch.Count);
        for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(signatures[i]);
    }

    /// <summary>One batch signed at once: the tree over <paramref name="leaves"/>, one signature of its root, each leaf's proof.</summary>
    public static QuoteBatchSignature[] SignLeaves(IReadOnlyList<byte[]> leaves, EthKey key)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        ArgumentNullException.ThrowIfNull(key);
        var (root, proofs) = QuoteMerkleTree.Build(leaves);
        var signature = Hex.Encode(key.SignHash(QuoteSigner.BatchSigningHash(root)).ToBytes65());
        var rootHex = Hex.Encode(root);
        var result = new QuoteBatchSignature[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            IReadOnlyList<string> proof = proofs[i].Length == 0 ? [] : Array.AsReadOnly(Array.ConvertAll(proofs[i], p => Hex.Encode(p)));
            result[i] = new QuoteBatchSignature(signature, rootHex, proof, leaves.Count);
        }
        return result;
    }

    /// <summary>Stops taking digests; those already queued are still signed.</summary>
    public void Dispose()
    {
        if (_queue.Writer.TryComplete()) _thread.Join(TimeSpan.FromSeconds(5));
    }

    private sealed record Pending(byte[] Leaf, TaskCompletionSource<QuoteBatchSignature> Completion);
}
