using Prometheus;

namespace Interop.Relayers.Metrics;

/// <summary>
/// The relayer network's Prometheus metrics (static registry, served by the node's <c>/metrics</c>). Labels carry chain
/// ids, routes ("901->902") and validator addresses, never keys.
/// </summary>
public static class RelayerMetrics
{
    /// <summary>Messages of a route by relay stage (pending, submitted, delivered, dropped).</summary>
    public static readonly Gauge QueueLength = Prometheus.Metrics.CreateGauge("interop_relay_queue_messages",
        "Messages of a route by relay stage.", "route", "stage");

    /// <summary>The newest block a chain watcher indexed (confirmed).</summary>
    public static readonly Gauge LastIndexedBlock = Prometheus.Metrics.CreateGauge("interop_chain_last_indexed_block",
        "The newest confirmed block indexed per chain.", "chain");

    /// <summary>The nonce of the newest relayer transaction per chain.</summary>
    public static readonly Gauge TxNonce = Prometheus.Metrics.CreateGauge("interop_tx_nonce",
        "The nonce of the newest transaction the relayer key signed per chain.", "chain");

    /// <summary>Origin leaves a validator has indexed but not covered by a signature (leaves - (latest signed index + 1)).</summary>
    public static readonly Gauge ValidatorLag = Prometheus.Metrics.CreateGauge("interop_validator_lag_messages",
        "Origin leaves not yet covered by the validator's latest signed checkpoint.", "validator", "origin");

    /// <summary>Messages the route saw delivered on its destination (by this node or anyone).</summary>
    public static readonly Counter Deliveries = Prometheus.Metrics.CreateCounter("interop_relay_deliveries_total",
        "Messages delivered per route.", "route");

    /// <summary>Failed delivery attempts per message (simulation or transaction reverted, recipient failed).</summary>
    public static readonly Counter Failures = Prometheus.Metrics.CreateCounter("interop_relay_failures_total",
        "Failed delivery attempts per route (one per message per attempt).", "route");

    /// <summary>Wei spent on relayer transactions per chain (gasUsed × effective gas price of confirmed transactions).</summary>
    public static readonly Counter GasSpentWei = Prometheus.Metrics.CreateCounter("interop_relay_gas_spent_wei_total",
        "Wei spent on confirmed relayer transactions per chain.", "chain");

    /// <summary>The "origin->destination" label of a route.</summary>
    public static string Route(uint origin, uint destination) => $"{origin}->{destination}";
}
