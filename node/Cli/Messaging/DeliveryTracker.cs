using System.Diagnostics;
using System.Globalization;
using Interop.Bridge.Chain;
using Interop.Bridge.Status;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Abi;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Errors;
using Interop.Ethereum.Rpc.Model;

namespace Interop.Node.Cli.Messaging;

/// <summary>A message dispatched on its origin, as read from the dispatching transaction's receipt.</summary>
internal sealed record DispatchedMessage(Bytes32 Id, uint Origin, uint Destination, ulong Nonce, Bytes32 OriginTransaction)
{
    /// <summary>Every message <paramref name="receipt"/> dispatched from <paramref name="mailbox"/>.</summary>
    public static IReadOnlyList<DispatchedMessage> FromReceipt(Receipt receipt, Address mailbox, uint origin) =>
        receipt.Logs
            .Where(l => l.Address == mailbox && l.Topics.Count > 0 && l.Topics[0].AsSpan().SequenceEqual(MailboxBinding.DispatchedTopic))
            .Select(l => MailboxBinding.DecodeDispatched(l.Topics, l.Data))
            .Select(d => new DispatchedMessage(d.Id, origin, d.Destination, d.Index, new Bytes32(receipt.TransactionHash)))
            .ToList();
}

/// <summary>How tracking ended.</summary>
internal enum DeliveryResult
{
    Delivered,
    RecipientReverted,
    TimedOut,
}

/// <summary>The end of tracking: the result, words for the user, and the delivery transaction when delivered.</summary>
internal sealed record DeliveryOutcome(DeliveryResult Result, string Detail, Bytes32? DeliveryTransaction = null, ulong? DeliveryBlock = null);

/// <summary>
/// Follows one message to its destination: prints the stages the node reports (dispatched -> attested -> submitted ->
/// delivered) and decides by the destination chain, the ground truth: <c>delivered(origin, nonce)</c> and the Mailbox's
/// Processed / ProcessFailed logs for the id.
/// </summary>
internal static class DeliveryTracker
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);

    public static async Task<DeliveryOutcome> TrackAsync(ClientContext context, DispatchedMessage message, ulong destinationFromBlock, CancellationToken cancellationToken)
    {
        var destination = context.Chain(message.Destination, "--to");
        var mailbox = context.Contract(message.Destination, "Mailbox", "--to");
        using var node = new NodeStatusClient(context.NodeUrl);
        var clock = Stopwatch.StartNew();
        string? lastStage = null;
        string? nodeProblem = null;
        string? chainProblem = null;
        while (true)
        {
            try
            {
                var record = await node.GetAsync(message.Id, cancellationToken).ConfigureAwait(false);
                if (nodeProblem is not null) context.Say($"  node reachable again at {node.Node}");
                nodeProblem = null;
                if (record is not null && record.Stage != lastStage)
                {
                    lastStage = record.Stage;
                    context.Say(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,5:0.0}s  {record.Stage.ToLowerInvariant()}{(record.LastError is null ? "" : $" ({record.LastError})")}"));
                }
            }
            catch (HttpRequestException e)
            {
                if (nodeProblem is null) context.Error.WriteLine($"  warning: {e.Message}; still watching chain {message.Destination}");
                nodeProblem = e.Message;
            }

            try
            {
                var ended = await CheckDestinationAsync(destination, mailbox, message, destinationFromBlock, clock, cancellationToken).ConfigureAwait(false);
                if (chainProblem is not null) context.Say($"  chain {message.Destination} reachable again");
                chainProblem = null;
                if (ended is not null) return ended;
            }
            catch (RpcException e)
            {
                // The chain may come back (a restarted devnet resumes on the same port): keep watching until the timeout.
                if (chainProblem is null) context.Error.WriteLine($"  warning: chain {message.Destination} RPC failed ({e.Message}); retrying");
                chainProblem = e.Message;
            }

            if (clock.Elapsed >= context.Timeout)
            {
                var stage = lastStage is null ? "not yet seen by the node" : $"last stage reported by the node: {lastStage.ToLowerInvariant()}";
                var detail = nodeProblem is null
                    ? $"not delivered after {context.Timeout.TotalSeconds:0} s ({stage})"
                    : $"not delivered after {context.Timeout.TotalSeconds:0} s and the node is unreachable ({nodeProblem}); {stage}";
                if (chainProblem is not null) detail += $"; chain {message.Destination} unreachable: {chainProblem}";
                return new DeliveryOutcome(DeliveryResult.TimedOut, detail);
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The outcome when the destination shows the message delivered or failed; null while it shows neither.</summary>
    private static async Task<DeliveryOutcome?> CheckDestinationAsync(ChainClient destination, Address mailbox, DispatchedMessage message, ulong fromBlock, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        if (await IsDeliveredAsync(destination, mailbox, message, cancellationToken).ConfigureAwait(false))
        {
            var processed = await FindLogAsync(destination, mailbox, MailboxBinding.ProcessedTopic, message.Id, fromBlock, cancellationToken).ConfigureAwait(false);
            var tx = processed is null ? (Bytes32?)null : new Bytes32(processed.TransactionHash);
            return new DeliveryOutcome(DeliveryResult.Delivered,
                string.Create(CultureInfo.InvariantCulture, $"delivered on chain {message.Destination}{(tx is null ? "" : $" in transaction {tx}")} after {clock.Elapsed.TotalSeconds:0.0} s"),
                tx, processed?.BlockNumber);
        }
        var failed = await FindLogAsync(destination, mailbox, MailboxBinding.ProcessFailedTopic, message.Id, fromBlock, cancellationToken).ConfigureAwait(false);
        if (failed is null) return null;
        var revert = MailboxBinding.DecodeProcessFailed(failed.Topics, failed.Data);
        return new DeliveryOutcome(DeliveryResult.RecipientReverted,
            $"the recipient reverted on chain {message.Destination} (transaction {Hex.Encode(failed.TransactionHash)}): {RevertReason.Decode(revert.RevertData)}; the message stays retryable",
            new Bytes32(failed.TransactionHash), failed.BlockNumber);
    }

    /// <summary>
    /// The TokenBridge hold the delivery of <paramref name="messageId"/> in <paramref name="deliveryTransaction"/> went into
    /// (a transfer above the destination bridge's large-transfer threshold), or null when it was paid out (<see cref="HoldLinks"/>).
    /// </summary>
    public static async Task<TransferHeldEvent?> HeldAsync(ChainClient destination, Address mailbox, Address bridge, Bytes32 messageId, Bytes32 deliveryTransaction,
        CancellationToken cancellationToken)
    {
        var receipt = await destination.Rpc.GetTransactionReceiptAsync(deliveryTransaction.ToArray(), cancellationToken).ConfigureAwait(false);
        if (receipt is null) return null;
        return HoldLinks.HoldsInReceipt(receipt.Logs, mailbox).TryGetValue(messageId, out var held) && held.Position.Contract == bridge ? held.Event : null;
    }

    public static async Task<bool> IsDeliveredAsync(ChainClient destination, Address mailbox, DispatchedMessage message, CancellationToken cancellationToken) =>
        MailboxBinding.DecodeDelivered(await destination.CallAsync(mailbox, MailboxBinding.EncodeDelivered(message.Origin, message.Nonce), null, cancellationToken).ConfigureAwait(false));

    private static async Task<Log?> FindLogAsync(ChainClient chain, Address mailbox, byte[] topic0, Bytes32 id, ulong fromBlock, CancellationToken cancellationToken)
    {
        var logs = await chain.Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [mailbox],
            Topics = [[topic0], [id.ToArray()]],
            FromBlock = BlockParameter.AtNumber(fromBlock),
            ToBlock = BlockParameter.Latest,
        }, cancellationToken).ConfigureAwait(false);
        return logs.Count > 0 ? logs[^1] : null;
    }
}
