using Interop.Relayers.Persistence;

namespace Interop.Relayers.Tests.Persistence;

public sealed class PersistenceHoconTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("interop-hocon-").FullName;

    [Fact]
    public void Sqlite_configures_journal_snapshots_and_query_on_one_file_and_creates_its_folder()
    {
        var file = Path.Combine(_directory, "nested", "journal.db");

        var config = PersistenceHocon.Create(PersistenceOptions.SqliteFile(file));

        Assert.True(Directory.Exists(Path.GetDirectoryName(file)));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        foreach (var path in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            Assert.Equal($"Data Source={file}", config.GetString($"{path}.connection-string"));
            Assert.Equal("SQLite.MS", config.GetString($"{path}.provider-name"));
            Assert.Equal("sqlite", config.GetString($"{path}.table-mapping"));
        }
        Assert.True(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        // The plugin's own defaults are the fallback: without them Akka cannot find the plugin class.
        Assert.Equal("Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql", config.GetString("akka.persistence.journal.sql.class"));
    }

    [Fact]
    public void PostgreSql_uses_the_postgresql_provider_and_mapping_and_keeps_special_characters_of_the_connection_string()
    {
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = "db", Database = "interop", Username = "relayer", Password = "p\"a\\ss;wo'rd",
        }.ConnectionString;

        var config = PersistenceHocon.Create(PersistenceOptions.PostgreSql(connectionString));

        Assert.Equal(connectionString, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.snapshot-store.sql.provider-name"));
        Assert.Equal("postgresql", config.GetString("akka.persistence.journal.sql.table-mapping"));
    }

    [Fact]
    public void Persisted_messages_are_bound_to_the_json_serializer()
    {
        var config = PersistenceHocon.Create(PersistenceOptions.SqliteFile(Path.Combine(_directory, "j.db")));

        Assert.Equal(typeof(InteropJsonSerializer).AssemblyQualifiedName, config.GetString("akka.actor.serializers.interop-json"));
        Assert.Contains(config.GetConfig("akka.actor.serialization-bindings").AsEnumerable(),
            b => b.Key.Contains(nameof(IPersistedMessage), StringComparison.Ordinal) && b.Value.GetString() == "interop-json");
    }

    [Fact]
    public void Invalid_options_fail_with_every_problem_named_by_key()
    {
        var e = Assert.Throws<PersistenceConfigurationException>(() =>
            PersistenceHocon.Create(new PersistenceOptions { Provider = PersistenceProvider.PostgreSql }));

        Assert.Contains("Interop:Persistence:ConnectionString", e.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
