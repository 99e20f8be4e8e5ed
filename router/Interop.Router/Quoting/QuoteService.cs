using System.Globalization;
using System.Security.Cryptography;
using Interop.Ethereum.Encoding;
using Interop.Router.Snapshots;
using Interop.Router.Status;

namespace Interop.Router.Quoting;

/// <summary>
/// Turns plans into routes (ids, expiry, transactions), records them as QUOTED and has them signed: one
/// <c>QuoteSet</c> digest per response, signed together with every other response waiting at that moment
/// (<see cref="QuoteBatchSigner"/>).
/// </summary>
public sealed class QuoteService(RouterSettings settings, SnapshotStore snapshots, TransferStatusStore statuses, TimeProvider time) : IDisposable
{
    private readonly QuoteBatchSigner _signer = new(settings.QuoteKey);

    /// <summary>The group-commit signer of this service's responses (its counters show the batching).</summary>
    public QuoteBatchSigner Signer => _signer;

    /// <summary>Quotes against the current snapshot; a rejection names the parameter to fix.</summary>
    public async Task<(QuoteResponse? Response, QuoteRejection? Rejection)> QuoteAsync(QuoteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = snapshots.Current;
        var (plans, rejection) = QuoteEngine.Plan(snapshot, request, settings.Engine);
        if (rejection is not null) return (null, rejection);

        var now = time.GetUtcNow();
        // One random draw for every quote id of the response, and one leaf (signed in a batch) for all its routes.
        var ids = new byte[plans.Count * 32];
        RandomNumberGenerator.Fill(ids);
        var unsigned = new QuoteRoute[plans.Count];
        for (var i = 0; i < plans.Count; i++) unsigned[i] = Build(snapshot, request, plans[i], now, ids.AsSpan(i * 32, 32).ToArray());
        var (routeHashes, leaf) = QuoteSigner.Commit(unsigned);
        var signature = await _signer.SignAsync(leaf, cancellationToken).ConfigureAwait(false);
        var routes = QuoteSigner.Attach(unsigned, routeHashes, signature, _signerAddress);
        return (new QuoteResponse
        {
            FromChain = request.FromToken.ChainId,
            ToChain = request.ToToken.ChainId,
            FromToken = request.FromToken.Address.ToString(),
            ToToken = request.ToToken.Address.ToString(),
            Amount = request.Amount.ToString(CultureInfo.InvariantCulture),
            TradeType = request.TradeType == TradeType.ExactIn ? "exactIn" : "exactOut",
            Order = request.Order == RouteOrder.Cheapest ? "cheapest" : "fastest",
            Routes = routes,
        }, null);
    }

    private readonly string _signerAddress = settings.QuoteKey.Address.ToString();

    /// <summary>Stops the signing loop.</summary>
    public void Dispose() => _signer.Dispose();

    private QuoteRoute Build(MarketSnapshot snapshot, QuoteRequest request, QuotePlan plan, DateTimeOffset now, byte[] id)
    {
        var expiresAt = now + settings.QuoteTtl;
        // The fill deadline leaves the slow tail (p90) three times over, and at least ten minutes, after expiry.
        var fillDeadline = expiresAt + TimeSpan.FromSeconds(Math.Max(600, 3 * plan.FillTime.P90Seconds));
        var (transactions, minOutput) = TransactionBuilder.Build(plan, request.Sender, request.Recipient, request.SlippageBps, fillDeadline.ToUnixTimeSeconds(), id);
        var route = new QuoteRoute
        {
            QuoteId = Hex.Encode(id),
            Kind = plan.Kind,
            ExpiresAt = expiresAt.ToUnixTimeSeconds(),
            FromChain = request.FromToken.ChainId,
            ToChain = request.ToToken.ChainId,
            FromToken = request.FromToken.Address.ToString(),
            ToToken = request.ToToken.Address.ToString(),
            FromSymbol = request.FromToken.Symbol,
            ToSymbol = request.ToToken.Symbol,
            TradeType = request.TradeType == TradeType.ExactIn ? "exactIn" : "exactOut",
            InputAmount = Text(plan.Input),
            ExpectedOutput = Text(plan.Output),
            MinOutput = Text(minOutput),
            SlippageBps = request.SlippageBps,
            Sender = request.Sender.ToString(),
            Recipient = request.Recipient.ToString(),
            Fees = plan.Fees.Select(f => new QuoteFee(f.Type, f.Token, Text(f.Amount), f.Bps, f.Included)).ToList(),
            EstimatedFillTimeSec = new FillTimeEstimate(plan.FillTime.P50Seconds, plan.FillTime.P90Seconds),
            Limits = new QuoteLimits(Text(plan.MinInput), Text(plan.InstantMaxInput), Text(plan.MaxInput)),
            Steps = plan.Legs.SelectMany(leg => leg.Path.Edges.Select((edge, i) => new QuoteStep
            {
                Type = edge.Kind switch { Venues.VenueKind.CanonicalBridge => "bridge", Venues.VenueKind.Pool => "swap", _ => "intent" },
                Venue = edge.VenueId,
                ChainId = edge.From.ChainId,
                DestinationChainId = edge.To.ChainId,
                TokenIn = snapshot.Token(edge.From)?.Symbol ?? edge.From.Token.ToString(),
                TokenOut = snapshot.Token(edge.To)?.Symbol ?? edge.To.Token.ToString(),
                AmountIn = Text(leg.Amounts[i]),
                AmountOut = Text(leg.Amounts[i + 1]),
                Contract = edge.Contract.ToString(),
            })).ToList(),
            FillDeadline = fillDeadline.ToUnixTimeSeconds(),
            Transactions = transactions,
            Signature = "",
            Signer = "",
            RouteHashes = [],
            Root = "",
            Proof = [],
        };
        statuses.Add(new TransferRecord
        {
            QuoteId = route.QuoteId,
            FromChain = route.FromChain,
            ToChain = route.ToChain,
            ExpiresAt = expiresAt,
            FillDeadline = fillDeadline,
            Status = TransferStatus.Quoted,
            History = [new StatusTransition(TransferStatus.Quoted, now, null)],
        });
        return route;
    }

    private static string Text(System.Numerics.BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
