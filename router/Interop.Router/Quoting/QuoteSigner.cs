using System.Globalization;
using System.Numerics;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Ethereum.TypedData;

namespace Interop.Router.Quoting;

/// <summary>
/// EIP-712 signatures over a quote's terms, so that execution (here or on any router node sharing the key) holds a
/// posted-back quote to exactly what was offered: amounts, parties, expiry, and the hashes of its transactions and steps.
/// Domain: {name: "Interop Router", version: "1", chainId: fromChain}.
/// </summary>
public static class QuoteSigner
{
    public const string DomainName = "Interop Router";
    public const string DomainVersion = "1";
    public const string PrimaryType = "Quote";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> Types = new Dictionary<string, IReadOnlyList<Eip712Field>>
    {
        [PrimaryType] =
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
        ],
    };

    /// <summary>The typed data a route's signature covers (the signature fields themselves are not part of it).</summary>
    /// <exception cref="FormatException">A field of a posted-back quote is malformed.</exception>
    public static Eip712TypedData TypedData(QuoteRoute route)
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
        var domain = new Eip712Domain { Name = DomainName, Version = DomainVersion, ChainId = route.FromChain };
        return Eip712TypedData.Create(Types, PrimaryType, domain, message);
    }

    /// <summary>keccak256 over (chainId u256 ‖ to (32) ‖ value u256 ‖ keccak256(data)) of each transaction, in order.</summary>
    public static byte[] TransactionsHash(IReadOnlyList<UnsignedTransaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var buffer = new byte[transactions.Count * 128];
        for (var i = 0; i < transactions.Count; i++)
        {
            var tx = transactions[i];
            var slot = buffer.AsSpan(i * 128, 128);
            HexBigInteger.ToBytes(tx.ChainId, 32).CopyTo(slot);
            Address.Parse(tx.To).ToBytes32().CopyTo(slot[32..]);
            HexBigInteger.ToBytes(ParseAmount(tx.Value, "transactions.value"), 32).CopyTo(slot[64..]);
            Keccak256.Hash(Hex.Decode(tx.Data)).CopyTo(slot[96..]);
        }
        return Keccak256.Hash(buffer);
    }

    /// <summary>keccak256 of the UTF-8 text "venue:amountIn:amountOut;" per step, in order (execution checks steps against limits).</summary>
    public static byte[] StepsHash(IReadOnlyList<QuoteStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var text = new System.Text.StringBuilder();
        foreach (var step in steps) text.Append(step.Venue).Append(':').Append(step.AmountIn).Append(':').Append(step.AmountOut).Append(';');
        return Keccak256.HashUtf8(text.ToString());
    }

    /// <summary>Signs the route with <paramref name="key"/> and returns it with Signature and Signer set.</summary>
    public static QuoteRoute Sign(QuoteRoute route, EthKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = TypedData(route).Sign(key);
        return route with { Signature = Hex.Encode(signature.ToBytes65()), Signer = key.Address.ToString() };
    }

    /// <summary>The address that signed the route's terms.</summary>
    /// <exception cref="FormatException">The quote or its signature is malformed.</exception>
    public static Address RecoverSigner(QuoteRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        EcdsaSignature signature;
        try
        {
            signature = EcdsaSignature.FromBytes65(Hex.DecodeFixed(route.Signature, 65, "signature"));
        }
        catch (InvalidSignatureException e)
        {
            throw new FormatException($"signature: {e.Message}", e);
        }
        try
        {
            return TypedData(route).RecoverSigner(signature);
        }
        catch (InvalidSignatureException e)
        {
            throw new FormatException($"signature: {e.Message}", e);
        }
    }

    private static BigInteger ParseAmount(string text, string field) =>
        BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{field} must be a decimal integer, got '{text}'");
}
