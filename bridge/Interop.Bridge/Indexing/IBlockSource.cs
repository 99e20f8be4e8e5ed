using Interop.Ethereum;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Bridge.Indexing;

/// <summary>What the indexer reads from a chain; the JSON-RPC adapter is <see cref="RpcBlockSource"/>, tests use in-memory chains.</summary>
public interface IBlockSource
{
    /// <summary>The number of the newest block.</summary>
    Task<ulong> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>The chain's current block at each number, in the same order; null where the chain has no such block.</summary>
    Task<IReadOnlyList<BlockRef?>> GetBlocksAsync(IReadOnlyList<ulong> numbers, CancellationToken cancellationToken);

    /// <summary>Logs of <paramref name="contracts"/> in <paramref name="range"/> whose topic0 is one of <paramref name="topics"/>.</summary>
    Task<IReadOnlyList<Log>> GetLogsAsync(BlockRange range, IReadOnlyList<Address> contracts, IReadOnlyList<byte[]> topics, CancellationToken cancellationToken);
}

/// <summary>Reads blocks and logs over JSON-RPC; block headers go out as batches.</summary>
public sealed class RpcBlockSource(RpcClient rpc, int maxBatchSize = 100) : IBlockSource
{
    private readonly RpcClient _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));

    public Task<ulong> GetHeadAsync(CancellationToken cancellationToken) => _rpc.BlockNumberAsync(cancellationToken);

    public async Task<IReadOnlyList<BlockRef?>> GetBlocksAsync(IReadOnlyList<ulong> numbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var blocks = new List<BlockRef?>(numbers.Count);
        foreach (var chunk in numbers.Chunk(Math.Max(1, maxBatchSize)))
        {
            if (chunk.Length == 1)
            {
                var block = await _rpc.GetBlockByNumberAsync(BlockParameter.AtNumber(chunk[0]), false, cancellationToken).ConfigureAwait(false);
                blocks.Add(block is null ? null : BlockRef.From(block));
                continue;
            }
            var requests = chunk.Select(n => (RpcRequest)RpcMethods.GetBlockByNumber(BlockParameter.AtNumber(n))).ToList();
            var results = await _rpc.SendBatchAsync(requests, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
                blocks.Add(results.Get<Block?>(i).Value is { } block ? BlockRef.From(block) : null);
        }
        return blocks;
    }

    public Task<IReadOnlyList<Log>> GetLogsAsync(BlockRange range, IReadOnlyList<Address> contracts, IReadOnlyList<byte[]> topics, CancellationToken cancellationToken) =>
        _rpc.GetLogsAsync(new LogFilter
        {
            Addresses = contracts,
            Topics = [topics],
            FromBlock = BlockParameter.AtNumber(range.From),
            ToBlock = BlockParameter.AtNumber(range.To),
        }, cancellationToken);
}
