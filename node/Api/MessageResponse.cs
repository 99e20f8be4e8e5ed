using System.Globalization;
using Interop.Bridge.Status;

namespace Interop.Node.Api;

/// <summary>
/// The JSON of a <see cref="MessageRecord"/>: ids and hashes as 0x hex, amounts as decimal strings (they exceed a JSON
/// number's safe range), the stage by name.
/// </summary>
public sealed record MessageResponse(
    string Id,
    uint Origin,
    uint Destination,
    string Nonce,
    string Sender,
    string Recipient,
    uint GasLimit,
    string Stage,
    string? OriginTransaction,
    string? OriginBlock,
    string? DeliveryTransaction,
    string? DeliveryBlock,
    string GasPaid,
    string? GasUsed,
    int FailedAttempts,
    string? LastError,
    IReadOnlyList<MessageTransitionResponse> History,
    MessageHoldResponse? Hold)
{
    public static MessageResponse From(MessageRecord record) => new(
        record.Id.ToString(),
        record.Origin,
        record.Destination,
        record.Nonce.ToString(CultureInfo.InvariantCulture),
        record.Sender.ToString(),
        record.Recipient.ToString(),
        record.GasLimit,
        record.Stage.ToString(),
        record.OriginTransaction?.ToString(),
        record.OriginBlock?.ToString(CultureInfo.InvariantCulture),
        record.DeliveryTransaction?.ToString(),
        record.DeliveryBlock?.ToString(CultureInfo.InvariantCulture),
        record.GasPaid.ToString(CultureInfo.InvariantCulture),
        record.GasUsed?.ToString(CultureInfo.InvariantCulture),
        record.FailedAttempts,
        record.LastError,
        record.History.Select(t => new MessageTransitionResponse(t.Stage.ToString(), t.At, t.Detail)).ToList(),
        record.Hold is { } h
            ? new MessageHoldResponse(h.HoldId.ToString(CultureInfo.InvariantCulture), h.Bridge.ToString(), h.Recipient.ToString(),
                h.Amount.ToString(CultureInfo.InvariantCulture), h.ReleaseAt, h.Transaction.ToString(), h.ReleaseTransaction?.ToString())
            : null);
}

/// <summary>
/// The TokenBridge hold of a message whose delivery was held (stage Held; kept once released): the bridge's hold id and the
/// amount as decimal strings, <c>releaseAt</c> in UTC (from then anyone may claim), the transactions that held and released it.
/// </summary>
public sealed record MessageHoldResponse(string HoldId, string Bridge, string Recipient, string Amount, DateTimeOffset ReleaseAt, string Transaction,
    string? ReleaseTransaction);

/// <summary>One stage change in <see cref="MessageResponse.History"/>.</summary>
public sealed record MessageTransitionResponse(string Stage, DateTimeOffset At, string? Detail);
