using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Router.Quoting;
using static Interop.Router.Tests.TestMarket;

namespace Interop.Router.Tests.Quoting;

public sealed class QuoteBatchSignerTests
{
    [Fact]
    public async Task A_lone_digest_is_signed_at_once_as_its_own_root()
    {
        using var signer = new QuoteBatchSigner(QuoteKey);
        var leaf = Keccak256.HashUtf8("one response");
        var signature = await signer.SignAsync(leaf).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Hex.Encode(leaf), signature.Root);
        Assert.Empty(signature.Proof);
        Assert.Equal(1, signature.BatchSize);
        Assert.Equal(QuoteKey.Address, EthKey.RecoverAddress(QuoteSigner.BatchSigningHash(leaf), EcdsaSignature.FromBytes65(Hex.Decode(signature.Signature))));
    }

    [Fact]
    public async Task Digests_queued_while_a_signature_is_made_share_the_next_one()
    {
        using var signer = new QuoteBatchSigner(QuoteKey);
        var leaves = Enumerable.Range(0, 300).Select(i => Keccak256.HashUtf8($"response {i}")).ToArray();
        var signatures = await Task.WhenAll(leaves.Select(l => signer.SignAsync(l))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(signer.Signatures < leaves.Length, $"{signer.Signatures} signatures for {leaves.Length} digests");
        Assert.Equal(leaves.Length, signer.Signed);
        Assert.Equal(signer.Signatures, signatures.Select(s => s.Signature).Distinct().Count());
        for (var i = 0; i < leaves.Length; i++)
        {
            var root = QuoteMerkleTree.ProcessProof(leaves[i], signatures[i].Proof.Select(Hex.Decode).ToList());
            Assert.Equal(signatures[i].Root, Hex.Encode(root));
            Assert.Equal(QuoteKey.Address, EthKey.RecoverAddress(QuoteSigner.BatchSigningHash(root), EcdsaSignature.FromBytes65(Hex.Decode(signatures[i].Signature))));
        }
    }

    [Fact]
    public async Task A_busy_signer_spaces_its_signatures_and_everything_queued_meanwhile_shares_the_next()
    {
        using var signer = new QuoteBatchSigner(QuoteKey, TimeSpan.FromMilliseconds(50));
        var started = System.Diagnostics.Stopwatch.StartNew();
        await signer.SignAsync(Keccak256.HashUtf8("first")).WaitAsync(TimeSpan.FromSeconds(10));
        var rest = Enumerable.Range(0, 10).Select(i => signer.SignAsync(Keccak256.HashUtf8($"then {i}"))).ToArray();
        var signatures = await Task.WhenAll(rest).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(45), $"second signature after {started.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(2, signer.Signatures);
        Assert.Single(signatures.Select(s => s.Signature).Distinct());
        Assert.All(signatures, s => Assert.Equal(10, s.BatchSize));
    }

    [Fact]
    public async Task One_client_asking_again_and_again_is_not_paced()
    {
        using var signer = new QuoteBatchSigner(QuoteKey, TimeSpan.FromSeconds(5));
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 5; i++) await signer.SignAsync(Keccak256.HashUtf8($"alone {i}")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"5 sequential signatures took {started.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(5, signer.Signatures);
    }

    [Fact]
    public async Task Many_parallel_quotes_all_verify_under_fewer_signatures_than_responses()
    {
        using var service = QuoteBatches.Service();
        const int count = 200;
        var request = new QuoteRequest(UsdcOn(901), UsdcOn(902), 1_000 * Usdc, TradeType.ExactIn, 50, RouteOrder.Cheapest, Addr(77), Addr(78));
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => service.QuoteAsync(request)))).WaitAsync(TimeSpan.FromSeconds(120));
        var routes = responses.SelectMany(r => r.Response!.Routes).ToList();
        Assert.All(routes, r => Assert.Null(QuoteVerifier.Check(r, QuoteKey.Address)));
        Assert.True(service.Signer.Signatures < count, $"{service.Signer.Signatures} signatures for {count} responses");
        Assert.True(routes.Select(r => r.Signature).Distinct().Count() < count);
        Assert.Contains(routes, r => r.Proof.Count > 0);
    }

    [Fact]
    public void A_disposed_signer_refuses_new_digests()
    {
        var signer = new QuoteBatchSigner(QuoteKey);
        signer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = signer.SignAsync(new byte[32]); });
    }
}
