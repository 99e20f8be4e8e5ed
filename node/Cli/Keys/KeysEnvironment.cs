using Interop.Ethereum.Keystore;

namespace Interop.Node.Cli.Keys;

/// <summary>
/// What the keys commands depend on outside their arguments: environment variables, the password prompt, and the
/// keystore KDF cost. Tests substitute all three (a cheap KDF keeps them fast); users always get <see cref="System"/>.
/// </summary>
internal sealed record KeysEnvironment(Func<string, string?> GetVariable, IPasswordPrompt Prompt, KdfParameters KeystoreKdf)
{
    /// <summary>The process environment, the console, and the standard scrypt cost (n = 2^18, r = 8, p = 1).</summary>
    public static KeysEnvironment System { get; } = new(Environment.GetEnvironmentVariable, new ConsolePasswordPrompt(), new ScryptParameters());
}

/// <summary>Reads a password without echoing it.</summary>
internal interface IPasswordPrompt
{
    /// <summary>False when there is no interactive terminal to ask on (input redirected, CI, service).</summary>
    bool IsAvailable { get; }

    string ReadPassword(string prompt);
}

/// <summary>Prompts on the terminal: the prompt goes to stderr so stdout stays clean, typed keys are not echoed.</summary>
internal sealed class ConsolePasswordPrompt : IPasswordPrompt
{
    public bool IsAvailable => !Console.IsInputRedirected;

    public string ReadPassword(string prompt)
    {
        Console.Error.Write(prompt);
        var buffer = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (buffer.Length > 0) buffer.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                buffer.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return buffer.ToString();
    }
}
