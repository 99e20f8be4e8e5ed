using System.Diagnostics;
using Interop.Bridge.Devnet;

namespace Interop.Testing;

/// <summary>Runs Foundry's `cast` as an independent oracle for codec cross-checks.</summary>
public static class Cast
{
    /// <summary>Runs cast with the arguments and returns trimmed stdout; throws with stderr on a non-zero exit.</summary>
    public static string Run(params string[] arguments)
    {
        var psi = new ProcessStartInfo(FoundryTools.Cast)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start cast");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cast {string.Join(' ', arguments)} did not finish in 60 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cast {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result.Trim();
    }
}
