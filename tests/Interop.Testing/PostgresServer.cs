using System.Diagnostics;
using System.Globalization;
using Interop.Bridge.Devnet;

namespace Interop.Testing;

/// <summary>
/// A private PostgreSQL cluster for tests: initdb into a temporary folder, the server in the foreground under a
/// <see cref="SupervisedProcess"/> (so it dies with the test host, even on kill -9), one database, a connection string.
/// Dispose stops the server and deletes the folder. initdb and postgres refuse to run as root, so as root they run as
/// the <c>postgres</c> user (the folder is handed to it).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string ReadyLine = "database system is ready to accept connections";
    private const string ServiceUser = "postgres";

    private readonly SupervisedProcess _process;
    private readonly string _binDirectory;
    private int _disposed;

    private PostgresServer(SupervisedProcess process, string binDirectory, string rootDirectory, int port, string database)
    {
        _process = process;
        _binDirectory = binDirectory;
        RootDirectory = rootDirectory;
        Port = port;
        Database = database;
    }

    /// <summary>The temporary folder holding the cluster (data/) and the server's Unix socket.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public int Port { get; }

    public string Database { get; }

    /// <summary>An Npgsql connection string for <see cref="Database"/> (trust authentication, loopback only).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={ServiceUser};Database={Database}";

    /// <summary>Creates a cluster, starts the server on a free loopback port and creates <paramref name="database"/>.</summary>
    public static async Task<PostgresServer> StartAsync(string database = "interop", TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var bin = FindBinDirectory();
        var root = Directory.CreateTempSubdirectory("interop-pg-").FullName;
        try
        {
            if (RunningAsRoot) Run("chown", [$"{ServiceUser}:{ServiceUser}", root], limit);
            Run(Path.Combine(bin, "initdb"), ["-D", Path.Combine(root, "data"), "-A", "trust", "-U", ServiceUser, "-E", "UTF8", "--no-sync"], limit, asServiceUser: true);
            for (var attempt = 1; ; attempt++)
            {
                var port = AnvilProcess.FreeTcpPort();
                var (process, ready, log) = StartServer(bin, root, port);
                try
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    cts.CancelAfter(limit);
                    while (!ready.Task.IsCompleted && !process.HasExited)
                        await Task.WhenAny(ready.Task, Task.Delay(50, cts.Token)).ConfigureAwait(false);
                    if (ready.Task.IsCompleted)
                    {
                        Run(Path.Combine(bin, "createdb"), ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", ServiceUser, database], limit);
                        return new PostgresServer(process, bin, root, port, database);
                    }
                }
                catch
                {
                    process.Dispose();
                    throw;
                }
                process.Dispose();
                // The port can be taken between probing and binding: try a fresh one a couple of times.
                if (attempt >= 3)
                    throw new InvalidOperationException($"postgres exited before accepting connections: {string.Join(" | ", log)}");
            }
        }
        catch
        {
            DeleteDirectory(root);
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown: open client sessions are ended) and deletes its folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            if (!_process.HasExited)
                Run(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "20", "stop"], TimeSpan.FromSeconds(30), asServiceUser: true, throwOnError: false);
        }
        finally
        {
            _process.Dispose();
            DeleteDirectory(RootDirectory);
        }
    }

    /// <summary>
    /// The folder with initdb, postgres, pg_ctl and createdb: INTEROP_POSTGRES_BIN, else the newest
    /// /usr/lib/postgresql/*/bin (Debian keeps the server there, off PATH), else PATH.
    /// </summary>
    public static string FindBinDirectory()
    {
        static bool HasServer(string dir) => File.Exists(Path.Combine(dir, "postgres")) && File.Exists(Path.Combine(dir, "initdb"));

        var explicitDir = Environment.GetEnvironmentVariable("INTEROP_POSTGRES_BIN");
        if (!string.IsNullOrEmpty(explicitDir) && HasServer(explicitDir)) return explicitDir;
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(c => HasServer(c.Dir))
                .OrderByDescending(c => c.Version)
                .FirstOrDefault();
            if (newest.Dir is not null) return newest.Dir;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            // A symlink such as /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb leads to the real folder.
            var initdb = new FileInfo(Path.Combine(dir, "initdb"));
            if (!initdb.Exists) continue;
            var target = initdb.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb.FullName;
            var real = Path.GetDirectoryName(target)!;
            if (HasServer(real)) return real;
            if (HasServer(dir)) return dir;
        }
        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, postgres) were not found in /usr/lib/postgresql/*/bin or on PATH. " +
            "Install them with `apt-get install postgresql`, or set INTEROP_POSTGRES_BIN to the folder holding them.");
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private static (SupervisedProcess Process, TaskCompletionSource Ready, System.Collections.Concurrent.ConcurrentQueue<string> Log) StartServer(string bin, string root, int port)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void OnLine(string line)
        {
            log.Enqueue(line);
            if (log.Count > 50) log.TryDequeue(out _);
            if (line.Contains(ReadyLine, StringComparison.Ordinal)) ready.TrySetResult();
        }
        // In the foreground (not pg_ctl start) so the watchdog owns it; fsync off: a test cluster needs no durability.
        var (file, args) = Command(Path.Combine(bin, "postgres"),
            ["-D", Path.Combine(root, "data"), "-p", port.ToString(CultureInfo.InvariantCulture), "-k", root,
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"], asServiceUser: true);
        var process = SupervisedProcess.Start($"postgres:{port}", file, args, onStdout: OnLine, onStderr: OnLine);
        return (process, ready, log);
    }

    private static (string File, IReadOnlyList<string> Arguments) Command(string file, IReadOnlyList<string> arguments, bool asServiceUser) =>
        asServiceUser && RunningAsRoot ? ("runuser", ["-u", ServiceUser, "--", file, .. arguments]) : (file, arguments);

    private static void Run(string file, IReadOnlyList<string> arguments, TimeSpan timeout, bool asServiceUser = false, bool throwOnError = true)
    {
        var (command, args) = Command(file, arguments, asServiceUser);
        var psi = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {timeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0 && throwOnError)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }
}
