using System.Collections.Immutable;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Router.Quoting;

namespace Interop.Router.Status;

/// <summary>The wire shape of GET /v1/status/{id}.</summary>
public sealed record StatusResponse(
    string Id,
    string? QuoteId,
    string Status,
    IReadOnlyList<StatusEvent> History,
    IReadOnlyList<string> TransactionHashes,
    IReadOnlyList<MessageStatus> Messages,
    long? ExpiresAt,
    long? FillDeadline);

/// <summary>One status change on the wire.</summary>
public sealed record StatusEvent(string Status, DateTimeOffset At, string? Detail);

/// <summary>A message of a transfer and its stage in the relayer network.</summary>
public sealed record MessageStatus(string MessageId, string Stage);

/// <summary>
/// Answers status queries by quote id, transaction hash or message id: the router's own records of executed transfers,
/// advanced with what the relayer network reports for the transfer's messages (Delivered -> FILLED); a quote that was
/// only given has no record and is answered from its id (<see cref="QuoteIds"/>): QUOTED, then EXPIRED at its expiry.
/// </summary>
public sealed class StatusService(TransferStatusStore store, TimeProvider time, IMessageStatusSource? messages = null, QuoteIds? quoteIds = null)
{
    public async Task<StatusResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var record = store.Find(id);
        if (record is null && quoteIds is not null && quoteIds.TryRead(id, out var terms)) record = NotExecuted(id, terms);
        if (record is null)
        {
            // A message or transaction this router did not quote: answer from the relayer network alone.
            if (messages is null || !Hex.IsHex(id) || Hex.Decode(id).Length != 32) return null;
            var hash = Bytes32.Parse(id);
            var found = await messages.GetAsync(hash, cancellationToken).ConfigureAwait(false) is { } m
                ? [m]
                : await messages.FindByTransactionAsync(hash, cancellationToken).ConfigureAwait(false);
            if (found.Count == 0) return null;
            var status = StatusOf(found.Select(f => f.Stage).ToList());
            return new StatusResponse(id, null, TransferStatusMachine.WireName(status),
                found.SelectMany(f => f.History).OrderBy(h => h.At)
                    .Select(h => new StatusEvent(TransferStatusMachine.WireName(StatusOf([h.Stage])), h.At, h.Detail is null ? h.Stage.ToString() : $"{h.Stage}: {h.Detail}"))
                    .ToList(),
                found.SelectMany(f => new[] { f.OriginTransaction, f.DeliveryTransaction }).OfType<Bytes32>().Select(b => b.ToString()).ToList(),
                found.Select(f => new MessageStatus(f.Id.ToString(), f.Stage.ToString())).ToList(), null, null);
        }
        record = await RefreshAsync(record, cancellationToken).ConfigureAwait(false);
        return new StatusResponse(
            id,
            record.QuoteId,
            TransferStatusMachine.WireName(record.Status),
            record.History.Select(h => new StatusEvent(TransferStatusMachine.WireName(h.Status), h.At, h.Detail)).ToList(),
            record.TransactionHashes,
            record.MessageIds.Select(m => new MessageStatus(m, record.MessageStages.GetValueOrDefault(m, "Unknown"))).ToList(),
            record.ExpiresAt.ToUnixTimeSeconds(),
            record.FillDeadline.ToUnixTimeSeconds());
    }

    /// <summary>The EXPIRED detail of a quote the router never saw executed (a wallet may have sent a canonical route itself).</summary>
    internal const string NotSeenExecuted =
        "not executed through this router node before expiry; a canonical route sent from a wallet (or executed by another router node) is followed by its transaction hash or message id";

    // A quote this router (or one sharing its quote key) gave and nobody executed through it: what its id says.
    private static TransferRecord NotExecuted(string id, QuoteIdTerms terms) => new()
    {
        QuoteId = id.ToLowerInvariant(),
        FromChain = 0,
        ToChain = 0,
        ExpiresAt = terms.ExpiresAt,
        FillDeadline = terms.FillDeadline,
        Status = TransferStatus.Quoted,
        History = [new StatusTransition(TransferStatus.Quoted, terms.QuotedAt, null)],
    };

    private async Task<TransferRecord> RefreshAsync(TransferRecord record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (record.Status == TransferStatus.Quoted && now >= record.ExpiresAt)
            return store.Update(record.QuoteId, r => r.Status == TransferStatus.Quoted ? r.MoveTo(TransferStatus.Expired, now, "not executed before expiry") : r)
                ?? record.MoveTo(TransferStatus.Expired, record.ExpiresAt, NotSeenExecuted);
        if (messages is null || record.MessageIds.IsEmpty || TransferStatusMachine.IsTerminal(record.Status)) return record;

        var stages = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        var seen = new List<MessageStage>();
        var holds = new List<string>();
        foreach (var id in record.MessageIds)
        {
            var message = await messages.GetAsync(Bytes32.Parse(id), cancellationToken).ConfigureAwait(false);
            stages[id] = message?.Stage.ToString() ?? "Unknown";
            if (message is null) continue;
            seen.Add(message.Stage);
            if (message is { Stage: MessageStage.Held, Hold: { } hold }) holds.Add(HoldDetail(id, hold));
        }
        var target = seen.Count == record.MessageIds.Count ? StatusOf(seen) : TransferStatus.Filling;
        var built = stages.ToImmutable();
        return store.Update(record.QuoteId, r => Held((r with { MessageStages = built }).MoveTo(target, now, target == TransferStatus.Filled ? "every message delivered" : null), holds, now)) ?? record;
    }

    /// <summary>
    /// FILLED once every message is delivered; FILLING while any is on its way (a failed delivery is retryable) or held by the
    /// destination TokenBridge (delivered into a large-transfer hold, paid out only once claimed).
    /// </summary>
    internal static TransferStatus StatusOf(IReadOnlyList<MessageStage> stages) =>
        stages.Count > 0 && stages.All(s => s == MessageStage.Delivered) ? TransferStatus.Filled : TransferStatus.Filling;

    /// <summary>The FILLING detail of a held message, e.g. "message 0x… held: hold 3 of 2000000000000 until 2026-11-24T15:40:00Z on TokenBridge 0x…".</summary>
    internal static string HoldDetail(string messageId, MessageHold hold) => $"message {messageId} held: {hold.Describe()}";

    /// <summary>
    /// A FILLING record with each hold of <paramref name="holdDetails"/> in its history once (a FILLING entry naming it, so the
    /// wire shows why the transfer is not FILLED yet); the status never changes here, and other statuses are left alone.
    /// </summary>
    internal static TransferRecord Held(TransferRecord record, IReadOnlyList<string> holdDetails, DateTimeOffset now)
    {
        if (record.Status != TransferStatus.Filling) return record;
        foreach (var detail in holdDetails)
            if (!record.History.Any(h => h.Status == TransferStatus.Filling && h.Detail == detail))
                record = record with { History = record.History.Add(new StatusTransition(TransferStatus.Filling, now, detail)) };
        return record;
    }
}
