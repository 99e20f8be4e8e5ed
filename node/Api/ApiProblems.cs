using Interop.Ethereum;
using Interop.Ethereum.Encoding;

namespace Interop.Node.Api;

/// <summary>RFC 7807 answers and the parameter parsers shared by the APIs: every bad input names its parameter.</summary>
internal static class ApiProblems
{
    public static IResult BadParameter(string parameter, string reason) =>
        TypedResults.Problem(detail: $"{parameter}: {reason}", statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static IResult NotReady(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable");

    public static bool TryParseDomain(string? text, string parameter, out uint domain, out IResult? problem)
    {
        problem = null;
        if (uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out domain) && domain > 0) return true;
        problem = BadParameter(parameter, $"must be a chain id between 1 and {uint.MaxValue}, got '{text}'");
        return false;
    }

    /// <summary>A 32-byte hex value (0x + 64 hex digits).</summary>
    public static bool TryParseBytes32(string? text, string parameter, out Bytes32 value, out IResult? problem)
    {
        problem = null;
        value = default;
        if (text is not null && text.Length == 66 && Hex.IsHex(text))
        {
            value = Bytes32.Parse(text);
            return true;
        }
        problem = BadParameter(parameter, $"must be 0x followed by 64 hex digits, got '{Truncate(text)}'");
        return false;
    }

    /// <summary>A 32-byte account, or a 20-byte address (left-padded, as messages carry it).</summary>
    public static bool TryParseAccount(string? text, string parameter, out Bytes32 value, out IResult? problem)
    {
        if (text is not null && text.Length == 42 && Address.TryParse(text, out var address, out _))
        {
            value = Bytes32.FromAddress(address);
            problem = null;
            return true;
        }
        if (TryParseBytes32(text, parameter, out value, out _))
        {
            problem = null;
            return true;
        }
        problem = BadParameter(parameter, $"must be an address (0x + 40 hex digits) or a 32-byte account (0x + 64 hex digits), got '{Truncate(text)}'");
        return false;
    }

    public static string Truncate(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "...";
}
