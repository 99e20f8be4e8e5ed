using System.Numerics;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rlp;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;

namespace Interop.Ethereum.Tests.Transactions;

public class TransactionDecodeTests
{
    private static readonly RlpString Word = new(Hex.Decode("0x" + new string('1', 64)));
    private static readonly RlpString To = new(new byte[20]);

    private static RlpString N(ulong value) => RlpString.FromUInt64(value);

    // [nonce, gasPrice, gasLimit, to, value, data, v, r, s]
    private static RlpItem[] LegacyFields(RlpItem? v = null, RlpItem? to = null, RlpItem? nonce = null) =>
        [nonce ?? N(1), N(2), N(21000), to ?? To, N(0), RlpString.Empty, v ?? N(37), Word, Word];

    // [chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList, yParity, r, s]
    private static RlpItem[] DynamicFeeFields(RlpItem? yParity = null, RlpItem? accessList = null, RlpItem? value = null, RlpItem? r = null) =>
        [N(1), N(0), N(1), N(2), N(21000), To, value ?? N(0), RlpString.Empty, accessList ?? RlpList.Empty, yParity ?? N(1), r ?? Word, Word];

    private static byte[] Typed(byte type, RlpItem payload) => [type, .. payload.Encode()];

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "empty", [], "empty" },
        { "legacy with 8 fields", new RlpList(LegacyFields()[..8]).Encode(), "must have 9 items, got 8" },
        { "legacy v 29", new RlpList(LegacyFields(v: N(29))).Encode(), "neither 27/28" },
        { "legacy v 0", new RlpList(LegacyFields(v: N(0))).Encode(), "neither 27/28" },
        { "legacy 19-byte to", new RlpList(LegacyFields(to: new RlpString(new byte[19]))).Encode(), "to must be 20 bytes" },
        { "legacy nonce with leading zero", new RlpList(LegacyFields(nonce: new RlpString([0, 1]))).Encode(), "nonce is not canonical" },
        { "legacy nonce over 64 bits", new RlpList(LegacyFields(nonce: new RlpString(new byte[9] { 1, 0, 0, 0, 0, 0, 0, 0, 0 }))).Encode(), "nonce does not fit in 64 bits" },
        { "legacy nonce as a list", new RlpList(LegacyFields(nonce: RlpList.Empty)).Encode(), "nonce must be a byte string" },
        { "legacy trailing byte", [.. new RlpList(LegacyFields()).Encode(), 0x00], "trailing" },
        { "type 2 with 11 fields", Typed(2, new RlpList(DynamicFeeFields()[..11])), "must have 12 items, got 11" },
        { "type 2 yParity 2", Typed(2, new RlpList(DynamicFeeFields(yParity: N(2)))), "yParity must be 0 or 1" },
        { "type 2 yParity 27", Typed(2, new RlpList(DynamicFeeFields(yParity: N(27)))), "yParity must be 0 or 1" },
        { "type 2 value over 256 bits", Typed(2, new RlpList(DynamicFeeFields(value: new RlpString(new byte[33] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })))), "value does not fit in 256 bits" },
        { "type 2 r over 256 bits", Typed(2, new RlpList(DynamicFeeFields(r: new RlpString(Enumerable.Repeat((byte)1, 33).ToArray())))), "r does not fit in 256 bits" },
        { "type 2 short storage key", Typed(2, new RlpList(DynamicFeeFields(accessList: new RlpList(new RlpList(To, new RlpList(new RlpString(new byte[31]))))))), "storage key 0 must be 32 bytes" },
        { "type 2 access entry with 3 items", Typed(2, new RlpList(DynamicFeeFields(accessList: new RlpList(new RlpList(To, RlpList.Empty, RlpList.Empty))))), "access list entry 0 must have 2 items" },
        { "type 2 payload is a string", Typed(2, RlpString.FromUtf8("dog")), "must be a list" },
        { "type 2 trailing byte", [.. Typed(2, new RlpList(DynamicFeeFields())), 0x00], "trailing" },
        { "type 1 with 12 fields", Typed(1, new RlpList(DynamicFeeFields())), "must have 11 items, got 12" },
        { "type 3 blob", Typed(3, RlpList.Empty), "EIP-4844" },
        { "type 4 set-code", Typed(4, RlpList.Empty), "EIP-7702" },
        { "unknown type 0x05", Typed(5, RlpList.Empty), "unknown transaction type 0x05" },
        { "RLP string instead of a list", RlpString.FromUtf8("dog").Encode(), "must start with a type byte" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_rejects_malformed_transactions_and_names_the_problem(string name, byte[] raw, string reason)
    {
        var error = Assert.Throws<FormatException>(() => SignedTransaction.Decode(raw));
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), $"{name}: '{error.Message}' should mention '{reason}'");
    }

    [Fact]
    public void Decode_accepts_the_well_formed_base_cases_of_the_malformed_table()
    {
        // Guards the table above: each malformed case differs from these in exactly the named field.
        Assert.Equal(TransactionType.Legacy, SignedTransaction.Decode(new RlpList(LegacyFields()).Encode()).Type);
        Assert.Equal(TransactionType.DynamicFee, SignedTransaction.Decode(Typed(2, new RlpList(DynamicFeeFields()))).Type);
        Assert.Equal(TransactionType.AccessList, SignedTransaction.Decode(Typed(1, new RlpList(DynamicFeeFields()[1..]))).Type);
    }

    [Fact]
    public void RecoverSender_rejects_a_high_s_signature()
    {
        var key = RandomTransactions.Key(new Random(5));
        var signed = RandomTransactions.DynamicFeeTx(new Random(6)).Sign(key);
        var n = BigInteger.Parse("0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var highS = HexBigInteger.ToBytes(n - HexBigInteger.FromBytes(signed.Signature.S), 32);
        var malleated = signed.Transaction.WithSignature(new EcdsaSignature(signed.Signature.R, highS, (byte)(signed.Signature.RecoveryId ^ 1)));

        var error = Assert.Throws<InvalidSignatureException>(() => SignedTransaction.Decode(malleated.Encode()).RecoverSender());
        Assert.Contains("EIP-2", error.Message, StringComparison.Ordinal);
        Assert.Equal(key.Address, signed.RecoverSender());
    }

    [Fact]
    public void RecoverSender_rejects_a_zero_r()
    {
        var decoded = SignedTransaction.Decode(Typed(2, new RlpList(DynamicFeeFields(r: RlpString.Empty))));
        Assert.Throws<InvalidSignatureException>(() => decoded.RecoverSender());
    }
}
