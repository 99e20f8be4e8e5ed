using System.Numerics;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Crypto;
using Interop.Ethereum.Encoding;

namespace Interop.Bridge.Intents;

/// <summary>
/// An IntentPool order (the contract's <c>Order</c> struct). Every field is static, so <c>abi.encode(order)</c> is twelve
/// 32-byte words; that is both the data of <c>OrderOpened</c> and the preimage of <see cref="Id"/>.
/// </summary>
public sealed record IntentOrder(
    uint OriginDomain,
    uint DestinationDomain,
    Address Depositor,
    Address Recipient,
    Address InputToken,
    BigInteger InputAmount,
    Address OutputToken,
    BigInteger OutputAmount,
    uint FillDeadline,
    Address ExclusiveFiller,
    uint ExclusivityDeadline,
    BigInteger Salt)
{
    /// <summary>Length of <c>abi.encode(order)</c>.</summary>
    public const int EncodedLength = 12 * 32;

    /// <summary>orderId = keccak256(abi.encode(order)).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Bytes32 Id => new(Keccak256.Hash(Encode()));

    /// <summary>What the filler keeps: input minus output (meaningful when both are the same asset at the same decimals).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public BigInteger Fee => InputAmount - OutputAmount;

    /// <summary><c>abi.encode(order)</c>.</summary>
    public byte[] Encode()
    {
        var words = new byte[EncodedLength];
        void Put(int i, ReadOnlySpan<byte> word) => word.CopyTo(words.AsSpan(i * 32));
        void Uint(int i, BigInteger value)
        {
            if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "order amounts must not be negative");
            Put(i, HexBigInteger.ToBytes(value, 32));
        }
        Uint(0, OriginDomain);
        Uint(1, DestinationDomain);
        Put(2, Depositor.ToBytes32());
        Put(3, Recipient.ToBytes32());
        Put(4, InputToken.ToBytes32());
        Uint(5, InputAmount);
        Put(6, OutputToken.ToBytes32());
        Uint(7, OutputAmount);
        Uint(8, FillDeadline);
        Put(9, ExclusiveFiller.ToBytes32());
        Uint(10, ExclusivityDeadline);
        Uint(11, Salt);
        return words;
    }

    /// <summary>The order as the ABI encoder's tuple value (for <c>fill</c>, <c>cancel</c>, <c>open</c>).</summary>
    public object?[] ToAbiTuple() =>
    [
        OriginDomain, DestinationDomain, Depositor, Recipient, InputToken, InputAmount, OutputToken, OutputAmount, FillDeadline,
        ExclusiveFiller, ExclusivityDeadline, Salt,
    ];

    /// <summary>Decodes <c>abi.encode(order)</c> (e.g. an <c>OrderOpened</c> log's data).</summary>
    /// <exception cref="FormatException">Not twelve words, or a uint32/address word with high bits set.</exception>
    public static IntentOrder Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length != EncodedLength) throw new FormatException($"an encoded order is {EncodedLength} bytes, got {data.Length}");
        var bytes = data.ToArray();
        BigInteger Word(int i) => new(bytes.AsSpan(i * 32, 32), isUnsigned: true, isBigEndian: true);
        uint U32(int i)
        {
            var value = Word(i);
            if (value > uint.MaxValue) throw new FormatException($"order word {i} does not fit a uint32: {value}");
            return (uint)value;
        }
        Address Addr(int i)
        {
            if (bytes.AsSpan(i * 32, 12).IndexOfAnyExcept((byte)0) >= 0) throw new FormatException($"order word {i} is not an address");
            return Address.FromBytes32(bytes.AsSpan(i * 32, 32));
        }
        return new IntentOrder(U32(0), U32(1), Addr(2), Addr(3), Addr(4), Word(5), Addr(6), Word(7), U32(8), Addr(9), U32(10), Word(11));
    }
}

/// <summary>The IntentPool's ABI, event topics and status enums as the node reads them.</summary>
public static class IntentPoolAbi
{
    public static readonly ContractDefinition Definition = ContractDefinition.Get(ContractNames.IntentPool);
    public static readonly byte[] OrderOpenedTopic = Definition.Topic0("OrderOpened");
    public static readonly byte[] OrderFilledTopic = Definition.Topic0("OrderFilled");
    public static readonly byte[] OrderSettledTopic = Definition.Topic0("OrderSettled");
    public static readonly byte[] OrderRefundedTopic = Definition.Topic0("OrderRefunded");
    public static readonly byte[] OrderCancelledTopic = Definition.Topic0("OrderCancelled");

    /// <summary>Origin side: <c>deposits(id).status</c>.</summary>
    public enum DepositStatus : byte { None, Open, Settled, Refunded }

    /// <summary>Destination side: <c>fills(id).status</c>.</summary>
    public enum FillStatus : byte { None, Filled, SettlementSent, Cancelled }

    public static byte[] EncodeFill(IntentOrder order) => Definition.Encode("fill", [order.ToAbiTuple()]);

    public static byte[] EncodeCancel(IntentOrder order) => Definition.Encode("cancel", [order.ToAbiTuple()]);

    public static byte[] EncodeSettle(uint originDomain, IReadOnlyList<Bytes32> orderIds) =>
        Definition.Encode("settle", originDomain, orderIds.Select(i => i.ToArray()).ToArray());

    public static byte[] EncodeQuoteSettle(uint originDomain, int count) => Definition.Encode("quoteSettle", originDomain, new BigInteger(count));

    public static byte[] EncodeQuoteCancel(uint originDomain) => Definition.Encode("quoteCancel", originDomain);

    public static byte[] EncodeDeposits(Bytes32 orderId) => Definition.Encode("deposits", orderId.ToArray());

    public static byte[] EncodeFills(Bytes32 orderId) => Definition.Encode("fills", orderId.ToArray());

    /// <summary>The status (first word) of a <c>deposits(id)</c> answer.</summary>
    public static DepositStatus DecodeDepositStatus(ReadOnlySpan<byte> output) => (DepositStatus)StatusWord(output);

    /// <summary>The status (first word) of a <c>fills(id)</c> answer.</summary>
    public static FillStatus DecodeFillStatus(ReadOnlySpan<byte> output) => (FillStatus)StatusWord(output);

    /// <summary>The filler (third word) of a <c>fills(id)</c> answer.</summary>
    public static Address DecodeFillFiller(ReadOnlySpan<byte> output) =>
        output.Length >= 96 ? Address.FromBytes32(output.Slice(64, 32)) : throw new FormatException($"fills() answered {output.Length} bytes");

    private static byte StatusWord(ReadOnlySpan<byte> output)
    {
        if (output.Length < 32) throw new FormatException($"expected at least one word, got {output.Length} bytes");
        var value = output[31];
        if (value > 3 || output[..31].IndexOfAnyExcept((byte)0) >= 0) throw new FormatException("status word out of range");
        return value;
    }
}
