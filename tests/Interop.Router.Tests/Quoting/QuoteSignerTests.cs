using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using Interop.Testing;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

public sealed class QuoteSignerTests
{
    private static QuoteResponse Response(long amount = 1_000)
    {
        var store = new SnapshotStore();
        store.Publish(DevnetMarket());
        var service = new QuoteService(Settings(), store, new TransferStatusStore(), TimeProvider.System);
        var (response, _) = service.Quote(new QuoteRequest(UsdcOn(901), UsdcOn(902), amount * Usdc, TradeType.ExactIn, 50, RouteOrder.Cheapest, Addr(77), Addr(78)));
        return response!;
    }

    private static QuoteRoute Route() => Response().Routes[0];

    [Fact]
    public void A_signed_quote_recovers_to_the_quote_key()
    {
        var route = Route();
        Assert.Equal(QuoteKey.Address.ToString(), route.Signer);
        Assert.Equal(QuoteKey.Address, QuoteSigner.RecoverSigner(route));
    }

    [Fact]
    public void One_signature_covers_every_route_of_a_response_and_each_route_checks_on_its_own()
    {
        var response = Response();
        Assert.True(response.Routes.Count >= 2);
        Assert.Single(response.Routes.Select(r => r.Signature).Distinct());
        foreach (var route in response.Routes)
        {
            Assert.Equal(response.Routes.Count, route.RouteHashes.Count);
            Assert.Contains(Hex.Encode(QuoteSigner.RouteHash(route)), route.RouteHashes);
            Assert.Equal(QuoteKey.Address, QuoteSigner.RecoverSigner(route));
        }
        Assert.Equal(response.Routes.Count, response.Routes.Select(r => Hex.Encode(QuoteSigner.RouteHash(r))).Distinct().Count());
    }

    [Fact]
    public void The_route_hash_is_the_eip712_struct_hash_of_its_terms_and_the_digest_is_that_of_the_typed_data()
    {
        // Eip712TypedData is the generic encoder (tested against cast); QuoteSigner hashes by hand for speed.
        var route = Route();
        Assert.Equal(Hex.Encode(QuoteSigner.RouteTypedData(route).ComputeMessageHash()!), Hex.Encode(QuoteSigner.RouteHash(route)));
        var hashes = route.RouteHashes.Select(Hex.Decode).ToList();
        Assert.Equal(Hex.Encode(QuoteSigner.TypedData(route).ComputeSigningHash()), Hex.Encode(QuoteSigner.SigningHash(route.FromChain, hashes, route.ExpiresAt)));
    }

    [Fact]
    public void Changing_any_term_or_transaction_changes_the_recovered_signer()
    {
        var route = Route();
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { MinOutput = "1" }));
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { ExpiresAt = route.ExpiresAt + 3600 }));
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { Recipient = Addr(5).ToString() }));
        var tampered = route.Transactions.Select((t, i) => i == 1 ? t with { Value = "0" } : t).ToList();
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { Transactions = tampered }));
        var smallerStep = route.Steps.Select(st => st with { AmountIn = "1" }).ToList();
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { Steps = smallerStep }));
    }

    [Fact]
    public void A_tampered_route_whose_hash_is_put_into_the_set_does_not_recover_to_the_quote_key()
    {
        var route = Route();
        var changed = route with { MinOutput = "1" };
        var forgedSet = route.RouteHashes.Select(h => h == Hex.Encode(QuoteSigner.RouteHash(route)) ? Hex.Encode(QuoteSigner.RouteHash(changed)) : h).ToList();
        var forged = changed with { RouteHashes = forgedSet };
        Assert.True(QuoteSigner.IsInSignedSet(forged));
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(forged));
        // Nor does a route whose set is cut down to itself.
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { RouteHashes = [Hex.Encode(QuoteSigner.RouteHash(route))] }));
    }

    [Fact]
    public void A_route_presented_with_another_responses_set_and_signature_is_not_in_it()
    {
        var first = Response(1_000).Routes[0];
        var second = Response(2_000).Routes[0];
        var mixed = first with { RouteHashes = second.RouteHashes, Signature = second.Signature };
        Assert.False(QuoteSigner.IsInSignedSet(mixed));
        Assert.Null(QuoteSigner.RecoverSigner(mixed));
    }

    [Fact]
    public void A_set_signed_by_another_key_recovers_to_that_key()
    {
        var other = new EthKey(Enumerable.Repeat((byte)3, 32).ToArray());
        var routes = QuoteSigner.Sign(Response().Routes, other);
        Assert.All(routes, r => Assert.Equal(other.Address, QuoteSigner.RecoverSigner(r)));
        Assert.All(routes, r => Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(r)));
    }

    [Fact]
    public void The_signature_equals_what_cast_signs_for_the_same_typed_data()
    {
        // cast (Foundry) is an independent EIP-712 implementation; RFC 6979 makes both signatures deterministic.
        // The typed data is the QuoteSet (bytes32[] routeHashes, uint256 expiresAt) of the whole response.
        var route = Route();
        var json = QuoteSigner.TypedData(route).ToJson();
        Assert.Contains("\"QuoteSet\"", json, StringComparison.Ordinal);
        var castSignature = Cast.Run("wallet", "sign", "--data", "--private-key", Hex.Encode(QuoteKey.ExportPrivateKey()), json).Trim();
        Assert.Equal(route.Signature, castSignature, ignoreCase: true);
    }

    [Fact]
    public void The_route_hash_equals_the_struct_hash_cast_computes()
    {
        // cast signs the per-route Quote typed data; its signature must be over the same digest as ours for it.
        var route = Route();
        var typed = QuoteSigner.RouteTypedData(route);
        var castSignature = Cast.Run("wallet", "sign", "--data", "--private-key", Hex.Encode(QuoteKey.ExportPrivateKey()), typed.ToJson()).Trim();
        Assert.Equal(Hex.Encode(typed.Sign(QuoteKey).ToBytes65()), castSignature, ignoreCase: true);
        Assert.Equal(Hex.Encode(typed.ComputeMessageHash()!), Hex.Encode(QuoteSigner.RouteHash(route)));
    }
}
