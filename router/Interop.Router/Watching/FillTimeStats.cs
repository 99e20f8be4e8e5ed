using Interop.Bridge.Status;
using Interop.Router.Snapshots;
using Interop.Router.Venues;

namespace Interop.Router.Watching;

/// <summary>Delivery-time percentiles per route from the relayer network's message records.</summary>
public static class FillTimeStats
{
    /// <summary>Fewer delivered messages than this on a route and the configured default is used instead.</summary>
    public const int MinSamples = 3;

    /// <summary>p50/p90 of (Delivered, or Held for a held transfer, - Dispatched) per (origin, destination) with enough samples, as canonical-bridge fill times.</summary>
    public static Dictionary<(ulong Origin, ulong Destination, VenueKind Kind), FillTime> FromMessages(IEnumerable<MessageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var result = new Dictionary<(ulong, ulong, VenueKind), FillTime>();
        var samples = new Dictionary<(ulong, ulong), List<double>>();
        foreach (var record in records)
        {
            DateTimeOffset? dispatched = null, delivered = null, held = null;
            foreach (var t in record.History)
            {
                if (t.Stage == MessageStage.Dispatched) dispatched ??= t.At;
                if (t.Stage == MessageStage.Delivered) delivered = t.At;
                if (t.Stage == MessageStage.Held) held ??= t.At;
            }
            // A held transfer's relay time ends at its delivery into the hold: the hold's delay is quoted on its own.
            delivered = held ?? delivered;
            if (dispatched is not { } from || delivered is not { } to || to < from) continue;
            var key = ((ulong)record.Origin, (ulong)record.Destination);
            if (!samples.TryGetValue(key, out var list)) samples[key] = list = [];
            list.Add((to - from).TotalSeconds);
        }
        foreach (var ((origin, destination), list) in samples)
        {
            if (list.Count < MinSamples) continue;
            list.Sort();
            result[(origin, destination, VenueKind.CanonicalBridge)] = new FillTime(Percentile(list, 0.5), Percentile(list, 0.9));
        }
        return result;
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("no samples", nameof(sorted));
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
