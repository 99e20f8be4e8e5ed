using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Ethereum.TypedData;

namespace Interop.Ethereum.Tests.TypedData;

/// <summary>The worked "Mail" example of EIP-712 (its test file Example.js), signed by keccak256("cow").</summary>
public class Eip712MailTests
{
    internal const string MailJson = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" },
              { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" },
              { "name": "verifyingContract", "type": "address" }
            ],
            "Person": [
              { "name": "name", "type": "string" },
              { "name": "wallet", "type": "address" }
            ],
            "Mail": [
              { "name": "from", "type": "Person" },
              { "name": "to", "type": "Person" },
              { "name": "contents", "type": "string" }
            ]
          },
          "primaryType": "Mail",
          "domain": {
            "name": "Ether Mail",
            "version": "1",
            "chainId": 1,
            "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
          },
          "message": {
            "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            "contents": "Hello, Bob!"
          }
        }
        """;

    private static readonly EthKey Cow = new(Keccak256.HashUtf8("cow"));

    internal static readonly Dictionary<string, IReadOnlyList<Eip712Field>> MailTypes = new()
    {
        ["Person"] = [new("name", "string"), new("wallet", "address")],
        ["Mail"] = [new("from", "Person"), new("to", "Person"), new("contents", "string")],
    };

    private static Eip712TypedData FromDictionaries() => Eip712TypedData.Create(
        MailTypes,
        "Mail",
        new Eip712Domain { Name = "Ether Mail", Version = "1", ChainId = 1, VerifyingContract = Address.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC") },
        new Dictionary<string, object?>
        {
            ["from"] = new Dictionary<string, object?> { ["name"] = "Cow", ["wallet"] = Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826") },
            ["to"] = new Dictionary<string, object?> { ["name"] = "Bob", ["wallet"] = "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            ["contents"] = "Hello, Bob!",
        });

    public static TheoryData<string> Sources => ["json", "dictionaries"];

    private static Eip712TypedData Mail(string source) => source == "json" ? Eip712TypedData.Parse(MailJson) : FromDictionaries();

    [Fact]
    public void EncodeType_lists_the_primary_type_then_referenced_types()
    {
        var mail = Mail("json");
        Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", mail.EncodeType("Mail"));
        Assert.Equal("0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2", Hex.Encode(mail.HashType("Mail")));
        Assert.Equal("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)", mail.EncodeType("EIP712Domain"));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Hashes_match_the_published_domain_separator_message_hash_and_digest(string source)
    {
        var mail = Mail(source);
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Encode(mail.ComputeDomainSeparator()));
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", Hex.Encode(mail.ComputeMessageHash()!));
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(mail.ComputeSigningHash()));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Sign_by_cow_gives_the_published_signature_and_recovers_cow(string source)
    {
        var mail = Mail(source);
        var signature = mail.Sign(Cow);
        Assert.Equal(28, signature.V);
        Assert.Equal("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d", Hex.Encode(signature.R));
        Assert.Equal("0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562", Hex.Encode(signature.S));
        Assert.Equal(Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), mail.RecoverSigner(signature));
        Assert.Equal(Cow.Address, mail.RecoverSigner(signature));
    }

    [Fact]
    public void HashStruct_of_the_person_equals_the_inner_word_of_the_mail_message()
    {
        var mail = Mail("json");
        using var person = JsonDocument.Parse("""{ "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" }""");
        using var to = JsonDocument.Parse("""{ "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" }""");
        // hashStruct(Mail) = keccak(typeHash ‖ hashStruct(from) ‖ hashStruct(to) ‖ keccak(contents)).
        var expected = Keccak256.HashConcat(mail.HashType("Mail"), mail.HashStruct("Person", person.RootElement), mail.HashStruct("Person", to.RootElement), Keccak256.HashUtf8("Hello, Bob!"));
        Assert.Equal(expected, mail.ComputeMessageHash());
    }

    [Fact]
    public void ToJson_round_trips_through_Parse_to_the_same_digest()
    {
        var fromDictionaries = FromDictionaries();
        var reparsed = Eip712TypedData.Parse(fromDictionaries.ToJson());
        Assert.Equal(fromDictionaries.ComputeSigningHash(), reparsed.ComputeSigningHash());
        Assert.Contains("\"EIP712Domain\"", fromDictionaries.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Domain_type_is_derived_from_the_domain_fields_when_types_leave_it_out()
    {
        using var document = JsonDocument.Parse(MailJson);
        var withoutDomainType = MailJson.Replace(
            document.RootElement.GetProperty("types").GetProperty("EIP712Domain").GetRawText(), "[]", StringComparison.Ordinal)
            .Replace("\"EIP712Domain\": [],", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("EIP712Domain", withoutDomainType, StringComparison.Ordinal);
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Encode(Eip712TypedData.Parse(withoutDomainType).ComputeDomainSeparator()));
    }

    [Fact]
    public void Values_are_snapshotted_so_changing_the_callers_dictionary_does_not_change_the_digest()
    {
        var from = new Dictionary<string, object?> { ["name"] = "Cow", ["wallet"] = Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826") };
        var message = new Dictionary<string, object?>
        {
            ["from"] = from,
            ["to"] = new Dictionary<string, object?> { ["name"] = "Bob", ["wallet"] = "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            ["contents"] = "Hello, Bob!",
        };
        var mail = Eip712TypedData.Create(MailTypes, "Mail", new Eip712Domain { Name = "Ether Mail", Version = "1", ChainId = new BigInteger(1), VerifyingContract = Address.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC") }, message);
        from["name"] = "Mallory";
        message["contents"] = "Send everything to Mallory";
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(mail.ComputeSigningHash()));
    }
}
