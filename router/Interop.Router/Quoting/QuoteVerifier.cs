using Interop.Ethereum;

namespace Interop.Router.Quoting;

/// <summary>
/// The signature check of a posted-back route (POST /v1/transfers), link by link: its terms hash into its set, its
/// set's digest and proof lead to its root, and the root's signature is the quote key's. Each broken link is a 400
/// naming <c>signature</c> (or <c>quote</c> when a field is malformed) that says which link broke.
/// </summary>
public static class QuoteVerifier
{
    /// <summary>Null when the route is signed by <paramref name="quoteKey"/>, else why not. Expiry is the caller's check.</summary>
    public static QuoteRejection? Check(QuoteRoute route, Address quoteKey)
    {
        ArgumentNullException.ThrowIfNull(route);
        try
        {
            if (!QuoteSigner.IsInSignedSet(route))
                return new QuoteRejection("signature", "the route's terms are not among the route hashes its signature covers (were its terms changed?)");
            if (!QuoteSigner.ProvesRoot(route))
                return new QuoteRejection("signature", "the route's proof does not lead from its set of route hashes to its root (were the proof, root, set or expiry changed?)");
            if (QuoteSigner.RecoverRootSigner(route) != quoteKey)
                return new QuoteRejection("signature", "the quote's signature is not from this router's quote key (were its terms changed?)");
            return null;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return new QuoteRejection("quote", $"the quote is malformed: {e.Message}");
        }
    }
}
