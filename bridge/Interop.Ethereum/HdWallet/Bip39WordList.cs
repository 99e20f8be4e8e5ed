using System.Collections.Frozen;

namespace Interop.Ethereum.HdWallet;

/// <summary>A BIP-39 word list: 2048 words, each standing for an 11-bit number (its position).</summary>
public sealed class Bip39WordList
{
    private readonly string[] _words;
    private readonly FrozenDictionary<string, int> _indexByWord;

    private Bip39WordList(string[] words)
    {
        if (words.Length != 2048)
            throw new InvalidOperationException($"a BIP-39 word list has 2048 words, this one has {words.Length}");
        _words = words;
        _indexByWord = words.Select((word, index) => KeyValuePair.Create(word, index)).ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The English list, the one every Ethereum wallet uses.</summary>
    public static Bip39WordList English { get; } = LoadEmbedded("Interop.Ethereum.HdWallet.english.txt");

    /// <summary>The words in order; a word's position is the 11-bit value it encodes.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The word encoding <paramref name="index"/> (0..2047).</summary>
    public string this[int index] => _words[index];

    /// <summary>Finds the position of a word (exact, lower-case match).</summary>
    public bool TryGetIndex(string word, out int index) => _indexByWord.TryGetValue(word, out index);

    /// <summary>
    /// The word that starts with the same four letters, if any: English BIP-39 words are unique in their first four
    /// letters, so this is what a typo of a real word most likely meant.
    /// </summary>
    public string? SuggestionFor(string word)
    {
        if (word.Length < 4) return null;
        var prefix = word[..4];
        return _words.FirstOrDefault(w => w.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static Bip39WordList LoadEmbedded(string resourceName)
    {
        using var stream = typeof(Bip39WordList).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"embedded resource {resourceName} is missing from the assembly");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var words = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Bip39WordList(words);
    }
}
