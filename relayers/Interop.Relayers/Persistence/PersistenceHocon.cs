using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Interop.Relayers.Persistence;

/// <summary>
/// The one place the node's persistence HOCON is written: Akka.Persistence.Sql journal, snapshot store and query
/// journal on SQLite or PostgreSQL, and the serializer of every persisted message.
/// </summary>
public static class PersistenceHocon
{
    /// <summary>linq2db provider names (see LinqToDB.ProviderName): pinned so linq2db does not probe the server version.</summary>
    internal const string SqliteProviderName = "SQLite.MS";

    internal const string PostgreSqlProviderName = "PostgreSQL.15";

    /// <summary>
    /// Validates <paramref name="options"/>, creates the SQLite file's folder, and returns the configuration with
    /// Akka.Persistence.Sql's defaults as the fallback (the plugin does not load them itself: without them Akka fails
    /// with "Plugin class name must be defined").
    /// </summary>
    /// <exception cref="PersistenceConfigurationException">The options are invalid; the message names each key.</exception>
    public static Config Create(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new PersistenceConfigurationException(errors);

        var connectionString = options.ResolveConnectionString();
        var (providerName, tableMapping) = options.Provider switch
        {
            PersistenceProvider.Sqlite => (SqliteProviderName, "sqlite"),
            PersistenceProvider.PostgreSql => (PostgreSqlProviderName, "postgresql"),
            _ => throw new PersistenceConfigurationException([$"{PersistenceOptions.SectionName}:Provider '{options.Provider}' is not supported"]),
        };
        if (options.Provider == PersistenceProvider.Sqlite) EnsureSqliteFolder(connectionString);

        var database = $"""
                        connection-string = {Quote(connectionString)}
                        provider-name = {Quote(providerName)}
                        table-mapping = {tableMapping}
                        auto-initialize = true
                        """;
        var hocon = $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  {{database}}
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  {{database}}
                }
              }
              query.journal.sql {
                {{database}}
              }
            }
            {{SerializationHocon}}
            """;
        return ConfigurationFactory.ParseString(hocon).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>Binds every persisted message (<see cref="IPersistedMessage"/>) to the JSON serializer.</summary>
    internal static string SerializationHocon => $$"""
        akka.actor {
          serializers.interop-json = "{{typeof(InteropJsonSerializer).AssemblyQualifiedName}}"
          serialization-bindings {
            "{{typeof(IPersistedMessage).AssemblyQualifiedName}}" = interop-json
          }
          serialization-identifiers {
            "{{typeof(InteropJsonSerializer).AssemblyQualifiedName}}" = {{InteropJsonSerializer.SerializerId}}
          }
        }
        """;

    private static void EnsureSqliteFolder(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(file);
        if (string.IsNullOrEmpty(folder)) return;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PersistenceConfigurationException(
                [$"{PersistenceOptions.SectionName}:ConnectionString: cannot create the folder '{folder}' for the SQLite journal: {e.Message}"]);
        }
    }

    // HOCON quoted strings follow JSON escaping; a password with a quote or backslash must not end the string early.
    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
