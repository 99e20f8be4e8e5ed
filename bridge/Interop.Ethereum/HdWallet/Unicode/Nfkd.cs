using System.Buffers;
using System.Globalization;
using System.Text;

namespace Interop.Ethereum.HdWallet.Unicode;

/// <summary>
/// Unicode NFKD (compatibility decomposition) without ICU. The solution runs with InvariantGlobalization, where
/// <see cref="string.Normalize(NormalizationForm)"/> returns non-ASCII text unchanged; BIP-39 must normalise the
/// passphrase, so this class carries its own tables (see generate-nfkd-data.py).
/// </summary>
internal static class Nfkd
{
    // Hangul syllables decompose by arithmetic (Unicode §3.12) rather than by table.
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<Dictionary<int, int[]>> Decompositions = new(ParseDecompositions);
    private static readonly Lazy<Dictionary<int, byte>> CombiningClasses = new(ParseCombiningClasses);

    /// <summary>The NFKD form of <paramref name="text"/>. ASCII text is returned as is.</summary>
    /// <exception cref="ArgumentException">The text holds an unpaired surrogate.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text)) return text;

        var decomposed = new List<int>(text.Length + 8);
        var decompositions = Decompositions.Value;
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
                throw new ArgumentException($"the text holds an unpaired surrogate at index {i}", nameof(text));
            i += consumed;
            var cp = rune.Value;
            if (cp is >= SBase and < SBase + SCount)
            {
                var s = cp - SBase;
                decomposed.Add(LBase + s / NCount);
                decomposed.Add(VBase + s % NCount / TCount);
                if (s % TCount != 0) decomposed.Add(TBase + s % TCount);
            }
            else if (decompositions.TryGetValue(cp, out var parts))
                decomposed.AddRange(parts);
            else
                decomposed.Add(cp);
        }

        ReorderCombiningMarks(decomposed);

        var builder = new StringBuilder(decomposed.Count);
        foreach (var cp in decomposed) builder.Append(char.ConvertFromUtf32(cp));
        return builder.ToString();
    }

    /// <summary>Canonical ordering: within each run of non-starters, a stable sort by combining class.</summary>
    private static void ReorderCombiningMarks(List<int> codePoints)
    {
        var classes = CombiningClasses.Value;
        // Insertion sort is stable and the runs are a handful of marks long.
        for (var i = 1; i < codePoints.Count; i++)
        {
            var current = codePoints[i];
            var cc = ClassOf(classes, current);
            if (cc == 0) continue;
            var j = i - 1;
            while (j >= 0 && ClassOf(classes, codePoints[j]) > cc)
            {
                codePoints[j + 1] = codePoints[j];
                j--;
            }
            codePoints[j + 1] = current;
        }
    }

    private static byte ClassOf(Dictionary<int, byte> classes, int cp) => classes.GetValueOrDefault(cp);

    private static Dictionary<int, int[]> ParseDecompositions()
    {
        var result = new Dictionary<int, int[]>(6000);
        foreach (var entry in NfkdData.Decompositions.Split(';'))
        {
            var eq = entry.IndexOf('=');
            var parts = entry[(eq + 1)..].Split(' ');
            result[ParseHex(entry.AsSpan(0, eq))] = Array.ConvertAll(parts, p => ParseHex(p));
        }
        return result;
    }

    private static Dictionary<int, byte> ParseCombiningClasses()
    {
        var result = new Dictionary<int, byte>(1000);
        foreach (var entry in NfkdData.CombiningClasses.Split(';'))
        {
            var dash = entry.IndexOf('-');
            var colon = entry.IndexOf(':');
            var first = ParseHex(entry.AsSpan(0, dash));
            var last = ParseHex(entry.AsSpan(dash + 1, colon - dash - 1));
            var cc = byte.Parse(entry.AsSpan(colon + 1), CultureInfo.InvariantCulture);
            for (var cp = first; cp <= last; cp++) result[cp] = cc;
        }
        return result;
    }

    private static int ParseHex(ReadOnlySpan<char> hex) => int.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
