using Interop.Ethereum.Encoding;
using Interop.Router.Quoting;
using Interop.Router.Snapshots;
using Interop.Router.Status;
using Interop.Testing;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

public sealed class QuoteSignerTests
{
    private static QuoteRoute Route()
    {
        var store = new SnapshotStore();
        store.Publish(DevnetMarket());
        var service = new QuoteService(Settings(), store, new TransferStatusStore(), TimeProvider.System);
        var (response, _) = service.Quote(new QuoteRequest(UsdcOn(901), UsdcOn(902), 1_000 * Usdc, TradeType.ExactIn, 50, RouteOrder.Cheapest, Addr(77), Addr(78)));
        return response!.Routes[0];
    }

    [Fact]
    public void A_signed_quote_recovers_to_the_quote_key()
    {
        var route = Route();
        Assert.Equal(QuoteKey.Address.ToString(), route.Signer);
        Assert.Equal(QuoteKey.Address, QuoteSigner.RecoverSigner(route));
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
    public void The_signature_equals_what_cast_signs_for_the_same_typed_data()
    {
        // cast (Foundry) is an independent EIP-712 implementation; RFC 6979 makes both signatures deterministic.
        var route = Route();
        var json = QuoteSigner.TypedData(route).ToJson();
        var castSignature = Cast.Run("wallet", "sign", "--data", "--private-key", Hex.Encode(QuoteKey.ExportPrivateKey()), json).Trim();
        Assert.Equal(route.Signature, castSignature, ignoreCase: true);
    }
}
