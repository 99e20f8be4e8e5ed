using BenchmarkDotNet.Attributes;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Signing;
using Org.BouncyCastle.Crypto.Digests;

namespace Interop.Benchmarks;

/// <summary>Hashing and signing primitives that sit on every relayer hot path.</summary>
[MemoryDiagnoser]
public class EthereumBenchmarks
{
    private readonly byte[] _data32 = new byte[32];
    private readonly byte[] _data1K = new byte[1024];
    private readonly byte[] _output = new byte[32];
    private EthKey _key = null!;
    private EcdsaSignature _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_data32);
        new Random(2).NextBytes(_data1K);
        _key = EthKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        _signature = _key.SignHash(_data32);
    }

    // AsSpan: with two byte[] arguments, Hash(params byte[][]) would win overload resolution and hash both arrays.
    [Benchmark] public void Keccak32B() => Keccak256.Hash(_data32.AsSpan(), _output);
    [Benchmark] public void Keccak1KiB() => Keccak256.Hash(_data1K.AsSpan(), _output);

    /// <summary>What Keccak256 used before its own sponge: BouncyCastle's digest, one allocation per hash.</summary>
    [Benchmark]
    public void Keccak32BBouncyCastle()
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(_data32);
        digest.DoFinal(_output);
    }

    [Benchmark] public EcdsaSignature Sign() => _key.SignHash(_data32);
    [Benchmark] public byte[] Recover() => Secp256k1.Recover(_data32, _signature);
}
