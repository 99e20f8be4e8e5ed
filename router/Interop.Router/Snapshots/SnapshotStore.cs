namespace Interop.Router.Snapshots;

/// <summary>
/// Holds the current <see cref="MarketSnapshot"/>. Writers (the venue watcher, tests) publish a whole new snapshot;
/// readers take <see cref="Current"/> once per request and keep using that instance: one volatile reference, no lock.
/// </summary>
public sealed class SnapshotStore
{
    private MarketSnapshot _current = MarketSnapshot.Empty;

    public MarketSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Replaces the current snapshot.</summary>
    public void Publish(MarketSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
    }
}
