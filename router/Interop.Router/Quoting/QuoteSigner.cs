using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Ethereum.TypedData;

namespace Interop.Router.Quoting;

/// <summary>
/// EIP-712 signatures over a quote response's terms, so that execution (here or on any router node sharing the key)
/// holds a posted-back route to exactly what was offered: amounts, parties, expiry, and the hashes of its
/// transactions and steps. One signature per response: each route's terms hash to the EIP-712 struct hash of a
/// <c>Quote</c> (its "route hash"), and the key signs a <c>QuoteSet {bytes32[] routeHashes; uint256 expiresAt}</c>
/// over every route hash of the response. Every route carries the signature and the set's route hashes, so a route
/// is checked on its own: its recomputed hash must be in the set, and the set must recover to the quote key.
/// Domain: {name: "Interop Router", version: "1", chainId: fromChain}.
/// </summary>
public static class QuoteSigner
{
    public const string DomainName = "Interop Router";
    public const string DomainVersion = "1";
    /// <summary>The struct of one route's terms; its struct hash is the route hash.</summary>
    public const string RouteType = "Quote";
    /// <summary>The signed struct: the route hashes of one response and their common expiry.</summary>
    public const string PrimaryType = "QuoteSet";

    private static readonly Eip712Field[] QuoteFields =
    [
        new("quoteId", "bytes32"),
        new("fromChain", "uint256"),
        new("toChain", "uint256"),
        new("fromToken", "address"),
        new("toToken", "address"),
        new("inputAmount", "uint256"),
        new("expectedOutput", "uint256"),
        new("minOutput", "uint256"),
        new("sender", "address"),
        new("recipient", "address"),
        new("expiresAt", "uint256"),
        new("fillDeadline", "uint256"),
        new("transactionsHash", "bytes32"),
        new("stepsHash", "bytes32"),
    ];

    /// <summary>The types of one route's terms (primary type <see cref="RouteType"/>).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> RouteTypes = new Dictionary<string, IReadOnlyList<Eip712Field>>
    {
        [RouteType] = QuoteFields,
    };

    /// <summary>The types of what is signed (primary type <see cref="PrimaryType"/>).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> Types = new Dictionary<string, IReadOnlyList<Eip712Field>>
    {
        [PrimaryType] = [new("routeHashes", "bytes32[]"), new("expiresAt", "uint256")],
    };

    private static readonly byte[] QuoteTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes(
        "Quote(bytes32 quoteId,uint256 fromChain,uint256 toChain,address fromToken,address toToken,uint256 inputAmount,uint256 expectedOutput,uint256 minOutput,address sender,address recipient,uint256 expiresAt,uint256 fillDeadline,bytes32 transactionsHash,bytes32 stepsHash)"));
    private static readonly byte[] QuoteSetTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes("QuoteSet(bytes32[] routeHashes,uint256 expiresAt)"));
    private static readonly byte[] DomainTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes("EIP712Domain(string name,string version,uint256 chainId)"));
    private static readonly byte[] DomainNameHash = Keccak256.Hash(Encoding.UTF8.GetBytes(DomainName));
    private static readonly byte[] DomainVersionHash = Keccak256.Hash(Encoding.UTF8.GetBytes(DomainVersion));
    private static readonly ConcurrentDictionary<ulong, byte[]> DomainSeparators = new();

    /// <summary>The typed data of one route's terms; its message hash equals <see cref="RouteHash"/>.</summary>
    /// <exception cref="FormatException">A field of a posted-back quote is malformed.</exception>
    public static Eip712TypedData RouteTypedData(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var message = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["quoteId"] = Hex.DecodeFixed(route.QuoteId, 32, "quoteId"),
            ["fromChain"] = new BigInteger(route.FromChain),
            ["toChain"] = new BigInteger(route.ToChain),
            ["fromToken"] = Address.Parse(route.FromToken),
            ["toToken"] = Address.Parse(route.ToToken),
            ["inputAmount"] = ParseAmount(route.InputAmount, "inputAmount"),
            ["expectedOutput"] = ParseAmount(route.ExpectedOutput, "expectedOutput"),
            ["minOutput"] = ParseAmount(route.MinOutput, "minOutput"),
            ["sender"] = Address.Parse(route.Sender),
            ["recipient"] = Address.Parse(route.Recipient),
            ["expiresAt"] = new BigInteger(route.ExpiresAt),
            ["fillDeadline"] = new BigInteger(route.FillDeadline),
            ["transactionsHash"] = TransactionsHash(route.Transactions),
            ["stepsHash"] = StepsHash(route.Steps),
        };
        return Eip712TypedData.Create(RouteTypes, RouteType, Domain(route.FromChain), message);
    }

    /// <summary>The typed data the response signature covers: the route hashes of the response and their expiry.</summary>
    /// <exception cref="FormatException">A route hash is not 32 bytes of hex.</exception>
    public static Eip712TypedData TypedData(ulong fromChain, IReadOnlyList<string> routeHashes, long expiresAt)
    {
        ArgumentNullException.ThrowIfNull(routeHashes);
        var message = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["routeHashes"] = routeHashes.Select((h, i) => Hex.DecodeFixed(h, 32, $"routeHashes[{i}]")).ToList(),
            ["expiresAt"] = new BigInteger(expiresAt),
        };
        return Eip712TypedData.Create(Types, PrimaryType, Domain(fromChain), message);
    }

    /// <summary>The typed data a route's signature covers (its set of route hashes and its expiry).</summary>
    public static Eip712TypedData TypedData(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return TypedData(route.FromChain, route.RouteHashes, route.ExpiresAt);
    }

    private static Eip712Domain Domain(ulong chainId) => new() { Name = DomainName, Version = DomainVersion, ChainId = chainId };

    /// <summary>The EIP-712 struct hash of the route's <c>Quote</c> terms (what the signed set commits to).</summary>
    /// <exception cref="FormatException">A field of a posted-back quote is malformed.</exception>
    public static byte[] RouteHash(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        Span<byte> buffer = stackalloc byte[15 * 32];
        buffer.Clear();
        QuoteTypeHash.CopyTo(buffer);
        Hex.DecodeFixed(route.QuoteId, 32, "quoteId").CopyTo(buffer[32..]);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(2 * 32 + 24)..], route.FromChain);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(3 * 32 + 24)..], route.ToChain);
        Address.Parse(route.FromToken).ToBytes32().CopyTo(buffer[(4 * 32)..]);
        Address.Parse(route.ToToken).ToBytes32().CopyTo(buffer[(5 * 32)..]);
        WriteUint256(buffer.Slice(6 * 32, 32), ParseAmount(route.InputAmount, "inputAmount"), "inputAmount");
        WriteUint256(buffer.Slice(7 * 32, 32), ParseAmount(route.ExpectedOutput, "expectedOutput"), "expectedOutput");
        WriteUint256(buffer.Slice(8 * 32, 32), ParseAmount(route.MinOutput, "minOutput"), "minOutput");
        Address.Parse(route.Sender).ToBytes32().CopyTo(buffer[(9 * 32)..]);
        Address.Parse(route.Recipient).ToBytes32().CopyTo(buffer[(10 * 32)..]);
        WriteUnixTime(buffer.Slice(11 * 32, 32), route.ExpiresAt, "expiresAt");
        WriteUnixTime(buffer.Slice(12 * 32, 32), route.FillDeadline, "fillDeadline");
        TransactionsHash(route.Transactions).CopyTo(buffer[(13 * 32)..]);
        StepsHash(route.Steps).CopyTo(buffer[(14 * 32)..]);
        return Keccak256.Hash(buffer);
    }

    /// <summary>The EIP-712 digest the key signs for a set of route hashes: keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(QuoteSet)).</summary>
    public static byte[] SigningHash(ulong fromChain, IReadOnlyList<byte[]> routeHashes, long expiresAt)
    {
        ArgumentNullException.ThrowIfNull(routeHashes);
        var concatenated = new byte[routeHashes.Count * 32];
        for (var i = 0; i < routeHashes.Count; i++)
        {
            if (routeHashes[i].Length != 32) throw new FormatException($"routeHashes[{i}] must be 32 bytes");
            routeHashes[i].CopyTo(concatenated, i * 32);
        }
        Span<byte> set = stackalloc byte[3 * 32];
        set.Clear();
        QuoteSetTypeHash.CopyTo(set);
        Keccak256.Hash(concatenated, set[32..]);
        WriteUnixTime(set[64..], expiresAt, "expiresAt");
        Span<byte> digest = stackalloc byte[2 + 32 + 32];
        digest[0] = 0x19;
        digest[1] = 0x01;
        DomainSeparator(fromChain).CopyTo(digest[2..]);
        Keccak256.Hash(set, digest[34..]);
        return Keccak256.Hash(digest);
    }

    private static byte[] DomainSeparator(ulong chainId) => DomainSeparators.GetOrAdd(chainId, static id =>
    {
        var buffer = new byte[4 * 32];
        DomainTypeHash.CopyTo(buffer, 0);
        DomainNameHash.CopyTo(buffer, 32);
        DomainVersionHash.CopyTo(buffer, 64);
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(3 * 32 + 24), id);
        return Keccak256.Hash(buffer);
    });

    /// <summary>keccak256 over (chainId u256 ‖ to (32) ‖ value u256 ‖ keccak256(data)) of each transaction, in order.</summary>
    public static byte[] TransactionsHash(IReadOnlyList<UnsignedTransaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var buffer = new byte[transactions.Count * 128];
        for (var i = 0; i < transactions.Count; i++)
        {
            var tx = transactions[i];
            var slot = buffer.AsSpan(i * 128, 128);
            BinaryPrimitives.WriteUInt64BigEndian(slot[24..], tx.ChainId);
            Address.Parse(tx.To).ToBytes32().CopyTo(slot[32..]);
            WriteUint256(slot.Slice(64, 32), ParseAmount(tx.Value, "transactions.value"), "transactions.value");
            Keccak256.Hash(Hex.Decode(tx.Data), slot[96..]);
        }
        return Keccak256.Hash(buffer);
    }

    /// <summary>keccak256 of the UTF-8 text "venue:amountIn:amountOut;" per step, in order (execution checks steps against limits).</summary>
    public static byte[] StepsHash(IReadOnlyList<QuoteStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var text = new StringBuilder();
        foreach (var step in steps) text.Append(step.Venue).Append(':').Append(step.AmountIn).Append(':').Append(step.AmountOut).Append(';');
        return Keccak256.HashUtf8(text.ToString());
    }

    /// <summary>
    /// Signs the routes of one response with one signature: returns them with Signature, Signer and RouteHashes set.
    /// Every route must have the same fromChain (the domain) and expiresAt (the set's expiry).
    /// </summary>
    public static IReadOnlyList<QuoteRoute> Sign(IReadOnlyList<QuoteRoute> routes, EthKey key)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(key);
        if (routes.Count == 0) return routes;
        var fromChain = routes[0].FromChain;
        var expiresAt = routes[0].ExpiresAt;
        var hashes = new byte[routes.Count][];
        for (var i = 0; i < routes.Count; i++)
        {
            if (routes[i].FromChain != fromChain || routes[i].ExpiresAt != expiresAt)
                throw new ArgumentException("the routes of one signed set share fromChain and expiresAt", nameof(routes));
            hashes[i] = RouteHash(routes[i]);
        }
        var signature = Hex.Encode(key.SignHash(SigningHash(fromChain, hashes, expiresAt)).ToBytes65());
        var signer = key.Address.ToString();
        IReadOnlyList<string> routeHashes = Array.AsReadOnly(hashes.Select(h => Hex.Encode(h)).ToArray());
        var signed = new QuoteRoute[routes.Count];
        for (var i = 0; i < routes.Count; i++) signed[i] = routes[i] with { Signature = signature, Signer = signer, RouteHashes = routeHashes };
        return signed;
    }

    /// <summary>Whether the route's own terms hash to one of the route hashes its signature covers.</summary>
    /// <exception cref="FormatException">The quote is malformed.</exception>
    public static bool IsInSignedSet(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.RouteHashes is null || route.RouteHashes.Count == 0) return false;
        var own = RouteHash(route);
        foreach (var hash in route.RouteHashes)
            if (Hex.DecodeFixed(hash, 32, "routeHashes").AsSpan().SequenceEqual(own)) return true;
        return false;
    }

    /// <summary>
    /// The address that signed the route's set, or null when the route's terms are not in that set (so the
    /// signature says nothing about them: terms changed after signing).
    /// </summary>
    /// <exception cref="FormatException">The quote or its signature is malformed.</exception>
    public static Address? RecoverSigner(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (!IsInSignedSet(route)) return null;
        EcdsaSignature signature;
        try
        {
            signature = EcdsaSignature.FromBytes65(Hex.DecodeFixed(route.Signature, 65, "signature"));
        }
        catch (InvalidSignatureException e)
        {
            throw new FormatException($"signature: {e.Message}", e);
        }
        var hashes = route.RouteHashes.Select((h, i) => Hex.DecodeFixed(h, 32, $"routeHashes[{i}]")).ToList();
        try
        {
            return EthKey.RecoverAddress(SigningHash(route.FromChain, hashes, route.ExpiresAt), signature);
        }
        catch (InvalidSignatureException e)
        {
            throw new FormatException($"signature: {e.Message}", e);
        }
    }

    private static void WriteUint256(Span<byte> slot, BigInteger value, string field)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > 32) throw new FormatException($"{field} does not fit a uint256");
        slot.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(slot[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
    }

    private static void WriteUnixTime(Span<byte> slot, long value, string field)
    {
        if (value < 0) throw new FormatException($"{field} must not be negative");
        slot.Clear();
        BinaryPrimitives.WriteInt64BigEndian(slot[24..], value);
    }

    private static BigInteger ParseAmount(string text, string field) =>
        BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{field} must be a decimal integer, got '{text}'");
}
