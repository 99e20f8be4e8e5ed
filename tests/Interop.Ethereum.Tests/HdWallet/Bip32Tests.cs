using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;

namespace Interop.Ethereum.Tests.HdWallet;

public class Bip32Tests
{
    // BIP-32 test vectors 1 and 2, every chain of the spec: (seed, path, xpub, xprv).
    public static TheoryData<string, string, string, string> SpecVectors => new()
    {
        { Seed1, "m", "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8", "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi" },
        { Seed1, "m/0'", "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw", "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7" },
        { Seed1, "m/0'/1", "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ", "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs" },
        { Seed1, "m/0'/1/2'", "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5", "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM" },
        { Seed1, "m/0'/1/2'/2", "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV", "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334" },
        { Seed1, "m/0'/1/2'/2/1000000000", "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy", "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76" },
        { Seed2, "m", "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U" },
        { Seed2, "m/0", "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH", "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt" },
        { Seed2, "m/0/2147483647'", "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a", "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9" },
        { Seed2, "m/0/2147483647'/1", "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon", "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuWS6T8XA2ECKADdw4Ef" },
        { Seed2, "m/0/2147483647'/1/2147483646'", "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL", "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc" },
        { Seed2, "m/0/2147483647'/1/2147483646'/2", "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt", "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJUuekgW4BYPJcr9E7j" },
    };

    private const string Seed1 = "000102030405060708090a0b0c0d0e0f";
    private const string Seed2 = "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542";

    [Theory]
    [MemberData(nameof(SpecVectors))]
    public void Derive_gives_the_spec_xprv_and_xpub_at_each_path(string seed, string path, string xpub, string xprv)
    {
        var key = ExtendedPrivateKey.FromSeed(Hex.Decode(seed)).Derive(KeyPath.Parse(path));

        Assert.Equal(xprv, key.ToXprv());
        Assert.Equal(xpub, key.Neuter().ToXpub());
    }

    [Theory]
    [MemberData(nameof(SpecVectors))]
    public void Parse_round_trips_the_spec_serialisations(string seed, string path, string xpub, string xprv)
    {
        _ = seed;
        var privateKey = ExtendedPrivateKey.Parse(xprv);
        var publicKey = ExtendedPublicKey.Parse(xpub);

        Assert.Equal(xprv, privateKey.ToXprv());
        Assert.Equal(xpub, publicKey.ToXpub());
        Assert.Equal(KeyPath.Parse(path).Depth, privateKey.Depth);
        Assert.Equal(publicKey.PublicKey, privateKey.PublicKey);
        Assert.Equal(publicKey.Fingerprint, privateKey.Fingerprint);
    }

    [Fact]
    public void Public_derivation_matches_private_derivation_for_normal_children()
    {
        // Vector 2 has normal steps under a hardened one: derive m/0/2147483647' privately, then /1 publicly.
        var master = ExtendedPrivateKey.FromSeed(Hex.Decode(Seed2));
        var hardenedParent = master.Derive(KeyPath.Parse("m/0/2147483647'"));

        var viaPublic = hardenedParent.Neuter().Derive(1);
        var viaPrivate = hardenedParent.Derive(1).Neuter();

        Assert.Equal(viaPrivate.ToXpub(), viaPublic.ToXpub());
        Assert.Equal(viaPrivate.Address, viaPublic.Address);
        Assert.Equal(master.Neuter().Derive(0).ToXpub(), master.Derive(0).Neuter().ToXpub());
    }

    [Fact]
    public void Public_derivation_refuses_a_hardened_index()
    {
        var xpub = ExtendedPrivateKey.FromSeed(Hex.Decode(Seed1)).Neuter();

        var error = Assert.Throws<InvalidOperationException>(() => xpub.Derive(KeyPath.HardenedOffset));
        Assert.Contains("hardened", error.Message);
    }

    [Fact]
    public void Fingerprints_link_a_child_to_its_parent()
    {
        var master = ExtendedPrivateKey.FromSeed(Hex.Decode(Seed1));
        var child = master.Derive(KeyPath.HardenedOffset);

        // Vector 1's m/0' serialisation carries parent fingerprint 3442193e (the master's identifier prefix).
        Assert.Equal(0x3442193eu, master.Fingerprint);
        Assert.Equal(master.Fingerprint, child.ParentFingerprint);
        Assert.Equal(0u, master.ParentFingerprint);
        Assert.Equal("3442193e", Hex.Encode(master.Identifier()[..4], prefix: false));
    }

    [Fact]
    public void ToString_never_contains_key_material()
    {
        var key = ExtendedPrivateKey.FromSeed(Hex.Decode(Seed1)).Derive(KeyPath.Parse("m/0'/1"));
        var text = key.ToString();

        Assert.DoesNotContain(key.ToXprv(), text);
        Assert.DoesNotContain(Hex.Encode(key.ToEthKey().ExportPrivateKey(), prefix: false), text);
        Assert.DoesNotContain(key.Neuter().ToXpub(), key.Neuter().ToString());
        Assert.Contains("depth 2", text);
    }

    // BIP-32 test vector 5 (extended keys that must be rejected) with the reason each error must name.
    public static TheoryData<string, string> InvalidVector5 => new()
    {
        { "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6LBpB85b3D2yc8sfvZU521AAwdZafEz7mnzBBsz4wKY5fTtTQBm", "compressed point" }, // pubkey version / prvkey mismatch
        { "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGTQQD3dC4H2D5GBj7vWvSQaaBv5cxi9gafk7NF3pnBju6dwKvH", "must start with a 0x00 byte" }, // prvkey version / pubkey mismatch
        { "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Txnt3siSujt9RCVYsx4qHZGc62TG4McvMGcAUjeuwZdduYEvFn", "compressed point" }, // invalid pubkey prefix 04
        { "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGpWnsj83BHtEy5Zt8CcDr1UiRXuWCmTQLxEK9vbz5gPstX92JQ", "must start with a 0x00 byte" }, // invalid prvkey prefix 04
        { "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6N8ZMMXctdiCjxTNq964yKkwrkBJJwpzZS4HS2fxvyYUA4q2Xe4", "compressed point" }, // invalid pubkey prefix 01
        { "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD9y5gkZ6Eq3Rjuahrv17fEQ3Qen6J", "must start with a 0x00 byte" }, // invalid prvkey prefix 01
        { "xprv9s2SPatNQ9Vc6GTbVMFPFo7jsaZySyzk7L8n2uqKXJen3KUmvQNTuLh3fhZMBoG3G4ZW1N2kZuHEPY53qmbZzCHshoQnNf4GvELZfqTUrcv", "parent fingerprint 0" }, // zero depth with non-zero parent fingerprint
        { "xpub661no6RGEX3uJkY4bNnPcw4URcQTrSibUZ4NqJEw5eBkv7ovTwgiT91XX27VbEXGENhYRCf7hyEbWrR3FewATdCEebj6znwMfQkhRYHRLpJ", "parent fingerprint 0" }, // zero depth with non-zero parent fingerprint
        { "xprv9s21ZrQH4r4TsiLvyLXqM9P7k1K3EYhA1kkD6xuquB5i39AU8KF42acDyL3qsDbU9NmZn6MsGSUYZEsuoePmjzsB3eFKSUEh3Gu1N3cqVUN", "child number 0" }, // zero depth with non-zero index
        { "xpub661MyMwAuDcm6CRQ5N4qiHKrJ39Xe1R1NyfouMKTTWcguwVcfrZJaNvhpebzGerh7gucBvzEQWRugZDuDXjNDRmXzSZe4c7mnTK97pTvGS8", "child number 0" }, // zero depth with non-zero index
        { "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHGMQzT7ayAmfo4z3gY5KfbrZWZ6St24UVf2Qgo6oujFktLHdHY4", "unknown version bytes" }, // unknown extended key version
        { "DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHPmHJiEDXkTiJTVV9rHEBUem2mwVbbNfvT2MTcAqj3nesx8uBf9", "unknown version bytes" }, // unknown extended key version
        { "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzF93Y5wvzdUayhgkkFoicQZcP3y52uPPxFnfoLZB21Teqt1VvEHx", "not below the curve order" }, // private key 0 not in 1..n-1
        { "xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD5SDKr24z3aiUvKr9bJpdrcLg1y3G", "not below the curve order" }, // private key n not in 1..n-1
        { "xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Q5JXayek4PRsn35jii4veMimro1xefsM58PgBMrvdYre8QyULY", "not a point on secp256k1" }, // invalid pubkey 02…07
        { "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHL", "checksum mismatch" }, // invalid checksum
        // Not from the BIP: a character outside the Base58 alphabet, and a truncated string.
        { "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMP0i", "not a Base58 character" },
        { "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPH", "checksum mismatch" },
    };

    [Theory]
    [MemberData(nameof(InvalidVector5))]
    public void Parse_rejects_invalid_extended_keys_naming_the_reason(string text, string reason)
    {
        // The spec's keys are rejected whichever parser they are given to; the version-specific parser names the fault.
        var versionPrefix = text[..4];
        var error = versionPrefix == "xpub"
            ? Assert.Throws<FormatException>(() => ExtendedPublicKey.Parse(text))
            : Assert.Throws<FormatException>(() => ExtendedPrivateKey.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ExtendedPublicKey.Parse(text));
        Assert.Throws<FormatException>(() => ExtendedPrivateKey.Parse(text));
    }

    [Fact]
    public void Parse_says_when_an_xpub_is_given_where_an_xprv_is_expected()
    {
        var error = Assert.Throws<FormatException>(() => ExtendedPrivateKey.Parse(
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"));

        Assert.Contains("extended public key (xpub)", error.Message);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65)]
    public void FromSeed_rejects_a_seed_outside_16_to_64_bytes(int length)
    {
        Assert.Throws<ArgumentException>(() => ExtendedPrivateKey.FromSeed(new byte[length]));
    }
}
