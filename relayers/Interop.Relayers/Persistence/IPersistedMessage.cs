namespace Interop.Relayers.Persistence;

/// <summary>
/// Marks an event or snapshot that goes into the journal. Every such type carries <see cref="PersistedAsAttribute"/>
/// and is serialized as JSON by <see cref="InteropJsonSerializer"/>.
/// </summary>
public interface IPersistedMessage;

/// <summary>
/// The stable name a persisted type is stored under. Journals outlive code: rename or move the type freely, but never
/// change this name (add a new one for an incompatible shape and keep reading the old).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PersistedAsAttribute(string manifest) : Attribute
{
    public string Manifest { get; } = manifest;
}
