using System.CommandLine;
using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Rpc.Model;
using Interop.Node.Cli.Messaging;

namespace Interop.Node.Cli;

/// <summary>`interop position migrate`: moves a perp position (with its margin) to another L2, or brings it back when the destination rejects it.</summary>
internal static class PositionCommand
{
    /// <summary>PositionManager's MigrationRejected reasons.</summary>
    private static readonly string[] RejectReasons = ["unknown", "the market is unavailable there", "the price is unavailable or stale there", "the margin is insufficient at the destination price", "the position id is taken there"];

    public static Command Build()
    {
        var position = new Command("position", "Perp positions across L2s.");
        var chain = CliOptions.ChainId("--chain", "The chain the position is on.");
        var id = CliOptions.PositiveInteger("--id", "The position id.", "ID", CliOptions.MaxUint256);
        var to = CliOptions.ChainId("--to", "The chain to move it to.");
        var options = new ClientOptions();
        var migrate = new Command("migrate", "Migrate a position: exit 0 once re-opened on --to; if --to rejects it, bounce it back, wait until it is restored on --chain, and exit 4.");
        migrate.Options.Add(chain);
        migrate.Options.Add(id);
        migrate.Options.Add(to);
        options.AddTo(migrate);
        migrate.SetAction((parse, ct) => MessageCommandRunner.RunAsync(parse, options, signs: true, (context, token) =>
            MigrateAsync(context, parse.GetValue(chain), parse.GetValue(id), parse.GetValue(to), token), ct));
        position.Subcommands.Add(migrate);
        return position;
    }

    private static async Task<int> MigrateAsync(ClientContext context, uint from, BigInteger positionId, uint to, CancellationToken cancellationToken)
    {
        if (from == to) throw new CliException("--to must differ from --chain", CliExitCodes.BadArguments);
        var abi = ContractDefinition.Get(ContractNames.PositionManager);
        var origin = context.Chain(from, "--chain");
        var originManager = context.Contract(from, "PositionManager", "--chain");
        var originMailbox = context.Contract(from, "Mailbox", "--chain");
        var destination = context.Chain(to, "--to");
        var destinationManager = context.Contract(to, "PositionManager", "--to");
        var destinationMailbox = context.Contract(to, "Mailbox", "--to");

        var owner = abi.DecodeOutput("positions", await origin.CallAsync(originManager, abi.Encode("positions", positionId), null, cancellationToken).ConfigureAwait(false)).Get<Address>(0);
        if (owner == Address.Zero) throw new CliException($"--id: there is no open position {positionId} on chain {from}");
        if (owner != context.Signer.Address) throw new CliException($"--id: position {positionId} belongs to {owner}, not the signer {context.Signer.Address} (choose the key with --key-index or --keystore)");

        var fee = await QuoteAsync(origin, originManager, to, cancellationToken).ConfigureAwait(false);
        var destinationStart = await destination.Rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var receipt = await origin.SendAsync(context.Signer, originManager, abi, "migrate", [positionId, to], fee, cancellationToken).ConfigureAwait(false);
        var message = DispatchedMessage.FromReceipt(receipt, originMailbox, from).Single();
        context.Say($"position {positionId}: migrating from chain {from} to chain {to}");
        context.Say($"message {message.Id}");
        context.Say($"  dispatched on chain {from} in transaction {Hex.Encode(receipt.TransactionHash)} (nonce {message.Nonce}, fee {fee} wei)");
        var outcome = await DeliveryTracker.TrackAsync(context, message, destinationStart, cancellationToken).ConfigureAwait(false);
        if (outcome.Result != DeliveryResult.Delivered) return MessageCommandRunner.Report(context, outcome);
        context.Say(outcome.Detail);

        var arrival = await FindPositionEventAsync(destination, destinationManager, abi, ["PositionMigratedIn", "MigrationRejected"], positionId, destinationStart, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"the migration message was delivered on chain {to} but its PositionManager logged neither PositionMigratedIn nor MigrationRejected for position {positionId}");
        if (arrival.Event.Name == "PositionMigratedIn")
        {
            context.Say($"position {positionId} re-opened on chain {to}");
            return CliExitCodes.Delivered;
        }

        var reason = (int)arrival.Values.Get<BigInteger>("reason");
        context.Say($"position {positionId} rejected by chain {to}: {(reason < RejectReasons.Length ? RejectReasons[reason] : $"reason {reason}")}; bouncing it back to chain {from}");
        var bounceFee = await QuoteAsync(destination, destinationManager, from, cancellationToken).ConfigureAwait(false);
        var originStart = await origin.Rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var bounce = await destination.SendAsync(context.Signer, destinationManager, abi, "bounce", [positionId], bounceFee, cancellationToken).ConfigureAwait(false);
        var back = DispatchedMessage.FromReceipt(bounce, destinationMailbox, to).Single();
        context.Say($"message {back.Id}");
        context.Say($"  dispatched on chain {to} in transaction {Hex.Encode(bounce.TransactionHash)} (nonce {back.Nonce}, fee {bounceFee} wei)");
        var returned = await DeliveryTracker.TrackAsync(context, back, originStart, cancellationToken).ConfigureAwait(false);
        if (returned.Result != DeliveryResult.Delivered) return MessageCommandRunner.Report(context, returned);
        context.Say(returned.Detail);
        _ = await FindPositionEventAsync(origin, originManager, abi, ["PositionRestored"], positionId, originStart, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"the bounce was delivered on chain {from} but its PositionManager logged no PositionRestored for position {positionId}");
        context.Say($"position {positionId} restored on chain {from} (not migrated)");
        return CliExitCodes.RestoredOnOrigin;
    }

    private static async Task<BigInteger> QuoteAsync(ChainClient chain, Address manager, uint destination, CancellationToken cancellationToken)
    {
        var abi = ContractDefinition.Get(ContractNames.PositionManager);
        return abi.DecodeOutput("quoteMigrate", await chain.CallAsync(manager, abi.Encode("quoteMigrate", destination), null, cancellationToken).ConfigureAwait(false)).Get<BigInteger>(0);
    }

    private static async Task<Interop.Ethereum.Abi.DecodedEvent?> FindPositionEventAsync(ChainClient chain, Address manager, ContractDefinition abi, string[] events, BigInteger positionId,
        ulong fromBlock, CancellationToken cancellationToken)
    {
        var logs = await chain.Rpc.GetLogsAsync(new LogFilter
        {
            Addresses = [manager],
            Topics = [events.Select(abi.Topic0).ToList(), [HexBigInteger.ToBytes(positionId, 32)]],
            FromBlock = BlockParameter.AtNumber(fromBlock),
            ToBlock = BlockParameter.Latest,
        }, cancellationToken).ConfigureAwait(false);
        return logs.Count == 0 ? null : abi.DecodeLog(logs[^1].Topics, logs[^1].Data);
    }
}
