using System.Security.Cryptography;
using System.Text;

namespace Interop.Ethereum.HdWallet;

/// <summary>
/// A valid BIP-39 mnemonic (English word list) in canonical form: lower-case words joined by single spaces.
/// <see cref="ToString"/> shows only the word count; read <see cref="Phrase"/> only to show it to its owner.
/// </summary>
public sealed class Mnemonic
{
    /// <summary>The word counts BIP-39 allows (128, 160, 192, 224 or 256 bits of entropy).</summary>
    public static IReadOnlyList<int> ValidWordCounts { get; } = [12, 15, 18, 21, 24];

    private const int BitsPerWord = 11;
    private const int SeedIterations = 2048;
    private const int SeedLength = 64;

    private readonly string[] _words;

    private Mnemonic(string[] words) => _words = words;

    /// <summary>How many words the mnemonic has.</summary>
    public int WordCount => _words.Length;

    /// <summary>The words, lower case. Secret.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The words joined by single spaces: the form written down and fed to the seed function. Secret.</summary>
    public string Phrase => string.Join(' ', _words);

    /// <summary>A fresh mnemonic from the operating system's CSPRNG.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="wordCount"/> is not 12, 15, 18, 21 or 24.</exception>
    public static Mnemonic Generate(int wordCount = 12)
    {
        if (!ValidWordCounts.Contains(wordCount))
            throw new ArgumentOutOfRangeException(nameof(wordCount), wordCount, "a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words");
        var entropy = RandomNumberGenerator.GetBytes(EntropyBytesFor(wordCount));
        try
        {
            return FromEntropy(entropy);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entropy);
        }
    }

    /// <summary>The mnemonic encoding <paramref name="entropy"/> (16, 20, 24, 28 or 32 bytes) plus its checksum.</summary>
    public static Mnemonic FromEntropy(ReadOnlySpan<byte> entropy)
    {
        if (entropy.Length is < 16 or > 32 || entropy.Length % 4 != 0)
            throw new ArgumentException($"BIP-39 entropy is 16, 20, 24, 28 or 32 bytes, got {entropy.Length}", nameof(entropy));

        var wordCount = entropy.Length * 8 * 33 / 32 / BitsPerWord;
        // The checksum is at most 8 bits (for 256-bit entropy), so the first hash byte after the entropy holds it.
        var bits = new byte[entropy.Length + 1];
        entropy.CopyTo(bits);
        bits[^1] = SHA256.HashData(entropy)[0];

        var words = new string[wordCount];
        for (var i = 0; i < wordCount; i++)
            words[i] = Bip39WordList.English[ReadBits(bits, i * BitsPerWord, BitsPerWord)];
        CryptographicOperations.ZeroMemory(bits);
        return new Mnemonic(words);
    }

    /// <summary>
    /// Validates a phrase: NFKD-normalised, split on any white space, case-insensitive. The result is canonical,
    /// so extra spaces or capitals do not change the seed.
    /// </summary>
    /// <exception cref="InvalidMnemonicException">Wrong word count, an unknown word (named, with its position), or a bad checksum.</exception>
    public static Mnemonic Parse(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var words = phrase.Normalize(NormalizationForm.FormKD).ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (!ValidWordCounts.Contains(words.Length))
            throw InvalidMnemonicException.WrongWordCount(words.Length);

        var list = Bip39WordList.English;
        var indices = new int[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            if (!list.TryGetIndex(words[i], out indices[i]))
                throw InvalidMnemonicException.UnknownWord(words[i], i + 1, words.Length, list.SuggestionFor(words[i]));
        }

        var entropyBytes = EntropyBytesFor(words.Length);
        var bits = new byte[entropyBytes + 1];
        for (var i = 0; i < indices.Length; i++)
            WriteBits(bits, i * BitsPerWord, BitsPerWord, indices[i]);
        var checksumBits = entropyBytes / 4;
        var expected = SHA256.HashData(bits.AsSpan(0, entropyBytes))[0] >> (8 - checksumBits);
        var actual = bits[^1] >> (8 - checksumBits);
        CryptographicOperations.ZeroMemory(bits);
        if (expected != actual) throw InvalidMnemonicException.BadChecksum(words.Length);

        return new Mnemonic(words);
    }

    /// <summary>Like <see cref="Parse"/>, returning the problem instead of throwing.</summary>
    public static bool TryParse(string? phrase, out Mnemonic? mnemonic, out InvalidMnemonicException? error)
    {
        mnemonic = null;
        error = null;
        if (phrase is null)
        {
            error = InvalidMnemonicException.WrongWordCount(0);
            return false;
        }
        try
        {
            mnemonic = Parse(phrase);
            return true;
        }
        catch (InvalidMnemonicException e)
        {
            error = e;
            return false;
        }
    }

    /// <summary>The entropy the words encode (without the checksum). Secret.</summary>
    public byte[] ToEntropy()
    {
        var entropyBytes = EntropyBytesFor(WordCount);
        var bits = new byte[entropyBytes + 1];
        for (var i = 0; i < _words.Length; i++)
        {
            Bip39WordList.English.TryGetIndex(_words[i], out var index);
            WriteBits(bits, i * BitsPerWord, BitsPerWord, index);
        }
        var entropy = bits[..entropyBytes];
        CryptographicOperations.ZeroMemory(bits);
        return entropy;
    }

    /// <summary>
    /// The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512 of the phrase, salted with "mnemonic" + passphrase, 2048 rounds,
    /// both NFKD-normalised. Any passphrase gives a valid (different) wallet; there is no way to detect a wrong one.
    /// </summary>
    public byte[] ToSeed(string passphrase = "")
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var password = System.Text.Encoding.UTF8.GetBytes(Phrase);
        var salt = System.Text.Encoding.UTF8.GetBytes("mnemonic" + passphrase.Normalize(NormalizationForm.FormKD));
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, SeedIterations, HashAlgorithmName.SHA512, SeedLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(salt);
        }
    }

    /// <summary>Only the word count: the words are the wallet.</summary>
    public override string ToString() => $"Mnemonic({WordCount} words)";

    private static int EntropyBytesFor(int wordCount) => wordCount * BitsPerWord * 32 / 33 / 8;

    private static int ReadBits(byte[] data, int offset, int count)
    {
        var value = 0;
        for (var i = offset; i < offset + count; i++)
            value = (value << 1) | ((data[i / 8] >> (7 - i % 8)) & 1);
        return value;
    }

    private static void WriteBits(byte[] data, int offset, int count, int value)
    {
        for (var i = 0; i < count; i++)
        {
            if (((value >> (count - 1 - i)) & 1) == 1)
            {
                var bit = offset + i;
                data[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }
        }
    }
}
