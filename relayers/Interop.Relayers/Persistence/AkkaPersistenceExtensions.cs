using Akka.Hosting;

namespace Interop.Relayers.Persistence;

/// <summary>Akka.Hosting wiring of the node's persistence.</summary>
public static class AkkaPersistenceExtensions
{
    /// <summary>
    /// Configures the SQL journal and snapshot store (SQLite or PostgreSQL, from <paramref name="options"/>) and the
    /// serializer of persisted messages. Throws <see cref="PersistenceConfigurationException"/> for invalid options.
    /// </summary>
    public static AkkaConfigurationBuilder WithInteropPersistence(this AkkaConfigurationBuilder builder, PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Prepend: these settings win over anything added before, and their own fallback (the plugin defaults) stays below.
        return builder.AddHocon(PersistenceHocon.Create(options), HoconAddMode.Prepend);
    }
}
