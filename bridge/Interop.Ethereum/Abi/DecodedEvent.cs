namespace Interop.Ethereum.Abi;

/// <summary>A log recognised by a <see cref="ContractAbi"/>: which event, and its values.</summary>
public sealed record DecodedEvent(AbiEvent Event, AbiValues Values)
{
    /// <summary>"Transfer(from: 0x…, to: 0x…, value: 5)".</summary>
    public override string ToString() => $"{Event.Name}({Values})";
}
