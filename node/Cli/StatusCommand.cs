using System.CommandLine;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Node.Cli.Messaging;

namespace Interop.Node.Cli;

/// <summary>`interop status`: what the node knows of a message (by id) or of a transaction's messages (by hash), checked against the destination chain.</summary>
internal static class StatusCommand
{
    public static Command Build()
    {
        var target = new Argument<Bytes32>("id-or-tx")
        {
            Description = "A message id or the hash of the transaction that dispatched (or delivered) it: 0x + 64 hex digits.",
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (token.Length == 66 && Hex.IsHex(token)) return Bytes32.Parse(token);
                result.AddError($"id-or-tx must be 0x followed by 64 hex digits, got '{CliOptions.Shorten(token)}'");
                return Bytes32.Zero;
            },
        };
        var options = new ClientOptions();
        var command = new Command("status", "Show a message's stage by message id or transaction hash (exit 0 when found, 1 when unknown or the node is unreachable).");
        command.Arguments.Add(target);
        options.AddTo(command, signs: false);
        command.SetAction((parse, ct) => MessageCommandRunner.RunAsync(parse, options, signs: false,
            (context, token) => RunAsync(context, parse.GetValue(target), token), ct, manifestRequired: false));
        return command;
    }

    private static async Task<int> RunAsync(ClientContext context, Bytes32 target, CancellationToken cancellationToken)
    {
        using var node = new NodeStatusClient(context.NodeUrl);
        IReadOnlyList<NodeMessage> records;
        try
        {
            var byId = await node.GetAsync(target, cancellationToken).ConfigureAwait(false);
            records = byId is not null ? [byId] : await node.FindByTransactionAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot ask the node: {e.Message} (pass --node URL)");
        }
        if (records.Count == 0)
            throw new CliException($"{target} is neither a message id nor a transaction with messages known to the node at {context.NodeUrl} (a message appears once its origin block is confirmed)");

        foreach (var record in records)
        {
            context.Say($"message {record.Id}");
            context.Say($"  stage        {record.Stage.ToLowerInvariant()}");
            context.Say($"  route        chain {record.Origin} -> chain {record.Destination}, nonce {record.Nonce}");
            if (record.OriginTransaction is not null) context.Say($"  dispatched   {record.OriginTransaction}");
            if (record.DeliveryTransaction is not null) context.Say($"  delivered    {record.DeliveryTransaction}");
            if (record.LastError is not null) context.Say($"  last error   {record.LastError}");
            if (record.Hold is { } hold)
                context.Say(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"  hold         {hold.HoldId} of {hold.Amount} on TokenBridge {hold.Bridge}, {(hold.ReleaseTransaction is { } released ? $"released in {released}" : $"claimable from {hold.ReleaseAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")}"));
            if (context.HasManifest && context.Manifest.Chains.Any(c => c.ChainId == record.Destination))
            {
                var message = new DispatchedMessage(Bytes32.Parse(record.Id), record.Origin, record.Destination, ulong.Parse(record.Nonce, System.Globalization.CultureInfo.InvariantCulture), Bytes32.Zero);
                var delivered = await DeliveryTracker.IsDeliveredAsync(context.Chain(record.Destination, "--manifest"), context.Contract(record.Destination, "Mailbox", "--manifest"), message, cancellationToken).ConfigureAwait(false);
                context.Say($"  on chain     {(delivered ? "delivered" : "not delivered")} (Mailbox.delivered({record.Origin}, {record.Nonce}) on chain {record.Destination})");
            }
        }
        return CliExitCodes.Delivered;
    }
}
