namespace Interop.Ethereum.Abi;

/// <summary>A named parameter of a function, event or error; <paramref name="Indexed"/> only matters for events.</summary>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false)
{
    /// <summary>"uint256 amount", "address indexed from", or just the type when unnamed.</summary>
    public override string ToString() =>
        string.Join(' ', new[] { Type.CanonicalName, Indexed ? "indexed" : "", Name }.Where(s => s.Length > 0));
}
