using Interop.Testing;
using Npgsql;

namespace Interop.Relayers.Tests.Support;

/// <summary>One private PostgreSQL server for a test class; stopped and deleted at its end.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not started");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public Task DisposeAsync()
    {
        // Pooled connections would hold server sessions open; fast shutdown ends them anyway, this just ends them politely.
        NpgsqlConnection.ClearAllPools();
        _server?.Dispose();
        return Task.CompletedTask;
    }
}
