using System.Buffers;
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
/// transactions and steps. Each route's terms hash to the EIP-712 struct hash of a <c>Quote</c> (its "route hash");
/// a response's route hashes and expiry form a <c>QuoteSet {bytes32[] routeHashes; uint256 expiresAt}</c> whose
/// EIP-712 digest (domain {name: "Interop Router", version: "1", chainId: fromChain}) is the response's leaf; the
/// leaves of all responses signed together are the leaves of a sorted-pair keccak Merkle tree
/// (<see cref="QuoteMerkleTree"/>), and the key signs <c>QuoteBatch {bytes32 root}</c> (domain {name: "Interop Router",
/// version: "1"}, no chainId: a batch spans origin chains; each leaf carries its own). Every route carries the
/// signature, the set's route hashes, the root and its response's proof, so a route is checked on its own:
/// route hash in set -> set digest -> proof -> root -> signer.
/// </summary>
public static class QuoteSigner
{
    public const string DomainName = "Interop Router";
    public const string DomainVersion = "1";
    /// <summary>The struct of one route's terms; its struct hash is the route hash.</summary>
    public const string RouteType = "Quote";
    /// <summary>One response's struct: its route hashes and their common expiry; its EIP-712 digest is the response's Merkle leaf.</summary>
    public const string PrimaryType = "QuoteSet";
    /// <summary>The signed struct: the Merkle root over the leaves of every response of one signing batch.</summary>
    public const string BatchType = "QuoteBatch";
    /// <summary>The longest proof accepted (a batch is at most <see cref="QuoteBatchSigner.MaxBatch"/> = 2^10 responses).</summary>
    public const int MaxProofLength = 32;

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

    /// <summary>The types of what is signed (primary type <see cref="BatchType"/>).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> BatchTypes = new Dictionary<string, IReadOnlyList<Eip712Field>>
    {
        [BatchType] = [new("root", "bytes32")],
    };

    private static readonly byte[] QuoteTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes(
        "Quote(bytes32 quoteId,uint256 fromChain,uint256 toChain,address fromToken,address toToken,uint256 inputAmount,uint256 expectedOutput,uint256 minOutput,address sender,address recipient,uint256 expiresAt,uint256 fillDeadline,bytes32 transactionsHash,bytes32 stepsHash)"));
    private static readonly byte[] QuoteSetTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes("QuoteSet(bytes32[] routeHashes,uint256 expiresAt)"));
    private static readonly byte[] DomainTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes("EIP712Domain(string name,string version,uint256 chainId)"));
    private static readonly byte[] DomainNameHash = Keccak256.Hash(Encoding.UTF8.GetBytes(DomainName));
    private static readonly byte[] DomainVersionHash = Keccak256.Hash(Encoding.UTF8.GetBytes(DomainVersion));
    private static readonly byte[] QuoteBatchTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes("QuoteBatch(bytes32 root)"));
    private static readonly byte[] BatchDomainSeparator = Keccak256.HashConcat(
        Keccak256.Hash(Encoding.ASCII.GetBytes("EIP712Domain(string name,string version)")), DomainNameHash, DomainVersionHash);
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

    /// <summary>The typed data of a response's set (route hashes and expiry); its signing hash is the response's Merkle leaf (<see cref="SigningHash"/>).</summary>
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

    /// <summary>The typed data of a route's set (its response's route hashes and its expiry): the leaf its proof starts from.</summary>
    public static Eip712TypedData TypedData(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return TypedData(route.FromChain, route.RouteHashes, route.ExpiresAt);
    }

    /// <summary>The typed data the signature covers: <c>QuoteBatch(bytes32 root)</c>, domain without chainId.</summary>
    /// <exception cref="FormatException">The root is not 32 bytes of hex.</exception>
    public static Eip712TypedData BatchTypedData(string root)
    {
        var message = new Dictionary<string, object?>(StringComparer.Ordinal) { ["root"] = Hex.DecodeFixed(root, 32, "root") };
        return Eip712TypedData.Create(BatchTypes, BatchType, new Eip712Domain { Name = DomainName, Version = DomainVersion }, message);
    }

    private static Eip712Domain Domain(ulong chainId) => new() { Name = DomainName, Version = DomainVersion, ChainId = chainId };

    /// <summary>The EIP-712 struct hash of the route's <c>Quote</c> terms (what the signed set commits to).</summary>
    /// <exception cref="FormatException">A field of a posted-back quote is malformed.</exception>
    public static byte[] RouteHash(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        Span<byte> quoteId = stackalloc byte[32];
        Hex.DecodeFixed(route.QuoteId, 32, "quoteId").CopyTo(quoteId);
        return RouteHash(new RouteTerms(
            quoteId, route.FromChain, route.ToChain, ParseAddress(route.FromToken, "fromToken"), ParseAddress(route.ToToken, "toToken"),
            ParseAmount(route.InputAmount, "inputAmount"), ParseAmount(route.ExpectedOutput, "expectedOutput"), ParseAmount(route.MinOutput, "minOutput"),
            ParseAddress(route.Sender, "sender"), ParseAddress(route.Recipient, "recipient"), route.ExpiresAt, route.FillDeadline,
            TransactionsHash(route.Transactions), StepsHash(route.Steps)));
    }

    /// <summary>A route's terms as values: what <see cref="RouteHash(RouteTerms)"/> hashes.</summary>
    public readonly ref struct RouteTerms(
        ReadOnlySpan<byte> quoteId, ulong fromChain, ulong toChain, Address fromToken, Address toToken, BigInteger inputAmount,
        BigInteger expectedOutput, BigInteger minOutput, Address sender, Address recipient, long expiresAt, long fillDeadline,
        ReadOnlySpan<byte> transactionsHash, ReadOnlySpan<byte> stepsHash)
    {
        public ReadOnlySpan<byte> QuoteId { get; } = quoteId;
        public ulong FromChain { get; } = fromChain;
        public ulong ToChain { get; } = toChain;
        public Address FromToken { get; } = fromToken;
        public Address ToToken { get; } = toToken;
        public BigInteger InputAmount { get; } = inputAmount;
        public BigInteger ExpectedOutput { get; } = expectedOutput;
        public BigInteger MinOutput { get; } = minOutput;
        public Address Sender { get; } = sender;
        public Address Recipient { get; } = recipient;
        public long ExpiresAt { get; } = expiresAt;
        public long FillDeadline { get; } = fillDeadline;
        public ReadOnlySpan<byte> TransactionsHash { get; } = transactionsHash;
        public ReadOnlySpan<byte> StepsHash { get; } = stepsHash;
    }

    /// <summary>
    /// The route hash from values: the service hashes what it has just built without printing and re-parsing it. Equal
    /// to <see cref="RouteHash(QuoteRoute)"/> of the route those values print to (tested on every issued quote).
    /// </summary>
    /// <exception cref="FormatException">An amount does not fit a uint256, a time is negative, or a hash is not 32 bytes.</exception>
    public static byte[] RouteHash(RouteTerms terms)
    {
        if (terms.QuoteId.Length != 32) throw new FormatException("quoteId must be 32 bytes");
        if (terms.TransactionsHash.Length != 32 || terms.StepsHash.Length != 32) throw new FormatException("transactionsHash and stepsHash must be 32 bytes");
        Span<byte> buffer = stackalloc byte[15 * 32];
        buffer.Clear();
        QuoteTypeHash.CopyTo(buffer);
        terms.QuoteId.CopyTo(buffer[32..]);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(2 * 32 + 24)..], terms.FromChain);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(3 * 32 + 24)..], terms.ToChain);
        terms.FromToken.Bytes.CopyTo(buffer[(4 * 32 + 12)..]);
        terms.ToToken.Bytes.CopyTo(buffer[(5 * 32 + 12)..]);
        WriteUint256(buffer.Slice(6 * 32, 32), terms.InputAmount, "inputAmount");
        WriteUint256(buffer.Slice(7 * 32, 32), terms.ExpectedOutput, "expectedOutput");
        WriteUint256(buffer.Slice(8 * 32, 32), terms.MinOutput, "minOutput");
        terms.Sender.Bytes.CopyTo(buffer[(9 * 32 + 12)..]);
        terms.Recipient.Bytes.CopyTo(buffer[(10 * 32 + 12)..]);
        WriteUnixTime(buffer.Slice(11 * 32, 32), terms.ExpiresAt, "expiresAt");
        WriteUnixTime(buffer.Slice(12 * 32, 32), terms.FillDeadline, "fillDeadline");
        terms.TransactionsHash.CopyTo(buffer[(13 * 32)..]);
        terms.StepsHash.CopyTo(buffer[(14 * 32)..]);
        return Keccak256.Hash(buffer);
    }

    /// <summary>A response's Merkle leaf: the EIP-712 digest of its set of route hashes, keccak256(0x1901 ‖ domainSeparator(fromChain) ‖ hashStruct(QuoteSet)).</summary>
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

    /// <summary>The EIP-712 digest the key signs: keccak256(0x1901 ‖ domainSeparator(name, version) ‖ hashStruct(QuoteBatch(root))).</summary>
    public static byte[] BatchSigningHash(ReadOnlySpan<byte> root)
    {
        if (root.Length != 32) throw new FormatException("root must be 32 bytes");
        Span<byte> batch = stackalloc byte[2 * 32];
        QuoteBatchTypeHash.CopyTo(batch);
        root.CopyTo(batch[32..]);
        Span<byte> digest = stackalloc byte[2 + 32 + 32];
        digest[0] = 0x19;
        digest[1] = 0x01;
        BatchDomainSeparator.CopyTo(digest[2..]);
        Keccak256.Hash(batch, digest[34..]);
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
            WriteTransaction(buffer.AsSpan(i * 128, 128), tx.ChainId, ParseAddress(tx.To, "transactions.to"), ParseAmount(tx.Value, "transactions.value"), Hex.Decode(tx.Data));
        }
        return Keccak256.Hash(buffer);
    }

    /// <summary><see cref="TransactionsHash(IReadOnlyList{UnsignedTransaction})"/> of transactions given as values (as built, before printing).</summary>
    public static byte[] TransactionsHash(IReadOnlyList<(ulong ChainId, Address To, BigInteger Value, byte[] Data)> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var buffer = new byte[transactions.Count * 128];
        for (var i = 0; i < transactions.Count; i++)
        {
            var (chainId, to, value, data) = transactions[i];
            WriteTransaction(buffer.AsSpan(i * 128, 128), chainId, to, value, data);
        }
        return Keccak256.Hash(buffer);
    }

    private static void WriteTransaction(Span<byte> slot, ulong chainId, Address to, BigInteger value, ReadOnlySpan<byte> data)
    {
        slot[..64].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(slot[24..], chainId);
        to.Bytes.CopyTo(slot[44..]);
        WriteUint256(slot.Slice(64, 32), value, "transactions.value");
        Keccak256.Hash(data, slot[96..]);
    }

    // The hash binds the address bytes, so the text's letter case (EIP-55) cannot change what is signed; decoding
    // without the checksum's Keccak keeps the hashing of a response cheap (it parses addresses it has just printed).
    private static Address ParseAddress(string text, string what) => new(Hex.DecodeFixed(text, 20, what));

    /// <summary>keccak256 of the UTF-8 text "venue:amountIn:amountOut;" per step, in order (execution checks steps against limits).</summary>
    public static byte[] StepsHash(IReadOnlyList<QuoteStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var length = 0;
        foreach (var step in steps)
            length += Encoding.UTF8.GetByteCount(step.Venue) + Encoding.UTF8.GetByteCount(step.AmountIn) + Encoding.UTF8.GetByteCount(step.AmountOut) + 3;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = 0;
            foreach (var step in steps)
            {
                at += Encoding.UTF8.GetBytes(step.Venue, buffer.AsSpan(at));
                buffer[at++] = (byte)':';
                at += Encoding.UTF8.GetBytes(step.AmountIn, buffer.AsSpan(at));
                buffer[at++] = (byte)':';
                at += Encoding.UTF8.GetBytes(step.AmountOut, buffer.AsSpan(at));
                buffer[at++] = (byte)';';
            }
            return Keccak256.Hash(buffer.AsSpan(0, at));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A response's route hashes (hex, in order) and its Merkle leaf (<see cref="SigningHash"/>). Every route must
    /// have the same fromChain (the set's domain) and expiresAt (the set's expiry).
    /// </summary>
    public static (IReadOnlyList<string> RouteHashes, byte[] Leaf) Commit(IReadOnlyList<QuoteRoute> routes) => Commit(routes, null);

    /// <summary><see cref="Commit(IReadOnlyList{QuoteRoute})"/> with each route's hash already computed from its values (null: hash the routes).</summary>
    public static (IReadOnlyList<string> RouteHashes, byte[] Leaf) Commit(IReadOnlyList<QuoteRoute> routes, IReadOnlyList<byte[]>? routeHashes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (routeHashes is not null && routeHashes.Count != routes.Count) throw new ArgumentException("one hash per route", nameof(routeHashes));
        if (routes.Count == 0) throw new ArgumentException("a set has at least one route", nameof(routes));
        var fromChain = routes[0].FromChain;
        var expiresAt = routes[0].ExpiresAt;
        var hashes = new byte[routes.Count][];
        for (var i = 0; i < routes.Count; i++)
        {
            if (routes[i].FromChain != fromChain || routes[i].ExpiresAt != expiresAt)
                throw new ArgumentException("the routes of one signed set share fromChain and expiresAt", nameof(routes));
            hashes[i] = routeHashes?[i] ?? RouteHash(routes[i]);
        }
        return (Array.AsReadOnly(Array.ConvertAll(hashes, h => Hex.Encode(h))), SigningHash(fromChain, hashes, expiresAt));
    }

    /// <summary>The routes with the batch signature, signer, route hashes, root and proof set.</summary>
    public static IReadOnlyList<QuoteRoute> Attach(IReadOnlyList<QuoteRoute> routes, IReadOnlyList<string> routeHashes, QuoteBatchSignature signature, string signer)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(signature);
        var signed = new QuoteRoute[routes.Count];
        for (var i = 0; i < routes.Count; i++)
            signed[i] = routes[i] with { Signature = signature.Signature, Signer = signer, RouteHashes = routeHashes, Root = signature.Root, Proof = signature.Proof };
        return signed;
    }

    /// <summary>
    /// Signs one response on its own (a batch of one: root = its leaf, empty proof), on the caller's thread.
    /// <see cref="QuoteBatchSigner"/> is what the service uses; this is for tools and tests.
    /// </summary>
    public static IReadOnlyList<QuoteRoute> Sign(IReadOnlyList<QuoteRoute> routes, EthKey key)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(key);
        if (routes.Count == 0) return routes;
        var (routeHashes, leaf) = Commit(routes);
        return Attach(routes, routeHashes, QuoteBatchSigner.SignLeaves([leaf], key)[0], key.Address.ToString());
    }

    /// <summary>Whether the route's own terms hash to one of the route hashes of its set.</summary>
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

    /// <summary>Whether the route's set digest, folded with its proof, gives the route's root.</summary>
    /// <exception cref="FormatException">The route hashes, proof or root are malformed.</exception>
    public static bool ProvesRoot(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.RouteHashes is null || route.RouteHashes.Count == 0) return false;
        if (route.Proof is null) throw new FormatException("proof is missing (use [] for a response signed on its own)");
        if (route.Proof.Count > MaxProofLength) throw new FormatException($"proof has {route.Proof.Count} elements, at most {MaxProofLength} are possible");
        var hashes = route.RouteHashes.Select((h, i) => DecodeField(h, 32, $"routeHashes[{i}]")).ToList();
        var proof = route.Proof.Select((p, i) => DecodeField(p, 32, $"proof[{i}]")).ToList();
        var root = DecodeField(route.Root, 32, "root");
        return QuoteMerkleTree.ProcessProof(SigningHash(route.FromChain, hashes, route.ExpiresAt), proof).AsSpan().SequenceEqual(root);
    }

    /// <summary>The address whose signature is on the route's root (says nothing about the route unless <see cref="IsInSignedSet"/> and <see cref="ProvesRoot"/> hold).</summary>
    /// <exception cref="FormatException">The root or signature is malformed.</exception>
    public static Address RecoverRootSigner(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var root = DecodeField(route.Root, 32, "root");
        try
        {
            var signature = EcdsaSignature.FromBytes65(DecodeField(route.Signature, 65, "signature"));
            return EthKey.RecoverAddress(BatchSigningHash(root), signature);
        }
        catch (InvalidSignatureException e)
        {
            throw new FormatException($"signature: {e.Message}", e);
        }
    }

    /// <summary>
    /// The address that signed the route, or null when the chain from its terms to the signed root is broken: its
    /// hash is not in its set (terms changed, or another response's set) or its proof does not lead to its root.
    /// </summary>
    /// <exception cref="FormatException">The quote, proof, root or signature is malformed.</exception>
    public static Address? RecoverSigner(QuoteRoute route) =>
        IsInSignedSet(route) && ProvesRoot(route) ? RecoverRootSigner(route) : null;

    // Posted-back fields: the error names the field whatever is wrong with it (missing, not hex, wrong length).
    private static byte[] DecodeField(string? hex, int length, string field) =>
        Hex.IsHex(hex) ? Hex.DecodeFixed(hex!, length, field) : throw new FormatException($"{field} must be 0x and {length * 2} hex digits, got '{(hex is null ? "null" : hex.Length > 20 ? hex[..20] + "..." : hex)}'");

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
