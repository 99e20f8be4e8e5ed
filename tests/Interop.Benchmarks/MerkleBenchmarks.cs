using BenchmarkDotNet.Attributes;
using Interop.Bridge.Protocol;
using Interop.Ethereum;

namespace Interop.Benchmarks;

/// <summary>The off-chain mirror of the origin Mailbox's tree: indexing appends, batching asks for multiproofs.</summary>
[MemoryDiagnoser]
public class MerkleBenchmarks
{
    private Bytes32[] _ids = null!;
    private MerkleTree _tree = null!;
    private long[] _all = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        _ids = [.. Enumerable.Range(0, 64).Select(_ =>
        {
            var id = new byte[32];
            random.NextBytes(id);
            return new Bytes32(id);
        })];
        _tree = new MerkleTree();
        foreach (var id in _ids) _tree.Append(id);
        _all = [.. Enumerable.Range(0, 64).Select(i => (long)i)];
    }

    /// <summary>A fresh tree and 64 appends (one leaf hash each, plus the completed internal nodes).</summary>
    [Benchmark]
    public MerkleTree Append64()
    {
        var tree = new MerkleTree();
        foreach (var id in _ids) tree.Append(id);
        return tree;
    }

    /// <summary>One multiproof for a batch of all 64 leaves against the root of 64 (26 empty-subtree siblings above).</summary>
    [Benchmark] public Bytes32[] MultiProof64() => _tree.MultiProof(_all, 64);
}
