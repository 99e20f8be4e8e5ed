using System.Collections.Concurrent;
using Interop.Bridge.Relaying;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Relayers.Network;

namespace Interop.Node.Tests.Api;

/// <summary>
/// An in-memory <see cref="IRelayerNetwork"/> for the HTTP-layer tests only: it answers from dictionaries so the tests
/// check routing, parsing, status codes and JSON, not relaying (the end-to-end tests run the real network).
/// </summary>
internal sealed class FakeRelayerNetwork : IRelayerNetwork
{
    public ConcurrentDictionary<Bytes32, MessageRecord> Records { get; } = new();
    public ConcurrentDictionary<(uint Origin, uint Index), List<SignedCheckpoint>> Checkpoints { get; } = new();
    public Dictionary<Bytes32, AdminResult> RetryAnswers { get; } = new();
    public List<(uint Chain, Bytes32 Hash)> Relayed { get; } = [];
    public bool IsReady { get; set; } = true;
    public bool Disposed { get; private set; }
    public Denylist Denylist { get; private set; } = Denylist.Empty;

    public Task<MessageRecord?> GetAsync(Bytes32 id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Records.TryGetValue(id, out var record) ? record : null);

    public Task<IReadOnlyList<MessageRecord>> FindByTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MessageRecord>>(Records.Values.Where(r => r.OriginTransaction == transactionHash || r.DeliveryTransaction == transactionHash).ToList());

    public Task<IReadOnlyList<MessageRecord>> ListAsync(MessageStage? stage, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MessageRecord>>(Records.Values.Where(r => stage is null || r.Stage == stage).OrderByDescending(r => r.Nonce).Take(limit).ToList());

    public Task<IReadOnlyList<SignedCheckpoint>> GetCheckpointsAsync(uint origin, uint index, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SignedCheckpoint>>(Checkpoints.TryGetValue((origin, index), out var list) ? list : []);

    public Task<IReadOnlyList<SignedCheckpoint>> GetLatestCheckpointsAsync(uint origin, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SignedCheckpoint>>(Checkpoints.Where(c => c.Key.Origin == origin).OrderByDescending(c => c.Key.Index).Select(c => c.Value).FirstOrDefault() ?? []);

    public Task<AdminResult> RetryAsync(Bytes32 messageId, CancellationToken cancellationToken = default) =>
        Task.FromResult(RetryAnswers.TryGetValue(messageId, out var answer) ? answer : new AdminResult(AdminResultKind.NotFound, $"message {messageId} is unknown"));

    public Task<AdminResult> RelayTransactionAsync(uint chainId, Bytes32 transactionHash, CancellationToken cancellationToken = default)
    {
        Relayed.Add((chainId, transactionHash));
        var ids = Records.Values.Where(r => r.Origin == chainId && r.OriginTransaction == transactionHash).Select(r => r.Id).ToList();
        return Task.FromResult(ids.Count == 0
            ? new AdminResult(AdminResultKind.NotFound, $"transaction {transactionHash} dispatched nothing on chain {chainId}")
            : new AdminResult(AdminResultKind.Accepted, $"{ids.Count} message(s) queued", ids));
    }

    public Task<Denylist> SetDenylistAsync(Denylist denylist, CancellationToken cancellationToken = default)
    {
        Denylist = denylist;
        return Task.FromResult(denylist);
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
