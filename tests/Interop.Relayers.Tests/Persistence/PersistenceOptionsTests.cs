using Interop.Relayers.Persistence;

namespace Interop.Relayers.Tests.Persistence;

public sealed class PersistenceOptionsTests
{
    [Fact]
    public void Defaults_are_a_sqlite_file_under_the_working_directory()
    {
        var options = new PersistenceOptions();

        Assert.Empty(options.Validate());
        Assert.Equal($"Data Source={Path.Combine("/srv/node", "data", "interop.db")}", options.ResolveConnectionString("/srv/node"));
    }

    [Fact]
    public void A_relative_sqlite_path_is_made_absolute_and_other_keys_are_kept()
    {
        var options = new PersistenceOptions { ConnectionString = "Data Source=state/j.db;Cache=Shared" };

        Assert.Equal("Data Source=/srv/node/state/j.db;Cache=Shared", options.ResolveConnectionString("/srv/node"));
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_names_the_key()
    {
        var errors = new PersistenceOptions { Provider = PersistenceProvider.PostgreSql }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Interop:Persistence:ConnectionString is required when Interop:Persistence:Provider is PostgreSql", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PersistenceProvider.Sqlite, "Data Source=:memory:", "in-memory")]
    [InlineData(PersistenceProvider.Sqlite, "Mode=Memory;Data Source=x", "in-memory")]
    [InlineData(PersistenceProvider.Sqlite, "Cache=Shared", "must name a SQLite file")]
    [InlineData(PersistenceProvider.Sqlite, "Nonsense Key=1", "not a valid SQLite connection string")]
    [InlineData(PersistenceProvider.PostgreSql, "Database=interop", "must name a host")]
    [InlineData(PersistenceProvider.PostgreSql, "Hots=db", "not a valid PostgreSQL connection string")]
    public void Invalid_connection_strings_are_reported_with_their_key(PersistenceProvider provider, string connectionString, string problem)
    {
        var error = Assert.Single(new PersistenceOptions { Provider = provider, ConnectionString = connectionString }.Validate());

        Assert.StartsWith("Interop:Persistence:ConnectionString", error);
        Assert.Contains(problem, error);
    }

    [Fact]
    public void An_unknown_provider_names_the_provider_key() =>
        Assert.StartsWith("Interop:Persistence:Provider", Assert.Single(new PersistenceOptions { Provider = (PersistenceProvider)7 }.Validate()));
}
