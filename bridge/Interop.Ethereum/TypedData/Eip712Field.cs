namespace Interop.Ethereum.TypedData;

/// <summary>One member of an EIP-712 struct type: its name and its type ("uint256", "Person", "bytes32[]").</summary>
public sealed record Eip712Field
{
    public Eip712Field(string name, string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(type);
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public string Type { get; }

    /// <summary>"type name", as the field appears in encodeType.</summary>
    public override string ToString() => $"{Type} {Name}";
}
