using System.Diagnostics;

namespace Interop.Bridge.Devnet;

/// <summary>
/// A child process that cannot outlive us: it is started under a small shell watchdog that kills it when this
/// process disappears (even by kill -9), and it is killed on <see cref="Dispose"/> and on normal process exit.
/// </summary>
public sealed class SupervisedProcess : IDisposable
{
    // The watchdog polls our pid; when we are gone (or asked to stop) it terminates the child and reaps it.
    private const string Watchdog =
        "\"$@\" & child=$!; " +
        "trap 'kill -TERM $child 2>/dev/null; wait $child; exit 0' TERM INT; " +
        "while kill -0 $WATCH_PID 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5 & wait $!; done; " +
        "kill -TERM $child 2>/dev/null; wait $child";

    private readonly Process _process;
    private int _disposed;

    private SupervisedProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>A short label for logs (e.g. "anvil l1").</summary>
    public string Name { get; }

    /// <summary>The watchdog shell's pid (the child is its only child).</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; output lines go to the callbacks.</summary>
    public static SupervisedProcess Start(string name, string fileName, IEnumerable<string> arguments,
        Action<string>? onStdout = null, Action<string>? onStderr = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Watchdog);
        psi.ArgumentList.Add("watchdog");
        psi.ArgumentList.Add(fileName);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.Environment["WATCH_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onStdout?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onStderr?.Invoke(e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"could not start {name} ({fileName})");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SupervisedProcess(process, name);
    }

    /// <summary>Asks the child to stop (SIGTERM through the watchdog) and waits up to <paramref name="timeout"/>, then kills.</summary>
    public void Stop(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        try
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
                kill?.WaitForExit();
            if (!_process.WaitForExit(timeout))
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // The process exited between the check and the signal: nothing left to stop.
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();
}
