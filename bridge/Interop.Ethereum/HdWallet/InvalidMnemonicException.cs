namespace Interop.Ethereum.HdWallet;

/// <summary>What is wrong with a mnemonic that failed validation.</summary>
public enum MnemonicProblem
{
    /// <summary>Not 12, 15, 18, 21 or 24 words.</summary>
    WrongWordCount,

    /// <summary>A word is not in the BIP-39 English list.</summary>
    UnknownWord,

    /// <summary>Every word is known but the checksum bits do not match: a word is mistyped or out of order.</summary>
    BadChecksum,
}

/// <summary>A mnemonic phrase that is not a valid BIP-39 English mnemonic; <see cref="Problem"/> says why.</summary>
public sealed class InvalidMnemonicException : FormatException
{
    private InvalidMnemonicException(MnemonicProblem problem, string message, int wordCount, string? word = null, int? position = null)
        : base(message)
    {
        Problem = problem;
        WordCount = wordCount;
        Word = word;
        Position = position;
    }

    public MnemonicProblem Problem { get; }

    /// <summary>How many words the phrase has.</summary>
    public int WordCount { get; }

    /// <summary>The unknown word, for <see cref="MnemonicProblem.UnknownWord"/>.</summary>
    public string? Word { get; }

    /// <summary>1-based position of the unknown word, for <see cref="MnemonicProblem.UnknownWord"/>.</summary>
    public int? Position { get; }

    internal static InvalidMnemonicException WrongWordCount(int wordCount) => new(
        MnemonicProblem.WrongWordCount,
        $"wrong word count: the mnemonic has {wordCount} word{(wordCount == 1 ? "" : "s")}; a BIP-39 mnemonic has 12, 15, 18, 21 or 24",
        wordCount);

    // The unknown word is named on purpose: one misspelt word alone does not reveal the key, and the user needs it
    // to find the typo.
    internal static InvalidMnemonicException UnknownWord(string word, int position, int wordCount, string? suggestion) => new(
        MnemonicProblem.UnknownWord,
        $"unknown word '{word}' at position {position}: it is not in the BIP-39 English word list" +
        (suggestion is null ? "" : $" (did you mean '{suggestion}'?)"),
        wordCount, word, position);

    internal static InvalidMnemonicException BadChecksum(int wordCount) => new(
        MnemonicProblem.BadChecksum,
        $"bad checksum: all {wordCount} words are in the BIP-39 list but the checksum does not match; a word is probably mistyped or out of order",
        wordCount);
}
