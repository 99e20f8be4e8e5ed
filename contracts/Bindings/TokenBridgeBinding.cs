using System.Numerics;
using Interop.Ethereum;
using Interop.Ethereum.Abi;

namespace Interop.Contracts.Bindings;

/// <summary>TokenBridge.TransferHeld: an inbound transfer above the large-transfer threshold was held instead of paid out.</summary>
/// <param name="ReleaseAt">Unix seconds (the destination chain's clock) from which anyone may <c>claim(HoldId)</c>.</param>
public sealed record TransferHeldEvent(BigInteger HoldId, uint Origin, Address Recipient, BigInteger Amount, ulong ReleaseAt);

/// <summary>TokenBridge.HoldReleased: a hold was claimed (by anyone) and its tokens paid to the recipient.</summary>
public sealed record HoldReleasedEvent(BigInteger HoldId, Address Recipient, BigInteger Amount);

/// <summary>Typed calldata and event decoding for the TokenBridge's large-transfer holds.</summary>
public static class TokenBridgeBinding
{
    public static ContractDefinition Definition => ContractDefinition.Get(ContractNames.TokenBridge);

    private static readonly AbiEvent TransferHeld = Definition.Abi.GetEvent("TransferHeld");
    private static readonly AbiEvent HoldReleased = Definition.Abi.GetEvent("HoldReleased");
    private static readonly AbiFunction ClaimFunction = Definition.Abi.GetFunction("claim");
    private static readonly AbiFunction HoldsFunction = Definition.Abi.GetFunction("holds");

    public static byte[] TransferHeldTopic => TransferHeld.Topic0.ToArray();
    public static byte[] HoldReleasedTopic => HoldReleased.Topic0.ToArray();

    /// <summary>claim(holdId): releases a mature hold; anyone may call (reverts UnknownHold once claimed).</summary>
    public static byte[] EncodeClaim(BigInteger holdId) => ClaimFunction.EncodeCall(holdId);

    /// <summary>holds(holdId): the hold's public fields.</summary>
    public static byte[] EncodeHolds(BigInteger holdId) => HoldsFunction.EncodeCall(holdId);

    /// <summary>Whether holds(holdId) still holds something: its first field, the recipient, is zero once the hold was claimed (or never existed).</summary>
    public static bool DecodeHoldPresent(ReadOnlySpan<byte> output)
    {
        if (output.Length < 32) throw new AbiDecodingException(0, $"holds() returned {output.Length} bytes, expected at least 32");
        return output[..32].IndexOfAnyExcept((byte)0) >= 0;
    }

    public static TransferHeldEvent DecodeTransferHeld(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var v = TransferHeld.DecodeLog(topics, data);
        return new TransferHeldEvent(v.Get<BigInteger>("holdId"), (uint)v.Get<BigInteger>("origin"), v.Get<Address>("recipient"),
            v.Get<BigInteger>("amount"), (ulong)v.Get<BigInteger>("releaseAt"));
    }

    public static HoldReleasedEvent DecodeHoldReleased(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var v = HoldReleased.DecodeLog(topics, data);
        return new HoldReleasedEvent(v.Get<BigInteger>("holdId"), v.Get<Address>("recipient"), v.Get<BigInteger>("amount"));
    }
}
