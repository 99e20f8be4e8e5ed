using System.Security.Cryptography;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Router.Quoting;

namespace Interop.Router.Tests.Quoting;

/// <summary>Self-authenticating quote ids: the terms read back, and anything not issued under the key is refused.</summary>
public sealed class QuoteIdsTests
{
    private static readonly EthKey Key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly byte[] Random8 = [1, 2, 3, 4, 5, 6, 7, 8];
    private const long QuotedAt = 1_800_000_000;

    private static byte[] Issue(QuoteIds ids, long quotedAt = QuotedAt, long ttl = 60, long deadline = 600, byte[]? random = null)
    {
        var id = new byte[QuoteIds.Length];
        ids.Issue(id, quotedAt, quotedAt + ttl, quotedAt + ttl + deadline, random ?? Random8);
        return id;
    }

    [Fact]
    public void An_issued_id_reads_back_its_terms_from_bytes_and_from_hex()
    {
        var ids = new QuoteIds(Key);
        var id = Issue(ids);
        Assert.Equal(1, id[0]);
        Assert.Equal(Random8, id[12..20]);
        var expected = new QuoteIdTerms(DateTimeOffset.FromUnixTimeSeconds(QuotedAt), DateTimeOffset.FromUnixTimeSeconds(QuotedAt + 60), DateTimeOffset.FromUnixTimeSeconds(QuotedAt + 660));
        Assert.True(ids.TryRead(id, out var terms));
        Assert.Equal(expected, terms);
        Assert.True(ids.TryRead(Hex.Encode(id), out terms));
        Assert.Equal(expected, terms);
        Assert.True(ids.TryRead(Hex.Encode(id).ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), out _));
    }

    [Fact]
    public void Every_flipped_bit_and_another_key_are_refused()
    {
        var ids = new QuoteIds(Key);
        var id = Issue(ids);
        for (var bit = 0; bit < id.Length * 8; bit++)
        {
            var altered = (byte[])id.Clone();
            altered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(ids.TryRead(altered, out _), $"bit {bit}");
        }
        Assert.False(new QuoteIds(new EthKey(Enumerable.Repeat((byte)7, 32).ToArray())).TryRead(id, out _));
        // The same key on another router node reads it.
        Assert.True(new QuoteIds(new EthKey(Key.ExportPrivateKey())).TryRead(id, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("not hex at all")]
    [InlineData("0x1234")]
    [InlineData("0xzz00000000000000000000000000000000000000000000000000000000000000")]
    public void Malformed_text_is_refused(string text) => Assert.False(new QuoteIds(Key).TryRead(text, out _));

    [Fact]
    public void Random_ids_of_the_right_shape_are_refused()
    {
        var ids = new QuoteIds(Key);
        for (var i = 0; i < 2_000; i++)
        {
            var id = RandomNumberGenerator.GetBytes(QuoteIds.Length);
            id[0] = 1;
            Assert.False(ids.TryRead(id, out _));
        }
    }

    [Fact]
    public void Lifetimes_at_the_layout_limits_are_carried_and_past_them_refused()
    {
        var ids = new QuoteIds(Key);
        Assert.True(ids.TryRead(Issue(ids, ttl: ushort.MaxValue, deadline: uint.MaxValue), out var terms));
        Assert.Equal(QuotedAt + ushort.MaxValue, terms.ExpiresAt.ToUnixTimeSeconds());
        Assert.Equal(QuotedAt + ushort.MaxValue + (long)uint.MaxValue, terms.FillDeadline.ToUnixTimeSeconds());
        var latest = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        Assert.True(ids.TryRead(Issue(ids, quotedAt: latest, ttl: 0, deadline: 0), out terms));
        Assert.Equal(latest, terms.FillDeadline.ToUnixTimeSeconds());
        Assert.Throws<ArgumentOutOfRangeException>(() => Issue(ids, quotedAt: latest, ttl: 0, deadline: 1));

        Assert.Throws<ArgumentOutOfRangeException>(() => Issue(ids, ttl: ushort.MaxValue + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Issue(ids, ttl: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Issue(ids, deadline: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Issue(ids, deadline: (long)uint.MaxValue + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Issue(ids, quotedAt: -1));
        Assert.Throws<ArgumentException>(() => ids.Issue(new byte[31], QuotedAt, QuotedAt, QuotedAt, Random8));
        Assert.Throws<ArgumentException>(() => ids.Issue(new byte[32], QuotedAt, QuotedAt, QuotedAt, Random8[..7]));
    }

    [Fact]
    public void A_quote_ttl_the_id_cannot_carry_is_refused_by_the_settings()
    {
        var settings = TestMarket.Settings() with { QuoteTtl = QuoteIds.MaxTtl + TimeSpan.FromSeconds(1) };
        Assert.Contains("QuoteTtl", Assert.Throws<ArgumentException>(settings.Validate).Message, StringComparison.Ordinal);
        (TestMarket.Settings() with { QuoteTtl = QuoteIds.MaxTtl }).Validate();
    }
}
