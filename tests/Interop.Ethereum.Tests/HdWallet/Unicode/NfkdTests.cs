using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Interop.Ethereum.HdWallet.Unicode;

namespace Interop.Ethereum.Tests.HdWallet.Unicode;

public class NfkdTests
{
    [Theory]
    [InlineData("abandon", "abandon")]
    [InlineData("caf\u00e9", "cafe\u0301")]
    [InlineData("\uff34\uff32\uff25\uff3a\uff2f\uff32", "TREZOR")] // full-width letters
    [InlineData("\ufb01", "fi")] // ligature
    [InlineData("\u3000", " ")] // ideographic space
    [InlineData("\u334d", "\u30e1\u30fc\u30c8\u30eb")] // ㍍ -> メートル
    [InlineData("\uac00", "\u1100\u1161")] // Hangul LV syllable
    [InlineData("\ud55c", "\u1112\u1161\u11ab")] // Hangul LVT syllable
    [InlineData("a\u0301\u0323", "a\u0323\u0301")] // marks reordered: below (220) before above (230)
    [InlineData("\u1e0b\u0323", "d\u0323\u0307")] // decomposed then reordered
    [InlineData("\U0001D400", "A")] // mathematical bold A, outside the BMP
    public void Normalize_gives_the_nfkd_form(string input, string expected)
    {
        Assert.Equal(expected, Nfkd.Normalize(input));
    }

    [Fact]
    public void Normalize_rejects_an_unpaired_surrogate()
    {
        Assert.Throws<ArgumentException>(() => Nfkd.Normalize("a\ud800b"));
    }

    [Fact]
    public void Normalize_agrees_with_nodes_icu_for_every_character_in_the_tables()
    {
        // Node's String.prototype.normalize (full ICU) is an independent oracle. Decompositions and combining classes
        // of assigned characters are frozen by Unicode's stability policy, so node's newer Unicode must agree.
        var samples = new List<string>();
        foreach (var entry in NfkdData.Decompositions.Split(';'))
            samples.Add(char.ConvertFromUtf32(int.Parse(entry[..entry.IndexOf('=')], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        var marks = new List<string>();
        foreach (var entry in NfkdData.CombiningClasses.Split(';'))
        {
            var first = int.Parse(entry[..entry.IndexOf('-')], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            marks.Add(char.ConvertFromUtf32(first));
        }
        // Every pair of distinct-class marks after a base letter exercises the canonical reordering.
        for (var i = 0; i < marks.Count; i += 7)
            for (var j = 0; j < marks.Count; j += 11)
                samples.Add("a" + marks[i] + marks[j] + "\u00e9" + marks[j] + marks[i]);
        for (var syllable = 0xAC00; syllable <= 0xD7A3; syllable += 37) samples.Add(char.ConvertFromUtf32(syllable));

        var expected = NormalizeWithNode(samples);

        var mismatches = samples.Select((s, i) => (Input: s, Expected: expected[i], Actual: Nfkd.Normalize(s)))
            .Where(x => x.Expected != x.Actual)
            .Select(x => $"{Escape(x.Input)}: node {Escape(x.Expected)}, ours {Escape(x.Actual)}")
            .Take(10)
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static string[] NormalizeWithNode(List<string> inputs)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add("let s='';process.stdin.setEncoding('utf8');process.stdin.on('data',d=>s+=d);" +
                             "process.stdin.on('end',()=>process.stdout.write(JSON.stringify(JSON.parse(s).map(x=>x.normalize('NFKD')))));");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(JsonSerializer.Serialize(inputs));
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("node did not finish in 60 s");
        }
        Assert.True(process.ExitCode == 0, stderr.Result);
        return JsonSerializer.Deserialize<string[]>(stdout.Result)!;
    }

    private static string Escape(string s) => string.Concat(s.EnumerateRunes().Select(r => $"U+{r.Value:X4} "));
}
