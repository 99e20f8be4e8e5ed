namespace Interop.Node.Cli.Messaging;

/// <summary>Exit codes of the message commands (send, transfer, status, position migrate).</summary>
internal static class CliExitCodes
{
    /// <summary>Delivered (migrate: re-opened at the destination); status: the message was found.</summary>
    public const int Delivered = 0;

    /// <summary>Not delivered: the recipient reverted, the transaction failed, or the message is unknown.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments or configuration; the message names the option or key.</summary>
    public const int BadArguments = 2;

    /// <summary>Still undelivered when --timeout expired (the last known stage is printed).</summary>
    public const int TimedOut = 3;

    /// <summary>position migrate: the destination rejected the position and it was restored on its origin.</summary>
    public const int RestoredOnOrigin = 4;

    /// <summary>transfer: delivered, but the destination TokenBridge holds the tokens (large-transfer delay) until claim(holdId).</summary>
    public const int Held = 5;
}

/// <summary>A message command failed for a reason the user can act on; <see cref="ExitCode"/> says which kind.</summary>
internal sealed class CliException(string message, int exitCode = CliExitCodes.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
