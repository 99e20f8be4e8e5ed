using System.Globalization;
using System.Numerics;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;

namespace Interop.Ethereum.Tests.Transactions;

/// <summary>Known answers: the worked example in the EIP-155 text, and typed transactions fixed from `cast mktx` (RFC 6979 makes them deterministic).</summary>
public class TransactionVectorTests
{
    private static readonly EthKey Key46 = EthKey.FromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
    private static readonly Address To35 = Address.Parse("0x3535353535353535353535353535353535353535");
    private static readonly Address Sender46 = Address.Parse("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");
    private static readonly BigInteger Gwei20 = 20_000_000_000;

    private static LegacyTransaction Eip155Example => new()
    {
        ChainId = 1,
        Nonce = 9,
        GasPrice = Gwei20,
        GasLimit = 21000,
        To = To35,
        Value = BigInteger.Pow(10, 18),
    };

    private const string Eip155Raw =
        "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    [Fact]
    public void Eip155_example_has_the_published_signing_data_and_hash()
    {
        Assert.Equal("0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080", Hex.Encode(Eip155Example.GetSigningPayload()));
        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", Hex.Encode(Eip155Example.GetSigningHash()));
    }

    [Fact]
    public void Eip155_example_signs_to_the_published_v_r_s_and_raw_bytes()
    {
        var signed = Eip155Example.Sign(Key46);
        Assert.Equal(37, signed.V);
        Assert.Equal(BigInteger.Parse("18515461264373351373200002665853028612451056578545711640558177340181847433846", CultureInfo.InvariantCulture), HexBigInteger.FromBytes(signed.Signature.R));
        Assert.Equal(BigInteger.Parse("46948507304638947509940763649030358759909902576025900602547168820602576006531", CultureInfo.InvariantCulture), HexBigInteger.FromBytes(signed.Signature.S));
        Assert.Equal(Eip155Raw, Hex.Encode(signed.Encode()));
        Assert.Equal("0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788", Hex.Encode(signed.ComputeHash()));
    }

    [Fact]
    public void Eip155_example_decodes_to_the_transaction_and_recovers_the_sender()
    {
        var decoded = SignedTransaction.Decode(Eip155Raw);
        Assert.Equal(Eip155Example, decoded.Transaction);
        Assert.Equal(Sender46, decoded.RecoverSender());
        Assert.Equal(Key46.Address, decoded.RecoverSender());
        Assert.Equal(37, decoded.V);
    }

    [Fact]
    public void Access_list_transaction_matches_cast_mktx()
    {
        var transaction = new AccessListTransaction
        {
            ChainId = 5,
            Nonce = 9,
            GasPrice = Gwei20,
            GasLimit = 21000,
            To = To35,
            Data = [0xde, 0xad, 0xbe, 0xef],
            AccessList = [new AccessListItem(To35, Hex.Decode("0x0000000000000000000000000000000000000000000000000000000000000001"))],
        };
        var signed = transaction.Sign(Key46);
        const string raw = "0x01f8a305098504a817c8008252089435353535353535353535353535353535353535358084deadbeeff838f7943535353535353535353535353535353535353535e1a0000000000000000000000000000000000000000000000000000000000000000101a02a4de10b77ea94afd1e33372ebd64bf489c5bc7cf8d187352cfecaa9e2e233a0a01a878cedbf14376279be0b8613d9c78537b35ccf87338c293bd3b948191781d2";
        Assert.Equal(raw, Hex.Encode(signed.Encode()));
        Assert.Equal("0x88c4c79dbae4c7c4f139656d675d5c4863c48d7afe646ace278ed975193c26a9", Hex.Encode(signed.ComputeHash()));
        Assert.Equal(1, signed.V);
        Assert.Equal(signed, SignedTransaction.Decode(raw));
        Assert.Equal(Sender46, SignedTransaction.Decode(raw).RecoverSender());
    }

    [Fact]
    public void Dynamic_fee_transaction_matches_cast_mktx()
    {
        var transaction = new DynamicFeeTransaction
        {
            ChainId = 5,
            Nonce = 9,
            MaxPriorityFeePerGas = 3,
            MaxFeePerGas = Gwei20,
            GasLimit = 21000,
            To = To35,
            Value = 1,
            Data = [0xde, 0xad, 0xbe, 0xef],
        };
        var signed = transaction.Sign(Key46);
        const string raw = "0x02f86b0509038504a817c8008252089435353535353535353535353535353535353535350184deadbeefc001a00d8523d5ee8956bd2517a7cd3ffbd11e68fbd5e6639c845fa7aabdba2c6efa23a0475d213f9cf88ce7d87c7e588cee74d067ffa480219b1fc93d0c8b4ce60f5934";
        Assert.Equal(raw, Hex.Encode(signed.Encode()));
        Assert.Equal("0x9bc33d2e9116c76b7d6d48dbde3cef2933a76f734e89f5962cc68b56a4002ac3", Hex.Encode(signed.ComputeHash()));
        Assert.Equal(signed, SignedTransaction.Decode(raw));
        Assert.Equal(Sender46, SignedTransaction.Decode(raw).RecoverSender());
    }

    [Fact]
    public void Contract_creation_encodes_an_empty_recipient_and_matches_cast_mktx()
    {
        var transaction = new LegacyTransaction
        {
            ChainId = 5,
            Nonce = 9,
            GasPrice = Gwei20,
            GasLimit = 21000,
            To = null,
            Data = [0x60, 0x00],
        };
        var signed = transaction.Sign(Key46);
        const string raw = "0xf852098504a817c80082520880808260002ea0560d9ef6030e805547b767012bed7be7fcc2793fcadb3895d416308612d85d2aa0135f3c3d380384af4881128f27ce8f16db91810a92cd8f6dc764275c5fd91c04";
        Assert.Equal(raw, Hex.Encode(signed.Encode()));
        Assert.Equal("0x4321220fa4036c1b39627ed93f462ddf1011be9f05b5e2e498d46933a3de3427", Hex.Encode(signed.ComputeHash()));
        Assert.True(transaction.IsContractCreation);
        Assert.Null(SignedTransaction.Decode(raw).Transaction.To);
    }

    [Fact]
    public void Pre_eip155_transaction_signs_the_six_field_payload_with_v_27_or_28()
    {
        var transaction = Eip155Example with { ChainId = null };
        Assert.Equal("0xe9098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080", Hex.Encode(transaction.GetSigningPayload()));
        var signed = transaction.Sign(Key46);
        Assert.Equal(27 + signed.Signature.RecoveryId, signed.V);
        var decoded = SignedTransaction.Decode(signed.Encode());
        Assert.Null(((LegacyTransaction)decoded.Transaction).ChainId);
        Assert.Equal(Sender46, decoded.RecoverSender());
    }
}
