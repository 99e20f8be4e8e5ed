using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;

namespace Interop.Ethereum.Tests.HdWallet;

public class MnemonicTests
{
    private const string Abandon12 = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    // BIP-39 salts the seed with the NFKD form of the passphrase; composed, decomposed and compatibility forms
    // of the same text must give one wallet (this fails if globalization runs in invariant mode).
    [Theory]
    [InlineData("caf\u00e9", "cafe\u0301")]
    [InlineData("\uff34\uff32\uff25\uff3a\uff2f\uff32", "TREZOR")]
    [InlineData("\ufb01", "fi")]
    [InlineData("\uac00", "\u1100\u1161")]
    [InlineData("a\u0301\u0323", "a\u0323\u0301")]
    public void ToSeed_normalizes_the_passphrase_to_nfkd(string passphrase, string equivalent)
    {
        var mnemonic = Mnemonic.Parse(Abandon12);
        Assert.Equal(mnemonic.ToSeed(equivalent), mnemonic.ToSeed(passphrase));
        Assert.NotEqual(mnemonic.ToSeed("other"), mnemonic.ToSeed(passphrase));
    }

    [Theory]
    [MemberData(nameof(Bip39Vectors.English), MemberType = typeof(Bip39Vectors))]
    public void FromEntropy_gives_the_reference_mnemonic_and_seed(string entropy, string phrase, string seed, string xprv)
    {
        var mnemonic = Mnemonic.FromEntropy(Hex.Decode(entropy));

        Assert.Equal(phrase, mnemonic.Phrase);
        Assert.Equal(seed, Hex.Encode(mnemonic.ToSeed(Bip39Vectors.Passphrase), prefix: false));
        Assert.Equal(xprv, ExtendedPrivateKey.FromSeed(mnemonic.ToSeed(Bip39Vectors.Passphrase)).ToXprv());
    }

    [Theory]
    [MemberData(nameof(Bip39Vectors.English), MemberType = typeof(Bip39Vectors))]
    public void Parse_accepts_the_reference_mnemonic_and_recovers_its_entropy(string entropy, string phrase, string seed, string xprv)
    {
        _ = (seed, xprv);
        var mnemonic = Mnemonic.Parse(phrase);

        Assert.Equal(entropy, Hex.Encode(mnemonic.ToEntropy(), prefix: false));
        Assert.Equal(phrase.Split(' ').Length, mnemonic.WordCount);
    }

    [Fact]
    public void Parse_canonicalises_case_and_white_space_so_the_seed_does_not_change()
    {
        var messy = "  ABANDON abandon\tabandon abandon\u3000abandon abandon abandon abandon abandon abandon abandon About\n";

        var mnemonic = Mnemonic.Parse(messy);

        Assert.Equal(Abandon12, mnemonic.Phrase);
        Assert.Equal(Mnemonic.Parse(Abandon12).ToSeed("TREZOR"), mnemonic.ToSeed("TREZOR"));
    }

    [Fact]
    public void Parse_names_an_unknown_word_and_its_position()
    {
        var error = Assert.Throws<InvalidMnemonicException>(() =>
            Mnemonic.Parse("abandon abandon abandonn abandon abandon abandon abandon abandon abandon abandon abandon about"));

        Assert.Equal(MnemonicProblem.UnknownWord, error.Problem);
        Assert.Equal("abandonn", error.Word);
        Assert.Equal(3, error.Position);
        Assert.Contains("unknown word 'abandonn' at position 3", error.Message);
        Assert.Contains("did you mean 'abandon'", error.Message);
    }

    [Fact]
    public void Parse_reports_a_bad_checksum_when_every_word_is_known()
    {
        // "abandon" x 12 is made of valid words but its last word carries the wrong checksum bits.
        var error = Assert.Throws<InvalidMnemonicException>(() => Mnemonic.Parse(string.Join(' ', Enumerable.Repeat("abandon", 12))));

        Assert.Equal(MnemonicProblem.BadChecksum, error.Problem);
        Assert.StartsWith("bad checksum", error.Message);
        Assert.Null(error.Word);
    }

    [Fact]
    public void Parse_reports_a_bad_checksum_when_two_words_are_swapped()
    {
        var swapped = "legal winner thank year wave sausage worth useful legal thank winner yellow";

        Assert.Equal(MnemonicProblem.BadChecksum, Assert.Throws<InvalidMnemonicException>(() => Mnemonic.Parse(swapped)).Problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(25)]
    public void Parse_reports_a_wrong_word_count(int count)
    {
        var error = Assert.Throws<InvalidMnemonicException>(() => Mnemonic.Parse(string.Join(' ', Enumerable.Repeat("zoo", count))));

        Assert.Equal(MnemonicProblem.WrongWordCount, error.Problem);
        Assert.Equal(count, error.WordCount);
        Assert.Contains($"has {count} word", error.Message);
    }

    [Fact]
    public void Parse_checks_the_word_count_before_the_words()
    {
        // A user who dropped a word should hear about the count, not about some other word.
        var error = Assert.Throws<InvalidMnemonicException>(() => Mnemonic.Parse("notaword abandon abandon"));

        Assert.Equal(MnemonicProblem.WrongWordCount, error.Problem);
    }

    [Fact]
    public void TryParse_returns_the_problem_instead_of_throwing()
    {
        Assert.False(Mnemonic.TryParse("zoo zoo", out var none, out var error));
        Assert.Null(none);
        Assert.Equal(MnemonicProblem.WrongWordCount, error!.Problem);

        Assert.True(Mnemonic.TryParse(Abandon12, out var mnemonic, out var noError));
        Assert.Null(noError);
        Assert.Equal(12, mnemonic!.WordCount);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(18)]
    [InlineData(21)]
    [InlineData(24)]
    public void Generate_makes_a_fresh_valid_mnemonic_of_the_requested_length(int words)
    {
        var first = Mnemonic.Generate(words);
        var second = Mnemonic.Generate(words);

        Assert.Equal(words, first.WordCount);
        Assert.Equal(first.Phrase, Mnemonic.Parse(first.Phrase).Phrase);
        Assert.NotEqual(first.Phrase, second.Phrase);
        Assert.Equal(words * 11 * 32 / 33 / 8, first.ToEntropy().Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(48)]
    public void Generate_rejects_a_word_count_bip39_does_not_define(int words)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Mnemonic.Generate(words));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(33)]
    public void FromEntropy_rejects_entropy_of_the_wrong_size(int bytes)
    {
        Assert.Throws<ArgumentException>(() => Mnemonic.FromEntropy(new byte[bytes]));
    }

    [Fact]
    public void ToString_shows_only_the_word_count()
    {
        var mnemonic = Mnemonic.Parse(Abandon12);

        Assert.Equal("Mnemonic(12 words)", mnemonic.ToString());
        Assert.DoesNotContain("abandon", $"{mnemonic}");
    }

    [Theory]
    // Expected seeds from Python (hashlib.pbkdf2_hmac over unicodedata.normalize("NFKD", ...)), an independent implementation.
    [InlineData("caf\u00e9", "af8bbd2566df7b69d926f2b09dfdbd75db6c994a3399b2cc65f928d63e3fd4e61218ee0d15f8c810be4d45e66d47b43c15a5cc753976b1666912377ff7ae9818")]
    [InlineData("cafe\u0301", "af8bbd2566df7b69d926f2b09dfdbd75db6c994a3399b2cc65f928d63e3fd4e61218ee0d15f8c810be4d45e66d47b43c15a5cc753976b1666912377ff7ae9818")]
    [InlineData("\u338d\u30ac\u30d0\u30f4\u30a1\u3071\u3070\u3050\u309e\u3061\u3062\u5341\u4eba\u5341\u8272", "1d2a1f66c524aeebd208921148519fd4de08d38bab819fa6316aa12ac093163dd2d107809d802a281819d38f80a63562d225d75fe2d71bfae4b0ccae66f597e5")]
    // Full-width "ＴＲＥＺＯＲ" is "TREZOR" after NFKD, so it must give Trezor's first reference seed.
    [InlineData("\uff34\uff32\uff25\uff3a\uff2f\uff32", "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04")]
    public void ToSeed_normalises_the_passphrase_to_nfkd(string passphrase, string expectedSeed)
    {
        var mnemonic = Mnemonic.Parse(Abandon12);

        Assert.Equal(expectedSeed, Hex.Encode(mnemonic.ToSeed(passphrase), prefix: false));
    }

    [Fact]
    public void ToSeed_without_a_passphrase_differs_from_with_one()
    {
        var mnemonic = Mnemonic.Parse(Abandon12);

        Assert.NotEqual(mnemonic.ToSeed(), mnemonic.ToSeed("TREZOR"));
        Assert.Equal(mnemonic.ToSeed(), mnemonic.ToSeed(""));
    }
}
