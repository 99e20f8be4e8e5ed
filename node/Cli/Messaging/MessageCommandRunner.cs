using System.CommandLine;
using Interop.Bridge.Chain;
using Interop.Ethereum.Rpc.Errors;

namespace Interop.Node.Cli.Messaging;

/// <summary>Runs a message command body and turns every failure a user can hit into an exit code and one line on stderr.</summary>
internal static class MessageCommandRunner
{
    public static async Task<int> RunAsync(ParseResult parse, ClientOptions options, bool signs, Func<ClientContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken, bool manifestRequired = true)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            await using var context = options.Resolve(parse, signs, manifestRequired);
            return await body(context, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (TransactionRevertedException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.Failed;
        }
        catch (RpcException e)
        {
            await error.WriteLineAsync($"error: chain RPC failed: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.Failed;
        }
        catch (TimeoutException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return CliExitCodes.TimedOut;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("interrupted; the message (if sent) is still on its way: check with `interop status`").ConfigureAwait(false);
            return CliExitCodes.Failed;
        }
    }

    /// <summary>Prints the outcome and returns its exit code.</summary>
    public static int Report(ClientContext context, DeliveryOutcome outcome)
    {
        switch (outcome.Result)
        {
            case DeliveryResult.Delivered:
                context.Say(outcome.Detail);
                return CliExitCodes.Delivered;
            case DeliveryResult.RecipientReverted:
                context.Error.WriteLine($"error: not delivered: {outcome.Detail}");
                return CliExitCodes.Failed;
            default:
                context.Error.WriteLine($"error: {outcome.Detail}");
                return CliExitCodes.TimedOut;
        }
    }
}
