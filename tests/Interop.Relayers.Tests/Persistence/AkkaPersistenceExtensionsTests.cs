using Akka.Actor;
using Akka.Hosting;
using Interop.Relayers.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Interop.Relayers.Tests.Persistence;

public sealed class AkkaPersistenceExtensionsTests
{
    [Fact]
    public async Task WithInteropPersistence_configures_the_hosted_actor_system()
    {
        var directory = Directory.CreateTempSubdirectory("interop-hosting-").FullName;
        try
        {
            var file = Path.Combine(directory, "data", "interop.db");
            using var host = new HostBuilder()
                .ConfigureServices(services => services.AddAkka("interop", builder => builder.WithInteropPersistence(PersistenceOptions.SqliteFile(file))))
                .Build();
            await host.StartAsync();
            var system = host.Services.GetRequiredService<ActorSystem>();

            var config = system.Settings.Config;
            Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
            Assert.Equal($"Data Source={file}", config.GetString("akka.persistence.journal.sql.connection-string"));
            Assert.Equal("Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql", config.GetString("akka.persistence.journal.sql.class"));
            Assert.IsType<InteropJsonSerializer>(system.Serialization.FindSerializerFor(new Interop.Relayers.TxSending.Journal.RequestFailed("a", "b")));
            await host.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task WithInteropPersistence_fails_the_start_with_invalid_options_naming_the_key()
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("interop",
                builder => builder.WithInteropPersistence(new PersistenceOptions { Provider = PersistenceProvider.PostgreSql })))
            .Build();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var configuration = FindInChain<PersistenceConfigurationException>(e);
        Assert.Contains("Interop:Persistence:ConnectionString", configuration.Message);
    }

    private static T FindInChain<T>(Exception e) where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
            if (current is T found) return found;
        throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} in {e}");
    }
}
