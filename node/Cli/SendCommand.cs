using System.CommandLine;
using System.Numerics;
using Interop.Bridge.Chain;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Node.Cli.Messaging;

namespace Interop.Node.Cli;

/// <summary>`interop send`: dispatches a raw message through the origin Mailbox and follows it until delivered.</summary>
internal static class SendCommand
{
    public const uint DefaultGasLimit = 150_000;

    public static Command Build()
    {
        var from = CliOptions.ChainId("--from", "Origin chain id.");
        var to = CliOptions.ChainId("--to", "Destination chain id.");
        var recipient = CliOptions.Address("--recipient", "The contract on the destination whose handle(origin, sender, body) receives the message.", required: true);
        var body = CliOptions.HexBytes("--body", "The message body (at most 16384 bytes).");
        var gasLimit = CliOptions.Int("--gas-limit", "Gas the destination gives the recipient's handle.", (int)DefaultGasLimit, 21_000, 30_000_000, "GAS");
        var options = new ClientOptions();
        var command = new Command("send", "Dispatch a message from one chain to another, show its progress, exit 0 once delivered.");
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(recipient);
        command.Options.Add(body);
        command.Options.Add(gasLimit);
        options.AddTo(command);
        command.SetAction((parse, ct) => MessageCommandRunner.RunAsync(parse, options, signs: true, (context, token) =>
            RunAsync(context, parse.GetValue(from), parse.GetValue(to), parse.GetValue(recipient)!.Value, parse.GetValue(body)!, (uint)parse.GetValue(gasLimit), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(ClientContext context, uint from, uint to, Address recipient, byte[] body, uint gasLimit, CancellationToken cancellationToken)
    {
        if (from == to) throw new CliException("--to must differ from --from", CliExitCodes.BadArguments);
        if (body.Length > 16_384) throw new CliException($"--body is {body.Length} bytes; the Mailbox accepts at most 16384", CliExitCodes.BadArguments);
        var origin = context.Chain(from, "--from");
        var mailbox = context.Contract(from, "Mailbox", "--from");
        var destination = context.Chain(to, "--to");
        context.Contract(to, "Mailbox", "--to");

        var fee = MailboxBinding.DecodeQuoteDispatch(await origin.CallAsync(mailbox, MailboxBinding.EncodeQuoteDispatch(to, gasLimit), null, cancellationToken).ConfigureAwait(false));
        var startBlock = await destination.Rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var receipt = await origin.SendAsync(context.Signer, mailbox, MailboxBinding.EncodeDispatch(to, Bytes32.FromAddress(recipient), gasLimit, body), fee, MailboxBinding.Definition, cancellationToken).ConfigureAwait(false);
        var message = DispatchedMessage.FromReceipt(receipt, mailbox, from).Single();
        context.Say($"message {message.Id}");
        context.Say($"  dispatched on chain {from} in transaction {Hex.Encode(receipt.TransactionHash)} (nonce {message.Nonce}, fee {fee} wei) -> chain {to}");
        return MessageCommandRunner.Report(context, await DeliveryTracker.TrackAsync(context, message, startBlock, cancellationToken).ConfigureAwait(false));
    }
}
