namespace Interop.Relayers.Persistence;

/// <summary>The persistence settings cannot be used; the message lists every problem with its configuration key.</summary>
public sealed class PersistenceConfigurationException : Exception
{
    public PersistenceConfigurationException(IReadOnlyList<string> errors)
        : base("invalid persistence configuration: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>Each problem, naming its key (e.g. "Interop:Persistence:ConnectionString ...").</summary>
    public IReadOnlyList<string> Errors { get; }
}
