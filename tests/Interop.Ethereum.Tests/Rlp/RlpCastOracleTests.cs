using System.Text;
using System.Text.Json;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rlp;
using Interop.Testing;

namespace Interop.Ethereum.Tests.Rlp;

/// <summary>Cross-checks against Foundry's `cast to-rlp` / `cast from-rlp`, an independent (Rust, alloy-rlp) implementation.</summary>
public class RlpCastOracleTests
{
    // Narrow trees keep each command line well under Linux's 128 KiB limit for one argument.
    [Fact]
    public void Encode_matches_cast_to_rlp_for_random_trees()
    {
        var rng = new Random(101);
        for (var i = 0; i < 30; i++)
        {
            var item = RandomRlp.Item(rng, maxDepth: 3, wide: false);
            Assert.Equal(Cast.Run("to-rlp", ToCastJson(item)), Hex.Encode(item.Encode()));
        }
    }

    [Fact]
    public void Decode_matches_cast_from_rlp_for_random_trees()
    {
        var rng = new Random(202);
        for (var i = 0; i < 30; i++)
        {
            var encoded = RandomRlp.Item(rng, maxDepth: 3, wide: false).Encode();
            using var document = JsonDocument.Parse(Cast.Run("from-rlp", Hex.Encode(encoded)));
            Assert.Equal(FromCastJson(document.RootElement), RlpDecoder.Decode(encoded));
        }
    }

    [Theory]
    [InlineData("0x8100")]
    [InlineData("0x817f")]
    [InlineData("0xb800")]
    [InlineData("0xb801ff")]
    [InlineData("0xf800")]
    [InlineData("0x83646f")]
    public void Decode_rejects_what_cast_rejects(string hex)
    {
        Assert.Throws<InvalidOperationException>(() => Cast.Run("from-rlp", hex));
        Assert.Throws<FormatException>(() => RlpDecoder.Decode(Hex.Decode(hex)));
    }

    private static string ToCastJson(RlpItem item)
    {
        var builder = new StringBuilder();
        Append(item);
        return builder.ToString();

        void Append(RlpItem node)
        {
            if (node is RlpString s)
            {
                builder.Append('"').Append(Hex.Encode(s.Span)).Append('"');
                return;
            }
            builder.Append('[');
            var first = true;
            foreach (var child in node.AsList())
            {
                if (!first) builder.Append(',');
                first = false;
                Append(child);
            }
            builder.Append(']');
        }
    }

    private static RlpItem FromCastJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new RlpString(Hex.Decode(element.GetString()!)),
        JsonValueKind.Array => new RlpList(element.EnumerateArray().Select(FromCastJson)),
        _ => throw new FormatException($"unexpected cast output: {element}"),
    };
}
