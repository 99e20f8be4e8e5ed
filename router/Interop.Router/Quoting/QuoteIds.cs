using System.Buffers.Binary;
using System.Security.Cryptography;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;

namespace Interop.Router.Quoting;

/// <summary>What a quote id says about its quote: when it was given, until when it can be executed, its fill deadline.</summary>
public readonly record struct QuoteIdTerms(DateTimeOffset QuotedAt, DateTimeOffset ExpiresAt, DateTimeOffset FillDeadline);

/// <summary>
/// Self-authenticating quote ids, so a quote that was only given costs the router no memory: the id carries when the
/// quote was given, its expiry and its fill deadline, 8 random bytes, and a MAC over them under a key derived from the
/// quote key. GET /v1/status answers QUOTED or EXPIRED from the id alone, on any router node sharing the quote key and
/// after a restart; a record is kept only once a transfer is executed. A forged or altered id fails the MAC (96 bits).
/// <para>Layout (32 bytes, the intent order's salt on chain): version 1 (1 byte) ‖ quotedAt, unix seconds (5, big
/// endian) ‖ expiresAt − quotedAt (2) ‖ fillDeadline − expiresAt (4) ‖ random (8) ‖ HMAC-SHA256(key, first 20)[..12].</para>
/// </summary>
public sealed class QuoteIds
{
    public const int Length = 32;
    private const byte Version = 1;
    private const int Signed = 20;
    private const int TagLength = Length - Signed;
    private readonly byte[] _key;

    /// <summary>Ids keyed by <paramref name="quoteKey"/> (the MAC key is derived from it; the quote key itself is not used).</summary>
    public QuoteIds(EthKey quoteKey)
    {
        ArgumentNullException.ThrowIfNull(quoteKey);
        var secret = quoteKey.ExportPrivateKey();
        try
        {
            _key = HMACSHA256.HashData(secret, "interop/quote-id/v1"u8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The longest quote lifetime an id can carry (expiresAt − quotedAt fits 16 bits of seconds).</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromSeconds(ushort.MaxValue);

    private static readonly long LatestTime = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Writes a new id into <paramref name="id"/> (32 bytes) from 8 bytes of <paramref name="random"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The times are out of order or too far apart for the layout.</exception>
    public void Issue(Span<byte> id, long quotedAt, long expiresAt, long fillDeadline, ReadOnlySpan<byte> random)
    {
        if (id.Length != Length) throw new ArgumentException("a quote id is 32 bytes", nameof(id));
        if (random.Length != 8) throw new ArgumentException("8 random bytes", nameof(random));
        if (quotedAt is < 0 or > 0xFF_FFFF_FFFF) throw new ArgumentOutOfRangeException(nameof(quotedAt), quotedAt, "not a 40-bit unix time");
        if (expiresAt - quotedAt is < 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt, $"must be within {ushort.MaxValue} s after quotedAt {quotedAt}");
        if (fillDeadline - expiresAt is < 0 or > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(fillDeadline), fillDeadline, $"must be within {uint.MaxValue} s after expiresAt {expiresAt}");
        if (fillDeadline > LatestTime) throw new ArgumentOutOfRangeException(nameof(fillDeadline), fillDeadline, "past the year 9999");
        id[0] = Version;
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, quotedAt);
        time[3..].CopyTo(id[1..6]);
        BinaryPrimitives.WriteUInt16BigEndian(id[6..8], (ushort)(expiresAt - quotedAt));
        BinaryPrimitives.WriteUInt32BigEndian(id[8..12], (uint)(fillDeadline - expiresAt));
        random.CopyTo(id[12..Signed]);
        Span<byte> tag = stackalloc byte[32];
        HMACSHA256.HashData(_key, id[..Signed], tag);
        tag[..TagLength].CopyTo(id[Signed..]);
    }

    /// <summary>The terms of an id this router (or one sharing its quote key) issued; false for anything else.</summary>
    public bool TryRead(string id, out QuoteIdTerms terms)
    {
        terms = default;
        if (id is null || id.Length != 2 + 2 * Length || !Hex.IsHex(id)) return false;
        return TryRead(Hex.Decode(id), out terms);
    }

    /// <inheritdoc cref="TryRead(string, out QuoteIdTerms)"/>
    public bool TryRead(ReadOnlySpan<byte> id, out QuoteIdTerms terms)
    {
        terms = default;
        if (id.Length != Length || id[0] != Version) return false;
        Span<byte> tag = stackalloc byte[32];
        HMACSHA256.HashData(_key, id[..Signed], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag[..TagLength], id[Signed..])) return false;
        Span<byte> time = stackalloc byte[8];
        id[1..6].CopyTo(time[3..]);
        var quotedAt = BinaryPrimitives.ReadInt64BigEndian(time);
        var expiresAt = quotedAt + BinaryPrimitives.ReadUInt16BigEndian(id[6..8]);
        var fillDeadline = expiresAt + BinaryPrimitives.ReadUInt32BigEndian(id[8..12]);
        terms = new QuoteIdTerms(DateTimeOffset.FromUnixTimeSeconds(quotedAt), DateTimeOffset.FromUnixTimeSeconds(expiresAt), DateTimeOffset.FromUnixTimeSeconds(fillDeadline));
        return true;
    }
}
