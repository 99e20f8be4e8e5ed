using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Ethereum.TypedData;

namespace Interop.Ethereum.Tests.TypedData;

/// <summary>EIP-191 known answers, fixed from `cast hash-message` and `cast wallet sign` with the key keccak256("cow").</summary>
public class PersonalMessageTests
{
    private static readonly EthKey Cow = new(Keccak256.HashUtf8("cow"));

    [Fact]
    public void Hash_of_hello_matches_the_known_answer() =>
        Assert.Equal("0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750", Hex.Encode(PersonalMessage.Hash("hello")));

    [Fact]
    public void Hash_prefixes_the_0x19_byte_then_Ethereum_and_the_byte_length()
    {
        // Guards the "\x19E" trap: the prefix must start with the single byte 0x19 followed by 'E'.
        byte[] expected = [0x19, .. "Ethereum Signed Message:\n5hello"u8];
        Assert.Equal(Keccak256.Hash(expected), PersonalMessage.Hash("hello"));
    }

    [Fact]
    public void Hash_counts_utf8_bytes_not_characters()
    {
        byte[] expected = [0x19, .. "Ethereum Signed Message:\n6héllo"u8];
        Assert.Equal(Keccak256.Hash(expected), PersonalMessage.Hash("héllo"));
    }

    [Theory]
    [InlineData("hello", "0x2452a50a1b27db559e685e82ef59445ff08ca6843b5089aa1c32a70db206d47d693e5ae94daffccbbf590c5d2a72ad5706994748d2c8d3a8b39355589e16e8751c")]
    [InlineData("", "0x68c36703cfae77b264e66cf9587aa39dd76b66ff1317e563b4566d9ea5d8d60e5b9be8c58a324e1dbb424365aa778a2faec2d3f922bf0339cda43d76c492a5ab1c")]
    public void Sign_of_text_matches_cast_wallet_sign(string message, string expected)
    {
        Assert.Equal(expected, Hex.Encode(PersonalMessage.Sign(Cow, message).ToBytes65()));
        Assert.Equal(Cow.Address, PersonalMessage.RecoverSigner(message, EcdsaSignature.FromBytes65(Hex.Decode(expected))));
    }

    [Fact]
    public void Sign_of_bytes_matches_cast_wallet_sign_of_hex()
    {
        const string expected = "0x7a962b63cef41a9cc1d3a6805da9f982a2a562b2d7a1ee75c78e5cd4464db9bf6e2b425bae2ce2c74a47631a2ec67c7efcc3dade1201fd5306443b85ec6116071b";
        byte[] message = [0xde, 0xad, 0xbe, 0xef];
        Assert.Equal(expected, Hex.Encode(PersonalMessage.Sign(Cow, message).ToBytes65()));
        Assert.Equal(Cow.Address, PersonalMessage.RecoverSigner(message, EcdsaSignature.FromBytes65(Hex.Decode(expected))));
    }

    [Fact]
    public void RecoverSigner_returns_another_address_for_a_different_message()
    {
        var signature = PersonalMessage.Sign(Cow, "hello");
        Assert.NotEqual(Cow.Address, PersonalMessage.RecoverSigner("hellp", signature));
    }
}
