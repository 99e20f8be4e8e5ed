using System.Numerics;
using BenchmarkDotNet.Attributes;
using Interop.Ethereum;
using Interop.Ethereum.Abi;

namespace Interop.Benchmarks;

/// <summary>ABI-encoding the calls a relayer builds per delivery: a Mailbox batch and an ERC-20 transfer.</summary>
[MemoryDiagnoser]
public class AbiBenchmarks
{
    // The Mailbox's entry point (contracts/PROTOCOL.md, selector 0xa7afe48b).
    private static readonly AbiFunction ProcessBatch = AbiFunction.Parse(
        "function processBatch((uint32 origin, bytes32 originMailbox, bytes32 root, uint32 index) cp, bytes signatures, bytes[] messages, bytes32[] proof)");

    private static readonly AbiFunction Transfer = AbiFunction.Parse("function transfer(address to, uint256 amount) returns (bool)");

    private object?[] _checkpoint = null!;
    private byte[] _signatures = null!;
    private byte[][] _messages = null!;
    private byte[][] _proof = null!;
    private Address _recipient;
    private readonly BigInteger _amount = new(1_234_567_890);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        byte[] Bytes(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        _checkpoint = [1u, Bytes(32), Bytes(32), 4095u];
        _signatures = Bytes(3 * 65);                                 // a 2-of-3 multisig sends 3 r‖s‖v at most
        _messages = [.. Enumerable.Range(0, 16).Select(_ => Bytes(120))]; // 85-byte header + a 35-byte body
        _proof = [.. Enumerable.Range(0, 26).Select(_ => Bytes(32))];
        _recipient = new Address(Bytes(20));
    }

    [Benchmark] public byte[] EncodeProcessBatch16() => ProcessBatch.EncodeCall(_checkpoint, _signatures, _messages, _proof);

    [Benchmark] public byte[] EncodeErc20Transfer() => Transfer.EncodeCall(_recipient, _amount);
}
