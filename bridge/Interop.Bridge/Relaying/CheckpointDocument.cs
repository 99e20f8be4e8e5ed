using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Bridge.Protocol;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;

namespace Interop.Bridge.Relaying;

/// <summary>
/// The JSON a node serves at <c>GET /v1/checkpoints/{origin}/{index}</c> and <c>GET /v1/checkpoints/{origin}/latest</c>, and
/// that other nodes' relayers read: one entry per local validator that signed. A reader must not trust the
/// <c>validator</c> field: it recovers the signer from the signature (see <see cref="Parse"/>).
/// <code>
/// {"origin":901,"checkpoints":[{"validator":"0x..","originMailbox":"0x..(32 bytes)","root":"0x..","index":5,"signature":"0x..(65 bytes r‖s‖v)"}]}
/// </code>
/// </summary>
public static class CheckpointDocument
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public sealed record Entry(string Validator, string OriginMailbox, string Root, uint Index, string Signature);

    public sealed record Body(uint Origin, IReadOnlyList<Entry> Checkpoints);

    /// <summary>The document for <paramref name="signed"/> (all of <paramref name="origin"/>).</summary>
    public static Body Create(uint origin, IEnumerable<SignedCheckpoint> signed) =>
        new(origin, signed.Select(s => new Entry(s.Checkpoint.RecoverSigner(s.Signature).ToString(), s.Checkpoint.OriginMailbox.ToString(),
            s.Checkpoint.Root.ToString(), s.Checkpoint.Index, s.Signature.ToString())).ToList());

    public static string ToJson(Body body) => JsonSerializer.Serialize(body, Json);

    /// <summary>
    /// Parses a served document, keeping only entries whose signature recovers to the validator they name (others are
    /// reported in <c>Problems</c>); the caller still checks the signer belongs to the origin's validator set.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not a checkpoint document.</exception>
    public static (IReadOnlyList<SignedCheckpoint> Checkpoints, IReadOnlyList<string> Problems) Parse(string json)
    {
        Body body;
        try
        {
            body = JsonSerializer.Deserialize<Body>(json, Json) ?? throw new FormatException("the checkpoint document is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a checkpoint document: {e.Message}", e);
        }
        var result = new List<SignedCheckpoint>();
        var problems = new List<string>();
        foreach (var entry in body.Checkpoints ?? [])
        {
            try
            {
                var checkpoint = new Checkpoint(body.Origin, Bytes32.Parse(entry.OriginMailbox), Bytes32.Parse(entry.Root), entry.Index);
                var signature = EcdsaSignature.FromBytes65(Hex.Decode(entry.Signature));
                var signer = checkpoint.RecoverSigner(signature);
                if (signer != Address.Parse(entry.Validator))
                {
                    problems.Add($"checkpoint {entry.Index}: signature recovers to {signer}, not the named validator {entry.Validator}");
                    continue;
                }
                result.Add(new SignedCheckpoint(checkpoint, signature));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidSignatureException)
            {
                problems.Add($"checkpoint {entry.Index}: {e.Message}");
            }
        }
        return (result, problems);
    }
}
