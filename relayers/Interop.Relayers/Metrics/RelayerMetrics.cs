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

    /// <summary>Messages whose delivery a destination TokenBridge held (above its large-transfer threshold), per route.</summary>
    public static readonly Counter Holds = Prometheus.Metrics.CreateCounter("interop_relay_holds_total",
        "Messages delivered into a TokenBridge hold per route.", "route");

    /// <summary>Claims of users' matured TokenBridge holds per chain, by result (sent, claimed, failed; gone: read as claimed by anyone).</summary>
    public static readonly Counter HoldClaims = Prometheus.Metrics.CreateCounter("interop_relay_hold_claims_total",
        "Claims of matured TokenBridge holds per chain, by result (sent, claimed, failed, gone).", "chain", "result");

    /// <summary>Wei spent on relayer transactions per chain (gasUsed × effective gas price of confirmed transactions).</summary>
    public static readonly Counter GasSpentWei = Prometheus.Metrics.CreateCounter("interop_relay_gas_spent_wei_total",
        "Wei spent on confirmed relayer transactions per chain.", "chain");

    /// <summary>Intent fills per route by result: filled (mined and succeeded), reverted (mined, failed), failed (never mined).</summary>
    public static readonly Counter FillerFills = Prometheus.Metrics.CreateCounter("interop_filler_fills_total",
        "Intent fills sent by this node's filler per route, by result (filled, reverted, failed).", "route", "result");

    /// <summary>Orders a filler decided never to fill (unprofitable, past its deadline, filled or cancelled by someone else).</summary>
    public static readonly Counter FillerDrops = Prometheus.Metrics.CreateCounter("interop_filler_orders_dropped_total",
        "Intent orders this node's filler will not fill, per route.", "route");

    /// <summary>Settlement batches (repayment messages) per route by result (sent, failed).</summary>
    public static readonly Counter FillerSettlements = Prometheus.Metrics.CreateCounter("interop_filler_settlements_total",
        "Settlement batches of this node's filler per route, by result (sent, failed).", "route", "result");

    /// <summary>
    /// The filler's inventory per chain and token (address), in the token's base units: balance (read from the chain),
    /// available (balance minus in-flight fills) and virtual (available plus repayments owed on that chain). A gauge is a
    /// double, so amounts past 2^53 base units are approximate here (the node itself keeps them exact).
    /// </summary>
    public static readonly Gauge FillerInventory = Prometheus.Metrics.CreateGauge("interop_filler_inventory_base_units",
        "The filler's inventory per chain and token in base units, by kind (balance, available, virtual).", "chain", "token", "kind");

    /// <summary>Fills in flight and repayments pending, over the node's routes.</summary>
    public static readonly Gauge FillerPending = Prometheus.Metrics.CreateGauge("interop_filler_pending",
        "The filler's fills in flight and repayments pending, by kind (in_flight, repayments).", "kind");

    /// <summary>Rebalancing moves of the filler's inventory per token and route, by result (started, arrived, failed; held: the destination bridge held it, claimed: the rebalancer claimed the hold).</summary>
    public static readonly Counter FillerRebalances = Prometheus.Metrics.CreateCounter("interop_filler_rebalance_moves_total",
        "Inventory moves through the canonical bridge per token and route, by result (started, arrived, failed; held: the destination bridge held it, claimed: the rebalancer claimed the hold).", "token", "route", "result");

    /// <summary>Base units of each token on their way between chains (started, not arrived or failed); a double: approximate past 2^53.</summary>
    public static readonly Gauge FillerRebalanceInFlight = Prometheus.Metrics.CreateGauge("interop_filler_rebalance_in_flight_base_units",
        "Base units of the filler's inventory moving through the canonical bridge, per token.", "token");

    /// <summary>The "origin->destination" label of a route.</summary>
    public static string Route(uint origin, uint destination) => $"{origin}->{destination}";
}
