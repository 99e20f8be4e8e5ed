namespace Interop.Node.Cli.Keys;

/// <summary>Chooses the password for a new keystore: the environment variable, else a twice-asked terminal prompt.</summary>
internal static class KeystorePassword
{
    /// <summary>The environment variable that supplies the password non-interactively.</summary>
    public const string EnvironmentVariable = "INTEROP_KEYSTORE_PASSWORD";

    /// <summary>The password of an existing keystore: the environment variable, else a terminal prompt (asked once).</summary>
    /// <exception cref="Messaging.CliException">No source of a password (exit 2).</exception>
    public static string ForExistingKeystore(KeysEnvironment environment)
    {
        var fromEnvironment = environment.GetVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        if (!environment.Prompt.IsAvailable)
            throw new Messaging.CliException($"--keystore: no password: set {EnvironmentVariable}, or run in an interactive terminal to be prompted", Messaging.CliExitCodes.BadArguments);
        return environment.Prompt.ReadPassword("Keystore password: ");
    }

    /// <exception cref="KeysCommandException">No source of a password, an empty password, or the two entries differ.</exception>
    public static string ForNewKeystore(KeysEnvironment environment)
    {
        var fromEnvironment = environment.GetVariable(EnvironmentVariable);
        if (fromEnvironment is not null)
        {
            if (fromEnvironment.Length == 0)
                throw new KeysCommandException($"{EnvironmentVariable} is set but empty; set it to the keystore password or unset it to be prompted");
            return fromEnvironment;
        }

        if (!environment.Prompt.IsAvailable)
            throw new KeysCommandException($"no keystore password: set {EnvironmentVariable}, or run in an interactive terminal to be prompted");

        var password = environment.Prompt.ReadPassword("Keystore password: ");
        if (password.Length == 0) throw new KeysCommandException("the keystore password must not be empty");
        if (environment.Prompt.ReadPassword("Repeat the password: ") != password)
            throw new KeysCommandException("the two passwords do not match; nothing was written");
        return password;
    }
}

/// <summary>A keys command failed for a reason the user can fix; the message says what to do.</summary>
internal sealed class KeysCommandException(string message) : Exception(message);
