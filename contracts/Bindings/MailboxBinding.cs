using System.Numerics;
using Interop.Ethereum;
using Interop.Ethereum.Abi;

namespace Interop.Contracts.Bindings;

/// <summary>A validator-signed checkpoint as the contracts take it: the origin tree with <c>Index + 1</c> leaves has <c>Root</c>.</summary>
public sealed record CheckpointArgument(uint Origin, Bytes32 OriginMailbox, Bytes32 Root, uint Index)
{
    internal object?[] ToTuple() => [Origin, OriginMailbox.ToArray(), Root.ToArray(), Index];
}

/// <summary>Mailbox.Dispatched: a message left the origin; (Root, Index) is a signable checkpoint.</summary>
public sealed record DispatchedEvent(Bytes32 Id, uint Destination, Bytes32 Recipient, uint Index, Bytes32 Root, byte[] Message);

/// <summary>Mailbox.Processed: a message was delivered (the only proof of delivery watchers should trust).</summary>
public sealed record ProcessedEvent(Bytes32 Id, uint Origin, ulong Nonce);

/// <summary>Mailbox.ProcessFailed: the recipient reverted; the message is failed-retryable.</summary>
public sealed record ProcessFailedEvent(Bytes32 Id, uint Origin, ulong Nonce, byte[] RevertData);

/// <summary>Mailbox.GasPayment: what the sender paid for destination gas.</summary>
public sealed record GasPaymentEvent(Bytes32 Id, uint Destination, uint GasLimit, BigInteger Payment);

/// <summary>Typed calldata and event decoding for the Mailbox.</summary>
public static class MailboxBinding
{
    public static ContractDefinition Definition => ContractDefinition.Get(ContractNames.Mailbox);

    private static readonly AbiFunction DispatchFunction = Definition.Abi.GetFunction("dispatch");
    private static readonly AbiFunction ProcessBatchFunction = Definition.Abi.GetFunction("processBatch");
    private static readonly AbiFunction RetryFunction = Definition.Abi.GetFunction("retry");
    private static readonly AbiFunction QuoteDispatchFunction = Definition.Abi.GetFunction("quoteDispatch");
    private static readonly AbiFunction DeliveredFunction = Definition.Abi.GetFunction("delivered");
    private static readonly AbiFunction CountFunction = Definition.Abi.GetFunction("count");
    private static readonly AbiFunction LatestCheckpointFunction = Definition.Abi.GetFunction("latestCheckpoint");
    private static readonly AbiEvent Dispatched = Definition.Abi.GetEvent("Dispatched");
    private static readonly AbiEvent Processed = Definition.Abi.GetEvent("Processed");
    private static readonly AbiEvent ProcessFailed = Definition.Abi.GetEvent("ProcessFailed");
    private static readonly AbiEvent GasPayment = Definition.Abi.GetEvent("GasPayment");

    public static byte[] DispatchedTopic => Dispatched.Topic0.ToArray();
    public static byte[] ProcessedTopic => Processed.Topic0.ToArray();
    public static byte[] ProcessFailedTopic => ProcessFailed.Topic0.ToArray();
    public static byte[] GasPaymentTopic => GasPayment.Topic0.ToArray();

    public static byte[] EncodeDeployment(uint localDomain, Address ism, Address owner) =>
        Definition.EncodeDeployment(localDomain, ism, owner);

    public static byte[] EncodeDispatch(uint destination, Bytes32 recipient, uint gasLimit, byte[] body) =>
        DispatchFunction.EncodeCall(destination, recipient.ToArray(), gasLimit, body);

    public static byte[] EncodeQuoteDispatch(uint destination, uint gasLimit) => QuoteDispatchFunction.EncodeCall(destination, gasLimit);

    public static BigInteger DecodeQuoteDispatch(ReadOnlySpan<byte> output) => QuoteDispatchFunction.DecodeOutput(output).Get<BigInteger>(0);

    /// <summary>processBatch(checkpoint, signatures, messages, proof): one transaction delivering a batch.</summary>
    public static byte[] EncodeProcessBatch(CheckpointArgument checkpoint, byte[] signatures, IReadOnlyList<byte[]> messages, IReadOnlyList<Bytes32> proof) =>
        ProcessBatchFunction.EncodeCall(checkpoint.ToTuple(), signatures, messages.ToArray(), proof.Select(p => p.ToArray()).ToArray());

    public static byte[] EncodeRetry(byte[] message) => RetryFunction.EncodeCall(message);

    public static byte[] EncodeDelivered(uint origin, ulong nonce) => DeliveredFunction.EncodeCall(origin, nonce);

    public static bool DecodeDelivered(ReadOnlySpan<byte> output) => DeliveredFunction.DecodeOutput(output).Get<bool>(0);

    public static byte[] EncodeCount() => CountFunction.EncodeCall();

    public static ulong DecodeCount(ReadOnlySpan<byte> output) => (ulong)CountFunction.DecodeOutput(output).Get<BigInteger>(0);

    public static byte[] EncodeLatestCheckpoint() => LatestCheckpointFunction.EncodeCall();

    public static (Bytes32 Root, uint Index) DecodeLatestCheckpoint(ReadOnlySpan<byte> output)
    {
        var values = LatestCheckpointFunction.DecodeOutput(output);
        return (new Bytes32(values.Get<byte[]>(0)), (uint)values.Get<BigInteger>(1));
    }

    public static DispatchedEvent DecodeDispatched(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var v = Dispatched.DecodeLog(topics, data);
        return new DispatchedEvent(new Bytes32(v.Get<byte[]>("id")), (uint)v.Get<BigInteger>("destination"), new Bytes32(v.Get<byte[]>("recipient")),
            (uint)v.Get<BigInteger>("index"), new Bytes32(v.Get<byte[]>("root")), v.Get<byte[]>("message"));
    }

    public static ProcessedEvent DecodeProcessed(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var v = Processed.DecodeLog(topics, data);
        return new ProcessedEvent(new Bytes32(v.Get<byte[]>("id")), (uint)v.Get<BigInteger>("origin"), (ulong)v.Get<BigInteger>("nonce"));
    }

    public static ProcessFailedEvent DecodeProcessFailed(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var v = ProcessFailed.DecodeLog(topics, data);
        return new ProcessFailedEvent(new Bytes32(v.Get<byte[]>("id")), (uint)v.Get<BigInteger>("origin"), (ulong)v.Get<BigInteger>("nonce"), v.Get<byte[]>("revertData"));
    }

    public static GasPaymentEvent DecodeGasPayment(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var v = GasPayment.DecodeLog(topics, data);
        return new GasPaymentEvent(new Bytes32(v.Get<byte[]>("id")), (uint)v.Get<BigInteger>("destination"), (uint)v.Get<BigInteger>("gasLimit"), v.Get<BigInteger>("payment"));
    }
}
