using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Node.Cli.Messaging;

namespace Interop.Node.Cli;

/// <summary>`interop transfer`: a canonical TokenBridge transfer of USDC, followed until delivered.</summary>
internal static class TransferCommand
{
    public static Command Build()
    {
        var from = CliOptions.ChainId("--from", "Origin chain id.");
        var to = CliOptions.ChainId("--to", "Destination chain id.");
        var amount = CliOptions.PositiveInteger("--amount", "USDC base units (6 decimals: 100000000 = 100 USDC).", "UNITS", CliOptions.MaxUint256);
        var recipient = CliOptions.Address("--recipient", "Who receives on the destination (default: the signer).", required: false);
        var options = new ClientOptions();
        var command = new Command("transfer", "Bridge USDC through the canonical TokenBridge (approves and pays the fee as needed), show progress, exit 0 once delivered.");
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(amount);
        command.Options.Add(recipient);
        options.AddTo(command);
        command.SetAction((parse, ct) => MessageCommandRunner.RunAsync(parse, options, signs: true, (context, token) =>
            RunAsync(context, parse.GetValue(from), parse.GetValue(to), parse.GetValue(amount), parse.GetValue(recipient), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(ClientContext context, uint from, uint to, BigInteger amount, Address? recipientOption, CancellationToken cancellationToken)
    {
        if (from == to) throw new CliException("--to must differ from --from", CliExitCodes.BadArguments);
        var origin = context.Chain(from, "--from");
        var bridge = context.Contract(from, "TokenBridge", "--from");
        var token = context.Contract(from, "USDC", "--from");
        var mailbox = context.Contract(from, "Mailbox", "--from");
        var destination = context.Chain(to, "--to");
        var destinationToken = context.Contract(to, "USDC", "--to");
        var signer = context.Signer.Address;
        var recipient = recipientOption ?? signer;
        var erc20 = ContractDefinition.Get(ContractNames.TestErc20);
        var bridgeAbi = ContractDefinition.Get(ContractNames.TokenBridge);

        var balance = await Erc20.BalanceAsync(origin, token, signer, cancellationToken).ConfigureAwait(false);
        if (balance < amount) throw new CliException($"--amount {amount} exceeds the signer's USDC balance on chain {from} ({balance}, signer {signer})");
        var allowance = erc20.DecodeOutput("allowance", await origin.CallAsync(token, erc20.Encode("allowance", signer, bridge), null, cancellationToken).ConfigureAwait(false)).Get<BigInteger>(0);
        if (allowance < amount)
        {
            var approval = await origin.SendAsync(context.Signer, token, erc20, "approve", [bridge, amount], cancellationToken: cancellationToken).ConfigureAwait(false);
            context.Say($"approved the TokenBridge for {amount} in transaction {Hex.Encode(approval.TransactionHash)}");
        }
        var fee = bridgeAbi.DecodeOutput("quoteTransferRemote", await origin.CallAsync(bridge, bridgeAbi.Encode("quoteTransferRemote", to), null, cancellationToken).ConfigureAwait(false)).Get<BigInteger>(0);
        var before = await Erc20.BalanceAsync(destination, destinationToken, recipient, cancellationToken).ConfigureAwait(false);
        var startBlock = await destination.Rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);

        var receipt = await origin.SendAsync(context.Signer, bridge, bridgeAbi, "transferRemote", [to, Bytes32.FromAddress(recipient).ToArray(), amount], fee, cancellationToken).ConfigureAwait(false);
        var message = DispatchedMessage.FromReceipt(receipt, mailbox, from).Single();
        context.Say($"message {message.Id}");
        context.Say($"  dispatched on chain {from} in transaction {Hex.Encode(receipt.TransactionHash)} (nonce {message.Nonce}, fee {fee} wei): {amount} USDC base units to {recipient} on chain {to}");
        var outcome = await DeliveryTracker.TrackAsync(context, message, startBlock, cancellationToken).ConfigureAwait(false);
        var exit = MessageCommandRunner.Report(context, outcome);
        if (outcome.Result == DeliveryResult.Delivered)
        {
            var destinationBridge = context.Contract(to, "TokenBridge", "--to");
            if (outcome.DeliveryTransaction is { } delivery
                && await DeliveryTracker.HeldAsync(destination, context.Contract(to, "Mailbox", "--to"), destinationBridge, message.Id, delivery, cancellationToken).ConfigureAwait(false) is { } held)
            {
                var releaseAt = DateTimeOffset.FromUnixTimeSeconds((long)held.ReleaseAt).UtcDateTime;
                context.Say(string.Create(CultureInfo.InvariantCulture,
                    $"held: the TokenBridge on chain {to} holds {held.Amount} for {held.Recipient} as hold {held.HoldId} until {releaseAt:yyyy-MM-ddTHH:mm:ssZ} (above its large-transfer threshold); it pays out on claim({held.HoldId}) after that, which the node's relayer network sends (Interop:Relayer:ClaimHolds) and anyone may send"));
                var now = await Erc20.BalanceAsync(destination, destinationToken, recipient, cancellationToken).ConfigureAwait(false);
                context.Say($"recipient {recipient} USDC on chain {to}: {before} -> {now} (the held {held.Amount} is paid on the claim)");
                return CliExitCodes.Held;
            }
            var after = await Erc20.BalanceAsync(destination, destinationToken, recipient, cancellationToken).ConfigureAwait(false);
            context.Say($"recipient {recipient} USDC on chain {to}: {before} -> {after}");
        }
        return exit;
    }
}

/// <summary>The ERC-20 reads the commands need.</summary>
internal static class Erc20
{
    public static async Task<BigInteger> BalanceAsync(ChainClient chain, Address token, Address owner, CancellationToken cancellationToken)
    {
        var erc20 = ContractDefinition.Get(ContractNames.TestErc20);
        return erc20.DecodeOutput("balanceOf", await chain.CallAsync(token, erc20.Encode("balanceOf", owner), null, cancellationToken).ConfigureAwait(false)).Get<BigInteger>(0);
    }
}
