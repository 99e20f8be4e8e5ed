using System.Text.Json;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.TypedData;

namespace Interop.Ethereum.Tests.TypedData;

/// <summary>encodeData rules for each kind of EIP-712 type, checked word by word, and the errors for values that do not fit.</summary>
public class Eip712EncodingTests
{
    /// <summary>Typed data with one struct T; <paramref name="extraTypes"/> are more "Name": [fields] entries.</summary>
    private static Eip712TypedData T(string fields, string message, string extraTypes = "") =>
        Eip712TypedData.Parse($$"""
            {
              "types": { "T": [{{fields}}] {{(extraTypes.Length > 0 ? "," + extraTypes : "")}} },
              "primaryType": "T",
              "domain": { "name": "test" },
              "message": {{message}}
            }
            """);

    private static string Field(string name, string type) => $$"""{ "name": "{{name}}", "type": "{{type}}" }""";

    private static byte[] Word(string hex) => Hex.DecodeFixed(hex, 32);

    /// <summary>hashStruct(T) computed by hand: keccak(typeHash ‖ words).</summary>
    private static void AssertHashStruct(Eip712TypedData data, params byte[][] words) =>
        Assert.Equal(Keccak256.HashConcat([data.HashType("T"), .. words]), data.ComputeMessageHash());

    [Fact]
    public void Negative_intN_is_sign_extended_to_a_full_word()
    {
        var data = T(Field("x", "int8"), """{ "x": -1 }""");
        AssertHashStruct(data, Word("0x" + new string('f', 64)));
        var big = T(Field("x", "int256"), """{ "x": "-0x80" }""");
        AssertHashStruct(big, Word("0x" + new string('f', 62) + "80"));
    }

    [Fact]
    public void Unsigned_integers_accept_numbers_decimal_strings_and_hex_strings_alike()
    {
        var word = Word("0x00000000000000000000000000000000000000000000000000000000000003e8");
        AssertHashStruct(T(Field("x", "uint16"), """{ "x": 1000 }"""), word);
        AssertHashStruct(T(Field("x", "uint16"), """{ "x": "1000" }"""), word);
        AssertHashStruct(T(Field("x", "uint16"), """{ "x": "0x3e8" }"""), word);
        AssertHashStruct(T(Field("x", "uint16"), """{ "x": 1e3 }"""), word);
        AssertHashStruct(T(Field("x", "uint256"), """{ "x": "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" }"""), Word("0x" + new string('f', 64)));
    }

    [Fact]
    public void Atomic_values_are_placed_as_the_spec_says()
    {
        var data = T(
            string.Join(',', Field("b", "bool"), Field("a", "address"), Field("f", "bytes4")),
            """{ "b": true, "a": "0x3535353535353535353535353535353535353535", "f": "0x01020304" }""");
        AssertHashStruct(data,
            Word("0x0000000000000000000000000000000000000000000000000000000000000001"),
            Word("0x0000000000000000000000003535353535353535353535353535353535353535"), // right-aligned
            Word("0x0102030400000000000000000000000000000000000000000000000000000000")); // left-aligned
    }

    [Fact]
    public void Dynamic_string_and_bytes_are_hashed()
    {
        var data = T(string.Join(',', Field("s", "string"), Field("d", "bytes")), """{ "s": "hi", "d": "0xdeadbeef" }""");
        AssertHashStruct(data, Keccak256.HashUtf8("hi"), Keccak256.Hash([0xde, 0xad, 0xbe, 0xef]));
    }

    [Fact]
    public void Arrays_hash_the_concatenated_element_words_and_nest()
    {
        var one = Word("0x0000000000000000000000000000000000000000000000000000000000000001");
        var two = Word("0x0000000000000000000000000000000000000000000000000000000000000002");
        AssertHashStruct(T(Field("a", "uint8[]"), """{ "a": [1, 2] }"""), Keccak256.HashConcat(one, two));
        AssertHashStruct(T(Field("a", "uint8[2]"), """{ "a": [1, 2] }"""), Keccak256.HashConcat(one, two));
        AssertHashStruct(T(Field("a", "uint8[]"), """{ "a": [] }"""), Keccak256.Hash(ReadOnlySpan<byte>.Empty));
        AssertHashStruct(T(Field("a", "uint8[][]"), """{ "a": [[1], [1, 2]] }"""), Keccak256.HashConcat(Keccak256.Hash(one), Keccak256.HashConcat(one, two)));
        AssertHashStruct(T(Field("a", "string[]"), """{ "a": ["x"] }"""), Keccak256.Hash(Keccak256.HashUtf8("x")));
    }

    [Fact]
    public void Arrays_of_structs_hash_each_struct()
    {
        var data = T(Field("ps", "P[]"), """{ "ps": [{ "v": 1 }, { "v": 2 }] }""", $"\"P\": [{Field("v", "uint8")}]");
        using var p1 = JsonDocument.Parse("""{ "v": 1 }""");
        using var p2 = JsonDocument.Parse("""{ "v": 2 }""");
        AssertHashStruct(data, Keccak256.HashConcat(data.HashStruct("P", p1.RootElement), data.HashStruct("P", p2.RootElement)));
        Assert.Equal("T(P[] ps)P(uint8 v)", data.EncodeType("T"));
    }

    [Fact]
    public void EncodeType_appends_every_referenced_type_once_sorted_by_name()
    {
        var data = T(
            string.Join(',', Field("z", "Zeta"), Field("as", "Alpha[2]"), Field("l", "lower")),
            """{ "z": { "a": { "c": { "x": 1 } } }, "as": [{ "c": { "x": 2 } }, { "c": { "x": 3 } }], "l": { "x": 4 } }""",
            $"\"Zeta\": [{Field("a", "Alpha")}], \"Alpha\": [{Field("c", "Charlie")}], \"Charlie\": [{Field("x", "uint8")}], \"Unused\": [{Field("x", "uint8")}], \"lower\": [{Field("x", "uint8")}]");
        // Ordinal order, as Solidity tooling and cast use: upper-case names sort before lower-case ones.
        Assert.Equal("T(Zeta z,Alpha[2] as,lower l)Alpha(Charlie c)Charlie(uint8 x)Zeta(Alpha a)lower(uint8 x)", data.EncodeType("T"));
        Assert.Equal("Zeta(Alpha a)Alpha(Charlie c)Charlie(uint8 x)", data.EncodeType("Zeta"));
    }

    [Fact]
    public void Recursive_types_encode_once_and_hash_finite_values()
    {
        var data = T(Field("root", "Node"), """{ "root": { "v": 1, "kids": [{ "v": 2, "kids": [] }] } }""",
            $"\"Node\": [{Field("v", "uint8")}, {Field("kids", "Node[]")}]");
        Assert.Equal("Node(uint8 v,Node[] kids)", data.EncodeType("Node"));
        Assert.Equal("T(Node root)Node(uint8 v,Node[] kids)", data.EncodeType("T"));
        Assert.NotNull(data.ComputeMessageHash());
    }

    [Fact]
    public void Primary_type_EIP712Domain_signs_the_domain_alone()
    {
        var data = Eip712TypedData.Parse("""
            { "types": { "EIP712Domain": [{ "name": "name", "type": "string" }] }, "primaryType": "EIP712Domain", "domain": { "name": "x" }, "message": {} }
            """);
        Assert.Null(data.ComputeMessageHash());
        Assert.Equal(Keccak256.Hash([0x19, 0x01, .. data.ComputeDomainSeparator()]), data.ComputeSigningHash());
        var withoutMessage = Eip712TypedData.Parse("""
            { "types": { "EIP712Domain": [{ "name": "name", "type": "string" }] }, "primaryType": "EIP712Domain", "domain": { "name": "x" } }
            """);
        Assert.Equal(data.ComputeSigningHash(), withoutMessage.ComputeSigningHash());
    }

    public static TheoryData<string, string, string, string> InvalidValues => new()
    {
        { "uint8", "300", "", "300 is out of range for uint8" },
        { "int8", "-129", "", "out of range for int8" },
        { "uint256", "\"-1\"", "", "out of range for uint256" },
        { "uint8", "1.5", "", "must be an integer" },
        { "uint8", "\"12ab\"", "", "decimal or 0x-hex integer" },
        { "uint8", "true", "", "must be a number or a numeric string" },
        { "bytes4", "\"0x010203\"", "", "exactly 4 bytes for bytes4, got 3" },
        { "bytes", "\"deadbeef\"", "", "0x followed by an even number of hex digits" },
        { "bytes", "\"0xabc\"", "", "0x followed by an even number of hex digits" },
        { "address", "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\"", "", "EIP-55 checksum" },
        { "address", "12", "", "must be an address string" },
        { "bool", "\"true\"", "", "must be true or false" },
        { "string", "5", "", "must be a string" },
        { "uint8[2]", "[1]", "", "exactly 2 elements for uint8[2], got 1" },
        { "uint8[]", "{}", "", "must be a JSON array" },
        { "P", "[]", "\"P\": [{ \"name\": \"v\", \"type\": \"uint8\" }]", "must be a JSON object for struct P" },
        { "P", "{ \"w\": 1 }", "\"P\": [{ \"name\": \"v\", \"type\": \"uint8\" }]", "message.x.v is missing" },
        { "P[]", "[{ \"v\": 1 }, { \"v\": 256 }]", "\"P\": [{ \"name\": \"v\", \"type\": \"uint8\" }]", "message.x[1].v 256 is out of range" },
        { "string", "null", "", "is null" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Values_that_do_not_fit_their_type_are_rejected_with_their_path(string type, string json, string extraTypes, string reason)
    {
        var error = Assert.Throws<FormatException>(() => T(Field("x", type), $$"""{ "x": {{json}} }""", extraTypes));
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), $"'{error.Message}' should mention '{reason}'");
        Assert.Contains("message.x", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidDocuments => new()
    {
        { """{ "types": { "T": [{ "name": "x", "type": "uint" }] }, "primaryType": "T", "domain": {}, "message": { "x": 1 } }""", "unknown type 'uint' (write uint256)" },
        { """{ "types": { "T": [{ "name": "x", "type": "uint7" }] }, "primaryType": "T", "domain": {}, "message": { "x": 1 } }""", "unknown type 'uint7'" },
        { """{ "types": { "T": [{ "name": "x", "type": "bytes33" }] }, "primaryType": "T", "domain": {}, "message": { "x": 1 } }""", "unknown type 'bytes33'" },
        { """{ "types": { "T": [{ "name": "x", "type": "uint8[0]" }] }, "primaryType": "T", "domain": {}, "message": { "x": [] } }""", "unknown type 'uint8[0]'" },
        { """{ "types": { "T": [{ "name": "p", "type": "Persn" }] }, "primaryType": "T", "domain": {}, "message": { "p": {} } }""", "field 'p' has unknown type 'Persn'" },
        { """{ "types": { "T": [{ "name": "x", "type": "uint8" }, { "name": "x", "type": "uint8" }] }, "primaryType": "T", "domain": {}, "message": { "x": 1 } }""", "declares field 'x' twice" },
        { """{ "types": { "uint256": [{ "name": "x", "type": "uint8" }] }, "primaryType": "uint256", "domain": {}, "message": { "x": 1 } }""", "reserved for a built-in type" },
        { """{ "types": { "T": [] }, "primaryType": "Nope", "domain": {}, "message": {} }""", "primary type 'Nope' is not defined" },
        { """{ "types": { "T": [] }, "primaryType": "T", "domain": { "foo": 1 }, "message": {} }""", "domain field 'foo' is not one of" },
        { """{ "types": { "T": [] }, "primaryType": "T", "domain": {} }""", "'message'" },
        { """{ "types": { "T": [] }, "domain": {}, "message": {} }""", "no 'primaryType'" },
        { """{ "types": { "T": [{ "name": "x" }] }, "primaryType": "T", "domain": {}, "message": {} }""", "types.T[0] must be" },
        { """{ "types": { "T": [] }, "primaryType": "T", "domain": { "chainId": "one" }, "message": {} }""", "domain.chainId" },
        { """{ "types": """, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Parse_rejects_invalid_documents_and_names_the_problem(string json, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Eip712TypedData.Parse(json));
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), $"'{error.Message}' should mention '{reason}'");
    }

    [Fact]
    public void Create_from_csharp_values_rejects_a_value_of_the_wrong_kind()
    {
        var types = new Dictionary<string, IReadOnlyList<Eip712Field>> { ["T"] = [new("s", "string"), new("a", "address")] };
        var domain = new Eip712Domain { Name = "x" };
        var bytesForString = Assert.Throws<FormatException>(() => Eip712TypedData.Create(types, "T", domain, new Dictionary<string, object?> { ["s"] = new byte[] { 1 }, ["a"] = Address.Zero }));
        Assert.Contains("message.s must be a string, got a Byte[]", bytesForString.Message, StringComparison.Ordinal);
        var intForAddress = Assert.Throws<FormatException>(() => Eip712TypedData.Create(types, "T", domain, new Dictionary<string, object?> { ["s"] = "x", ["a"] = 5 }));
        Assert.Contains("message.a must be an Address", intForAddress.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<FormatException>(() => Eip712TypedData.Create(types, "T", domain, new Dictionary<string, object?> { ["s"] = "x" }));
        Assert.Contains("message.a is missing", missing.Message, StringComparison.Ordinal);
    }
}
