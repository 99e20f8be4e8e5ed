using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Router.Quoting;
using Interop.Testing;
using static Interop.Router.Tests.Quoting.QuoteBatches;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

public sealed class QuoteSignerTests
{
    private static async Task<QuoteRoute> RouteAsync() => (await QuoteAsync()).Routes[0];

    [Theory]
    [InlineData(901ul, 902ul, "USDC", 1_000_000_000L, false)]   // canonical, two-hop through L1, intent
    [InlineData(901ul, 901ul, "WETH", 1_000_000_000L, false)]   // a pool swap
    [InlineData(901ul, 902ul, "WETH", 250_000_000_000L, false)] // swap and bridge, split
    [InlineData(902ul, 900ul, "USDC", 77_777_777L, true)]       // exact output
    public async Task The_route_hash_the_service_computes_from_values_is_the_hash_of_the_route_as_printed(ulong from, ulong to, string symbol, long amount, bool exactOut)
    {
        using var service = Service();
        var request = new QuoteRequest(UsdcOn(from), symbol == "USDC" ? UsdcOn(to) : WethOn(to), amount, exactOut ? TradeType.ExactOut : TradeType.ExactIn, 30,
            RouteOrder.Cheapest, Addr(5), Addr(6));
        var (response, rejection) = await service.QuoteAsync(request);
        Assert.Null(rejection);
        Assert.NotEmpty(response!.Routes);
        foreach (var route in response.Routes)
            Assert.Equal(route.RouteHashes, response.Routes.Select(r => Hex.Encode(QuoteSigner.RouteHash(r))));
    }

    [Fact]
    public void The_steps_hash_is_keccak_of_venue_amount_in_amount_out_per_step()
    {
        static QuoteStep Step(string venue, string amountIn, string amountOut) => new()
        {
            Type = "swap", Venue = venue, ChainId = 901, DestinationChainId = 901, TokenIn = "USDC", TokenOut = "WETH",
            AmountIn = amountIn, AmountOut = amountOut, Contract = Addr(1).ToString(),
        };
        Assert.Equal(Keccak256.HashUtf8(""), QuoteSigner.StepsHash([]));
        Assert.Equal(Keccak256.HashUtf8("bridge:901-902:USDC:1000:999;"), QuoteSigner.StepsHash([Step("bridge:901-902:USDC", "1000", "999")]));
        // Multi-byte UTF-8 (a posted-back route may carry anything) and a text longer than one Keccak block (136 bytes).
        var venue = "pool:901:\u00e9\u6c60:" + new string('x', 200);
        Assert.Equal(Keccak256.HashUtf8($"{venue}:1:2;a:3:4;"), QuoteSigner.StepsHash([Step(venue, "1", "2"), Step("a", "3", "4")]));
    }

    [Fact]
    public async Task A_signed_quote_recovers_to_the_quote_key()
    {
        var route = await RouteAsync();
        Assert.Equal(QuoteKey.Address.ToString(), route.Signer);
        Assert.Equal(QuoteKey.Address, QuoteSigner.RecoverSigner(route));
    }

    [Fact]
    public async Task A_response_signed_alone_has_its_set_digest_as_root_and_an_empty_proof()
    {
        var route = await RouteAsync();
        Assert.Empty(route.Proof);
        Assert.Equal(Hex.Encode(QuoteSigner.TypedData(route).ComputeSigningHash()), route.Root);
    }

    [Fact]
    public async Task One_signature_covers_every_route_of_a_response_and_each_route_checks_on_its_own()
    {
        var response = await QuoteAsync();
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
    public async Task Every_route_of_every_response_of_a_batch_checks_against_the_one_signature()
    {
        var batch = await BatchAsync(5);
        Assert.Single(batch.SelectMany(r => r.Routes).Select(r => r.Signature).Distinct());
        Assert.Single(batch.SelectMany(r => r.Routes).Select(r => r.Root).Distinct());
        foreach (var route in batch.SelectMany(r => r.Routes))
        {
            Assert.NotEmpty(route.Proof);
            Assert.Equal(QuoteKey.Address, QuoteSigner.RecoverSigner(route));
            Assert.Null(QuoteVerifier.Check(route, QuoteKey.Address));
        }
    }

    [Fact]
    public async Task The_route_hash_is_the_eip712_struct_hash_of_its_terms_and_the_digests_are_those_of_the_typed_data()
    {
        // Eip712TypedData is the generic encoder (tested against cast); QuoteSigner hashes by hand for speed.
        var route = (await BatchAsync(3))[1].Routes[0];
        Assert.Equal(Hex.Encode(QuoteSigner.RouteTypedData(route).ComputeMessageHash()!), Hex.Encode(QuoteSigner.RouteHash(route)));
        var hashes = route.RouteHashes.Select(Hex.Decode).ToList();
        Assert.Equal(Hex.Encode(QuoteSigner.TypedData(route).ComputeSigningHash()), Hex.Encode(QuoteSigner.SigningHash(route.FromChain, hashes, route.ExpiresAt)));
        Assert.Equal(Hex.Encode(QuoteSigner.BatchTypedData(route.Root).ComputeSigningHash()), Hex.Encode(QuoteSigner.BatchSigningHash(Hex.Decode(route.Root))));
    }

    [Fact]
    public async Task Changing_any_term_or_transaction_changes_the_recovered_signer()
    {
        var route = (await BatchAsync(3))[2].Routes[0];
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { MinOutput = "1" }));
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { ExpiresAt = route.ExpiresAt + 3600 }));
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { Recipient = Addr(5).ToString() }));
        var tampered = route.Transactions.Select((t, i) => i == 1 ? t with { Value = "0" } : t).ToList();
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { Transactions = tampered }));
        var smallerStep = route.Steps.Select(st => st with { AmountIn = "1" }).ToList();
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { Steps = smallerStep }));
    }

    [Fact]
    public async Task A_tampered_route_whose_hash_is_put_into_the_set_does_not_recover_to_the_quote_key()
    {
        var route = await RouteAsync();
        var changed = route with { MinOutput = "1" };
        var forgedSet = route.RouteHashes.Select(h => h == Hex.Encode(QuoteSigner.RouteHash(route)) ? Hex.Encode(QuoteSigner.RouteHash(changed)) : h).ToList();
        var forged = changed with { RouteHashes = forgedSet };
        Assert.True(QuoteSigner.IsInSignedSet(forged));
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(forged));
        // Nor does a route whose set is cut down to itself, nor one whose root is moved along with its set.
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(route with { RouteHashes = [Hex.Encode(QuoteSigner.RouteHash(route))] }));
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(forged with { Root = Hex.Encode(QuoteSigner.TypedData(forged).ComputeSigningHash()) }));
    }

    [Fact]
    public async Task A_route_presented_with_another_responses_set_and_signature_is_not_in_it()
    {
        var first = (await QuoteAsync(1_000)).Routes[0];
        var second = (await QuoteAsync(2_000)).Routes[0];
        var mixed = first with { RouteHashes = second.RouteHashes, Signature = second.Signature, Root = second.Root, Proof = second.Proof };
        Assert.False(QuoteSigner.IsInSignedSet(mixed));
        Assert.Null(QuoteSigner.RecoverSigner(mixed));
        Assert.Equal("signature", QuoteVerifier.Check(mixed, QuoteKey.Address)!.Parameter);
    }

    [Fact]
    public async Task A_forged_proof_element_does_not_lead_to_the_root()
    {
        var route = (await BatchAsync(5))[0].Routes[0];
        var proof = route.Proof.ToList();
        proof[0] = Hex.Encode(Keccak256.HashUtf8("not a sibling"));
        var forged = route with { Proof = proof };
        Assert.False(QuoteSigner.ProvesRoot(forged));
        Assert.Null(QuoteSigner.RecoverSigner(forged));
        Assert.Contains("proof", QuoteVerifier.Check(forged, QuoteKey.Address)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_responses_proof_in_the_same_batch_does_not_lead_to_the_root()
    {
        var batch = await BatchAsync(4);
        var forged = batch[0].Routes[0] with { Proof = batch[1].Routes[0].Proof };
        Assert.False(QuoteSigner.ProvesRoot(forged));
        Assert.Equal("signature", QuoteVerifier.Check(forged, QuoteKey.Address)!.Parameter);
    }

    [Fact]
    public async Task A_changed_root_does_not_match_the_proof_and_a_root_made_to_match_is_not_signed()
    {
        var route = (await BatchAsync(5))[3].Routes[0];
        var otherRoot = route with { Root = Hex.Encode(Keccak256.HashUtf8("another root")) };
        Assert.False(QuoteSigner.ProvesRoot(otherRoot));
        Assert.Equal("signature", QuoteVerifier.Check(otherRoot, QuoteKey.Address)!.Parameter);

        // Cutting the proof and presenting the set's digest as the root is consistent, but the signature is over the real root.
        var leafAsRoot = route with { Proof = [], Root = Hex.Encode(QuoteSigner.TypedData(route).ComputeSigningHash()) };
        Assert.True(QuoteSigner.ProvesRoot(leafAsRoot));
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(leafAsRoot));
        Assert.Contains("quote key", QuoteVerifier.Check(leafAsRoot, QuoteKey.Address)!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_signature_does_not_recover_to_the_quote_key()
    {
        var route = (await BatchAsync(2))[0].Routes[0];
        var bytes = Hex.Decode(route.Signature);
        bytes[40] ^= 0x01; // a bit of s
        var forged = route with { Signature = Hex.Encode(bytes) };
        Assert.NotEqual(QuoteKey.Address, QuoteSigner.RecoverSigner(forged));
        Assert.NotNull(QuoteVerifier.Check(forged, QuoteKey.Address));
        Assert.Equal("quote", QuoteVerifier.Check(route with { Signature = "0x1234" }, QuoteKey.Address)!.Parameter);
    }

    [Fact]
    public async Task A_batch_signed_by_another_key_recovers_to_that_key()
    {
        var other = new EthKey(Enumerable.Repeat((byte)3, 32).ToArray());
        var batch = SignAsOneBatch([await QuoteAsync(1_000), await QuoteAsync(2_000)], other);
        foreach (var route in batch.SelectMany(r => r.Routes))
        {
            Assert.Equal(other.Address, QuoteSigner.RecoverSigner(route));
            Assert.Contains("quote key", QuoteVerifier.Check(route, QuoteKey.Address)!.Detail, StringComparison.Ordinal);
        }
        var alone = QuoteSigner.Sign((await QuoteAsync()).Routes, other);
        Assert.All(alone, r => Assert.Equal(other.Address, QuoteSigner.RecoverSigner(r)));
    }

    [Theory]
    [InlineData("proof-null")]
    [InlineData("proof-long")]
    [InlineData("proof-hex")]
    [InlineData("root-short")]
    public async Task Malformed_proofs_and_roots_are_format_errors_naming_the_field(string kind)
    {
        var route = (await BatchAsync(2))[0].Routes[0];
        var bad = kind switch
        {
            "proof-null" => route with { Proof = null! },
            "proof-long" => route with { Proof = Enumerable.Repeat(route.Proof[0], QuoteSigner.MaxProofLength + 1).ToList() },
            "proof-hex" => route with { Proof = ["0xzz"] },
            _ => route with { Root = "0x1234" },
        };
        var rejection = QuoteVerifier.Check(bad, QuoteKey.Address)!;
        Assert.Equal("quote", rejection.Parameter);
        Assert.Contains(kind.StartsWith("proof", StringComparison.Ordinal) ? "proof" : "root", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_signature_equals_what_cast_signs_for_the_quote_batch_typed_data()
    {
        // cast (Foundry) is an independent EIP-712 implementation; RFC 6979 makes both signatures deterministic.
        var route = (await BatchAsync(3))[0].Routes[0];
        var json = QuoteSigner.BatchTypedData(route.Root).ToJson();
        Assert.Contains("\"QuoteBatch\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("chainId", json, StringComparison.Ordinal);
        var castSignature = Cast.Run("wallet", "sign", "--data", "--private-key", Hex.Encode(QuoteKey.ExportPrivateKey()), json).Trim();
        Assert.Equal(route.Signature, castSignature, ignoreCase: true);
    }

    [Fact]
    public async Task The_leaf_is_the_digest_cast_computes_for_the_quote_set_typed_data()
    {
        // cast signs the response's QuoteSet typed data; the same key signing our leaf gives the same signature.
        var route = await RouteAsync();
        var json = QuoteSigner.TypedData(route).ToJson();
        Assert.Contains("\"QuoteSet\"", json, StringComparison.Ordinal);
        var castSignature = Cast.Run("wallet", "sign", "--data", "--private-key", Hex.Encode(QuoteKey.ExportPrivateKey()), json).Trim();
        Assert.Equal(Hex.Encode(QuoteKey.SignHash(Hex.Decode(route.Root)).ToBytes65()), castSignature, ignoreCase: true);
    }

    [Fact]
    public async Task The_route_hash_equals_the_struct_hash_cast_computes()
    {
        // cast signs the per-route Quote typed data; its signature must be over the same digest as ours for it.
        var route = await RouteAsync();
        var typed = QuoteSigner.RouteTypedData(route);
        var castSignature = Cast.Run("wallet", "sign", "--data", "--private-key", Hex.Encode(QuoteKey.ExportPrivateKey()), typed.ToJson()).Trim();
        Assert.Equal(Hex.Encode(typed.Sign(QuoteKey).ToBytes65()), castSignature, ignoreCase: true);
        Assert.Equal(Hex.Encode(typed.ComputeMessageHash()!), Hex.Encode(QuoteSigner.RouteHash(route)));
    }
}
