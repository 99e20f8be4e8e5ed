using System.Text;
using Akka.Actor;
using Interop.Bridge.Indexing;
using Interop.Bridge.Intents;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Rpc.Model;
using Interop.Relayers.Filling;
using Interop.Relayers.Network;
using Interop.Relayers.Relaying;
using Interop.Relayers.TxSending.Queries;
using Interop.Relayers.Validating;
using Interop.Relayers.Watching;

namespace Interop.Relayers.Tests.Support;

/// <summary>
/// Where an intent's settlement stands, stage by stage, read from the chains and the actors: the destination's fill and
/// SettlementSent, the destination Mailbox's Dispatched (nonce, id), the filler's and both TxSenders' state, the watchers,
/// the validators' signatures, the route, the message record, delivery on the origin and the escrow. For failure messages:
/// a timeout then says which stage did not happen instead of only "escrow settled".
/// </summary>
public static class SettlementProbe
{
    public static async Task<string> DescribeAsync(NetworkHarness harness, IRelayerNetwork network, FillerHandle? fillers, IntentOrder order)
    {
        var origin = order.OriginDomain;
        var destination = order.DestinationDomain;
        var text = new StringBuilder($"settlement of order {order.Id} ({origin}->{destination}), at {DateTimeOffset.UtcNow:HH:mm:ss.fff}:");
        async Task Line(string stage, Func<Task<string>> read)
        {
            string value;
            try
            {
                value = await read().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e)
            {
                value = $"(unreadable: {e.GetType().Name}: {e.Message})";
            }
            text.AppendLine().Append("  ").Append(stage).Append(": ").Append(value);
        }

        await Line("heads", async () => $"chain {origin} at {await harness.Client(origin).Rpc.BlockNumberAsync()}, chain {destination} at {await harness.Client(destination).Rpc.BlockNumberAsync()}");
        await Line($"fill on {destination}", async () =>
            IntentPoolAbi.DecodeFillStatus(await harness.Client(destination).CallAsync(harness.Contract(destination, "IntentPool"), IntentPoolAbi.EncodeFills(order.Id))).ToString());
        if (fillers is not null)
        {
            await Line("filler", async () => (await fillers.GetStatusAsync(origin, destination)).ToString());
            foreach (var (chain, sender) in fillers.Actors.Senders)
                await Line($"filler TxSender {chain}", async () => Describe(await sender.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, TimeSpan.FromSeconds(5))));
        }
        var sent = new List<(Bytes32 MessageId, ulong Block, Bytes32 Tx)>();
        await Line($"SettlementSent on {destination}", async () =>
        {
            var logs = await harness.Client(destination).Rpc.GetLogsAsync(new LogFilter
            {
                Addresses = [harness.Contract(destination, "IntentPool")],
                Topics = [[IntentPoolAbi.Definition.Topic0("SettlementSent")]],
                FromBlock = BlockParameter.AtNumber(0),
                ToBlock = BlockParameter.Latest,
            });
            sent.AddRange(logs.Select(l => (new Bytes32(l.Topics[1]), l.BlockNumber, new Bytes32(l.TransactionHash))));
            return logs.Count == 0 ? "none (settle() never mined)" : string.Join(", ", sent.Select(s => $"message {s.MessageId} in block {s.Block} tx {s.Tx}"));
        });
        var dispatched = new List<DispatchedLog>();
        await Line($"Dispatched on {destination}'s Mailbox", async () =>
        {
            var logs = await harness.Client(destination).Rpc.GetLogsAsync(new LogFilter
            {
                Addresses = [harness.Contract(destination, "Mailbox")],
                Topics = [[MailboxBinding.DispatchedTopic]],
                FromBlock = BlockParameter.AtNumber(0),
                ToBlock = BlockParameter.Latest,
            });
            dispatched.AddRange(logs.Select(MailboxLog.Decode).OfType<DispatchedLog>());
            return string.Join(", ", dispatched.Select(d => $"index {d.Event.Index} id {d.Event.Id} to {d.Event.Destination} in block {d.Position.BlockNumber}"
                + (sent.Any(s => s.MessageId == d.Event.Id) ? " (the settlement)" : "")));
        });
        if (network is RelayerNetworkHandle handle)
        {
            var actors = handle.Actors;
            foreach (var (chain, watcher) in actors.Watchers.OrderBy(w => w.Key))
                await Line($"watcher {chain}", async () => (await watcher.Ask<ChainWatcherStatus>(GetChainWatcherStatus.Instance, TimeSpan.FromSeconds(5))).ToString());
            if (actors.ValidatorsByOrigin.TryGetValue(destination, out var validators))
                foreach (var validator in validators)
                    await Line($"validator of {destination}", async () => (await validator.Ask<ValidatorStatus>(GetValidatorStatus.Instance, TimeSpan.FromSeconds(5))).ToString());
            if (actors.Routes.TryGetValue((destination, origin), out var route))
                await Line($"route {destination}->{origin}", async () => (await route.Ask<RouteStatus>(GetRouteStatus.Instance, TimeSpan.FromSeconds(5))) is var r
                    ? $"pending {r.Pending}, submitted {r.Submitted}, delivered {r.Delivered}, dropped {r.Dropped}, batches in flight {r.InFlightBatches}, halted {r.HaltReason ?? "no"}"
                    : "");
            if (actors.TxSenders.TryGetValue(origin, out var relaySender))
                await Line($"relayer TxSender {origin}", async () => Describe(await relaySender.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, TimeSpan.FromSeconds(5))));
        }
        await Line($"latest checkpoints of {destination}", async () =>
            string.Join(", ", (await network.GetLatestCheckpointsAsync(destination)).Select(c => $"index {c.Checkpoint.Index}")) is { Length: > 0 } s ? s : "none");
        foreach (var message in sent)
            await Line($"record of {message.MessageId}", async () => await network.GetAsync(message.MessageId) is { } record
                ? $"{record.Stage}, nonce {record.Nonce}, {record.FailedAttempts} failed attempt(s), last error {record.LastError ?? "none"}; "
                  + string.Join(" -> ", record.History.Select(h => $"{h.Stage} at {h.At:HH:mm:ss.fff}{(h.Detail is null ? "" : $" ({h.Detail})")}"))
                : "unknown to the relayer network");
        foreach (var d in dispatched.Where(d => sent.Any(s => s.MessageId == d.Event.Id)))
            await Line($"delivered({destination}, {d.Event.Index}) on {origin}", async () => (await harness.IsDeliveredAsync(destination, origin, d.Event.Index)).ToString());
        await Line($"Mailbox logs on {origin}", async () => string.Join(", ", (await harness.DeliveryLogsAsync(origin)).Select(l => l switch
        {
            ProcessedLog p => $"Processed {p.Event.Origin}/{p.Event.Nonce} in block {p.Position.BlockNumber}",
            ProcessFailedLog f => $"ProcessFailed {f.Event.Origin}/{f.Event.Nonce} in block {f.Position.BlockNumber}",
            _ => l.GetType().Name,
        })) is { Length: > 0 } s ? s : "none");
        await Line($"escrow on {origin}", async () =>
            IntentPoolAbi.DecodeDepositStatus(await harness.Client(origin).CallAsync(harness.Contract(origin, "IntentPool"), IntentPoolAbi.EncodeDeposits(order.Id))).ToString());
        return text.ToString();
    }

    private static string Describe(TxSenderStatus s) =>
        $"ready {s.Ready}, next nonce {s.NextNonce}, queued [{string.Join(", ", s.Queued)}], pending [{string.Join(", ", s.Pending.Select(p => $"{p.RequestId} nonce {p.Nonce} hashes {p.Hashes.Count}"))}], completed {s.Completed}";
}
