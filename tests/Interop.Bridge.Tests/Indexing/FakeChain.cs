using System.Buffers.Binary;
using System.Numerics;
using Interop.Bridge.Indexing;
using Interop.Bridge.Protocol;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Tests.Indexing;

/// <summary>A log before it is mined: who emits it and what it says.</summary>
internal sealed record LogSpec(Address Address, IReadOnlyList<byte[]> Topics, byte[] Data);

/// <summary>
/// An in-memory chain for the indexer: blocks with deterministic hashes per fork, logs placed in blocks, reorgs that
/// replace the newest blocks, and a hook that runs between the indexer's reads (to reorganise mid-poll).
/// </summary>
internal sealed class FakeChain : IBlockSource
{
    private readonly List<(BlockRef Block, IReadOnlyList<Log> Logs)> _blocks = [];
    private int _fork;

    public FakeChain()
    {
        _blocks.Add((new BlockRef(0, Hash(0, 0), Bytes32.Zero), []));
    }

    public ulong Head => (ulong)_blocks.Count - 1;

    public BlockRef this[ulong number] => _blocks[(int)number].Block;

    /// <summary>Runs once, right before the next eth_getLogs answer is computed.</summary>
    public Action? BeforeNextGetLogs { get; set; }

    public int GetLogsCalls { get; private set; }

    /// <summary>Mines one block holding <paramref name="logs"/> (one transaction per log).</summary>
    public BlockRef Mine(params LogSpec[] logs)
    {
        var number = (ulong)_blocks.Count;
        var block = new BlockRef(number, Hash(number, _fork), _blocks[^1].Block.Hash);
        var mined = logs.Select((l, i) => new Log
        {
            Address = l.Address,
            Topics = l.Topics,
            Data = l.Data,
            BlockNumber = number,
            BlockHash = block.Hash.ToArray(),
            TransactionHash = Keccak256.Hash(block.Hash.ToArray().Append((byte)i).ToArray()),
            TransactionIndex = (ulong)i,
            LogIndex = (ulong)i,
        }).ToList();
        _blocks.Add((block, mined));
        return block;
    }

    public void MineEmpty(int count)
    {
        for (var i = 0; i < count; i++) Mine();
    }

    /// <summary>Drops the newest <paramref name="depth"/> blocks; blocks mined afterwards belong to a new fork (new hashes).</summary>
    public void Reorg(int depth)
    {
        _blocks.RemoveRange(_blocks.Count - depth, depth);
        _fork++;
    }

    public Task<ulong> GetHeadAsync(CancellationToken cancellationToken) => Task.FromResult(Head);

    public Task<IReadOnlyList<BlockRef?>> GetBlocksAsync(IReadOnlyList<ulong> numbers, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BlockRef?>>(numbers.Select(n => n < (ulong)_blocks.Count ? _blocks[(int)n].Block : null).ToList());

    public Task<IReadOnlyList<Log>> GetLogsAsync(BlockRange range, IReadOnlyList<Address> contracts, IReadOnlyList<byte[]> topics, CancellationToken cancellationToken)
    {
        GetLogsCalls++;
        var hook = BeforeNextGetLogs;
        BeforeNextGetLogs = null;
        hook?.Invoke();
        var logs = _blocks.Where(b => range.Contains(b.Block.Number)).SelectMany(b => b.Logs)
            .Where(l => contracts.Contains(l.Address) && topics.Any(t => t.AsSpan().SequenceEqual(l.Topics[0])))
            .ToList();
        return Task.FromResult<IReadOnlyList<Log>>(logs);
    }

    private static Bytes32 Hash(ulong number, int fork)
    {
        Span<byte> buffer = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, number);
        BinaryPrimitives.WriteInt32BigEndian(buffer[8..], fork);
        return new Bytes32(Keccak256.Hash(buffer));
    }
}

/// <summary>
/// An origin/destination Mailbox simulated off-chain: dispatches build real messages, tree roots and the exact
/// Dispatched/GasPayment/Processed logs the contract emits, so every core can be fed without a chain.
/// </summary>
internal sealed class FakeMailbox(uint domain, Address address)
{
    public static readonly Bytes32 DefaultSender = Bytes32.FromAddress(Address.Parse("0x00000000000000000000000000000000000000aa"));
    public static readonly Bytes32 DefaultRecipient = Bytes32.FromAddress(Address.Parse("0x00000000000000000000000000000000000000bb"));

    public uint Domain { get; } = domain;
    public Address Address { get; } = address;
    public Bytes32 AddressWord => Bytes32.FromAddress(Address);
    public MerkleTree Tree { get; } = new();
    public List<InteropMessage> Messages { get; } = [];

    /// <summary>A message from this mailbox with its Dispatched and GasPayment logs (the contract's order).</summary>
    public (InteropMessage Message, LogSpec[] Logs) Dispatch(uint destination, uint gasLimit = 100_000, BigInteger? payment = null,
        string body = "hello", Bytes32? sender = null, Bytes32? recipient = null)
    {
        var message = new InteropMessage
        {
            Version = InteropMessage.CurrentVersion,
            Nonce = (ulong)Tree.Count,
            Origin = Domain,
            Sender = sender ?? DefaultSender,
            Destination = destination,
            Recipient = recipient ?? DefaultRecipient,
            GasLimit = gasLimit,
            Body = System.Text.Encoding.UTF8.GetBytes(body),
        };
        Tree.Append(message.Id);
        Messages.Add(message);
        return (message, [DispatchedLog(message, Tree.Root()), GasPaymentLog(message, payment ?? new BigInteger(gasLimit) * 1_000_000_000)]);
    }

    /// <summary>Forgets the newest messages (the origin reorganised them away).</summary>
    public void Truncate(int count)
    {
        Tree.Truncate(count);
        Messages.RemoveRange(count, Messages.Count - count);
    }

    public LogSpec DispatchedLog(InteropMessage message, Bytes32 root) => Encode("Dispatched",
        message.Id.ToArray(), message.Destination, message.Recipient.ToArray(), (uint)message.Nonce, root.ToArray(), message.Encode());

    public LogSpec GasPaymentLog(InteropMessage message, BigInteger payment) => Encode("GasPayment",
        message.Id.ToArray(), message.Destination, message.GasLimit, payment);

    /// <summary>The Processed log this (destination) mailbox emits when it delivers <paramref name="message"/>.</summary>
    public LogSpec ProcessedLog(InteropMessage message) => Encode("Processed", message.Id.ToArray(), message.Origin, message.Nonce);

    public LogSpec ProcessFailedLog(InteropMessage message, byte[] revertData) =>
        Encode("ProcessFailed", message.Id.ToArray(), message.Origin, message.Nonce, revertData);

    private LogSpec Encode(string eventName, params object?[] values)
    {
        var (topics, data) = MailboxBinding.Definition.Abi.GetEvent(eventName).EncodeLog(values);
        return new LogSpec(Address, topics, data);
    }
}
