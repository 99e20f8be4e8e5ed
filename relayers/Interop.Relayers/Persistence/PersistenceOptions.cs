using Microsoft.Data.Sqlite;
using Npgsql;

namespace Interop.Relayers.Persistence;

/// <summary>Which database holds the event journal and the snapshots.</summary>
public enum PersistenceProvider
{
    /// <summary>A local SQLite file (the single-node default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (several nodes, or an operator who wants a managed database).</summary>
    PostgreSql,
}

/// <summary>
/// Where the node persists its actors' events and snapshots, bound from <c>Interop:Persistence</c>. Without a connection
/// string SQLite uses <see cref="DefaultSqliteFile"/> under the working directory.
/// </summary>
public sealed record PersistenceOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Interop:Persistence";

    /// <summary>The SQLite file used when no connection string is configured.</summary>
    public const string DefaultSqliteFile = "./data/interop.db";

    /// <summary>The database kind; SQLite unless configured.</summary>
    public PersistenceProvider Provider { get; init; } = PersistenceProvider.Sqlite;

    /// <summary>An ADO.NET connection string for <see cref="Provider"/>; required for PostgreSQL, optional for SQLite.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Options for a SQLite file at <paramref name="path"/>.</summary>
    public static PersistenceOptions SqliteFile(string path) =>
        new() { Provider = PersistenceProvider.Sqlite, ConnectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString() };

    /// <summary>Options for a PostgreSQL database.</summary>
    public static PersistenceOptions PostgreSql(string connectionString) =>
        new() { Provider = PersistenceProvider.PostgreSql, ConnectionString = connectionString };

    /// <summary>The problems with these options, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        const string providerKey = SectionName + ":" + nameof(Provider);
        const string connectionKey = SectionName + ":" + nameof(ConnectionString);
        switch (Provider)
        {
            case PersistenceProvider.Sqlite:
                if (ConnectionString is null) break;
                if (!TryParse(() => new SqliteConnectionStringBuilder(ConnectionString), out var sqlite, out var sqliteError))
                    errors.Add($"{connectionKey} is not a valid SQLite connection string: {sqliteError}");
                else if (string.IsNullOrWhiteSpace(sqlite!.DataSource))
                    errors.Add($"{connectionKey} must name a SQLite file (Data Source=...), or be left out to use {DefaultSqliteFile}");
                else if (sqlite.Mode == SqliteOpenMode.Memory || sqlite.DataSource.Trim() == ":memory:")
                    // An in-memory database disappears with its last connection: the journal would be lost silently.
                    errors.Add($"{connectionKey} names an in-memory SQLite database; the journal must survive restarts, so use a file");
                break;
            case PersistenceProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(ConnectionString))
                    errors.Add($"{connectionKey} is required when {providerKey} is {nameof(PersistenceProvider.PostgreSql)} (e.g. \"Host=db;Database=interop;Username=interop;Password=...\")");
                else if (!TryParse(() => new NpgsqlConnectionStringBuilder(ConnectionString), out var npgsql, out var npgsqlError))
                    errors.Add($"{connectionKey} is not a valid PostgreSQL connection string: {npgsqlError}");
                else if (string.IsNullOrWhiteSpace(npgsql!.Host))
                    errors.Add($"{connectionKey} must name a host (Host=...)");
                break;
            default:
                errors.Add($"{providerKey} must be {nameof(PersistenceProvider.Sqlite)} or {nameof(PersistenceProvider.PostgreSql)}, got '{Provider}'");
                break;
        }
        return errors;
    }

    /// <summary>
    /// The connection string the journal uses: the configured one, or the default SQLite file. A relative SQLite path is
    /// made absolute against <paramref name="baseDirectory"/> (default: the working directory), so every connection
    /// opens the same file whatever changes the working directory later.
    /// </summary>
    public string ResolveConnectionString(string? baseDirectory = null)
    {
        if (Provider != PersistenceProvider.Sqlite) return ConnectionString ?? string.Empty;
        var builder = new SqliteConnectionStringBuilder(ConnectionString ?? $"Data Source={DefaultSqliteFile}");
        builder.DataSource = Path.GetFullPath(builder.DataSource, baseDirectory ?? Environment.CurrentDirectory);
        return builder.ToString();
    }

    private static bool TryParse<T>(Func<T> parse, out T? value, out string? error) where T : class
    {
        try
        {
            value = parse();
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            value = null;
            error = e.Message;
            return false;
        }
    }
}
