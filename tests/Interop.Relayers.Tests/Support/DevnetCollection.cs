namespace Interop.Relayers.Tests.Support;

/// <summary>Tests that start a multi-chain devnet run one at a time: two cores do not carry several devnets and networks at once.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DevnetCollection
{
    public const string Name = "devnet";
}
