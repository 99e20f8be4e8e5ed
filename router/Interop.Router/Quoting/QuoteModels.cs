using System.Text.Json.Serialization;

namespace Interop.Router.Quoting;

// The wire shapes of /v1/quote and /v1/transfers. Amounts are decimal strings of base units (JSON numbers lose
// precision past 2^53); times are unix seconds.

/// <summary>The answer to GET /v1/quote: every viable route, best first by the requested order.</summary>
public sealed record QuoteResponse
{
    public required ulong FromChain { get; init; }
    public required ulong ToChain { get; init; }
    public required string FromToken { get; init; }
    public required string ToToken { get; init; }
    public required string Amount { get; init; }
    public required string TradeType { get; init; }
    public required string Order { get; init; }
    public required IReadOnlyList<QuoteRoute> Routes { get; init; }
}

/// <summary>One route, signed as part of its response's set: what goes in, what comes out, what it costs, how long it takes, and the transactions.</summary>
public sealed record QuoteRoute
{
    public required string QuoteId { get; init; }
    /// <summary>canonical, swap, intent, multi-hop or split.</summary>
    public required string Kind { get; init; }
    public required long ExpiresAt { get; init; }
    public required ulong FromChain { get; init; }
    public required ulong ToChain { get; init; }
    public required string FromToken { get; init; }
    public required string ToToken { get; init; }
    public required string FromSymbol { get; init; }
    public required string ToSymbol { get; init; }
    public required string TradeType { get; init; }
    public required string InputAmount { get; init; }
    public required string ExpectedOutput { get; init; }
    public required string MinOutput { get; init; }
    public required int SlippageBps { get; init; }
    public required string Sender { get; init; }
    public required string Recipient { get; init; }
    public required IReadOnlyList<QuoteFee> Fees { get; init; }
    public required FillTimeEstimate EstimatedFillTimeSec { get; init; }
    public required QuoteLimits Limits { get; init; }
    public required IReadOnlyList<QuoteStep> Steps { get; init; }
    public required long FillDeadline { get; init; }
    public required IReadOnlyList<UnsignedTransaction> Transactions { get; init; }
    /// <summary>
    /// EIP-712 signature (65 bytes hex, r‖s‖v) by <see cref="Signer"/> of <c>QuoteBatch(bytes32 root)</c> over
    /// <see cref="Root"/>: the same on every route of one response, and on every response signed in the same batch
    /// (see <see cref="QuoteSigner"/>).
    /// </summary>
    public required string Signature { get; init; }
    public required string Signer { get; init; }
    /// <summary>The route hashes (EIP-712 struct hashes of each route's <c>Quote</c> terms) of the response's <c>QuoteSet</c>, one per route, in order.</summary>
    public required IReadOnlyList<string> RouteHashes { get; init; }
    /// <summary>The signed Merkle root (bytes32 hex) of the batch the response was signed in; for a batch of one, the response's <c>QuoteSet</c> digest itself.</summary>
    public required string Root { get; init; }
    /// <summary>Sorted-pair keccak256 Merkle proof (OpenZeppelin <c>MerkleProof</c>) from the response's <c>QuoteSet</c> digest to <see cref="Root"/>; empty for a batch of one.</summary>
    public required IReadOnlyList<string> Proof { get; init; }
}

/// <summary>One fee: <c>included</c> fees are already taken out of the output; others are paid on top (e.g. msg.value).</summary>
public sealed record QuoteFee(string Type, string Token, string Amount, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Bps, bool Included);

/// <summary>Fill-time percentiles in seconds.</summary>
public sealed record FillTimeEstimate(double P50, double P90);

/// <summary>Input limits in base units of the input token: smallest useful, largest without a hold, largest at all.</summary>
public sealed record QuoteLimits(string Min, string InstantMax, string Max);

/// <summary>One hop of a route.</summary>
public sealed record QuoteStep
{
    public required string Type { get; init; }
    public required string Venue { get; init; }
    public required ulong ChainId { get; init; }
    public required ulong DestinationChainId { get; init; }
    public required string TokenIn { get; init; }
    public required string TokenOut { get; init; }
    public required string AmountIn { get; init; }
    public required string AmountOut { get; init; }
    public required string Contract { get; init; }
}

/// <summary>A transaction the wallet signs and sends, in order.</summary>
public sealed record UnsignedTransaction
{
    public required ulong ChainId { get; init; }
    public required string To { get; init; }
    public required string Data { get; init; }
    public required string Value { get; init; }
    public required string Description { get; init; }
}

/// <summary>The answer to POST /v1/transfers.</summary>
public sealed record TransferResponse(string QuoteId, string Status, IReadOnlyList<string> TransactionHashes, IReadOnlyList<string> MessageIds);
