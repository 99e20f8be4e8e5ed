using System.Collections.Concurrent;
using Interop.Ethereum.Abi;

namespace Interop.Contracts.Bindings;

/// <summary>
/// One compiled contract with its parsed ABI: encodes deployments and calls by function name and decodes outputs,
/// events and reverts. Typed bindings (<see cref="MailboxBinding"/>, ...) sit on top for the calls the node makes often.
/// </summary>
public sealed class ContractDefinition
{
    private static readonly ConcurrentDictionary<string, ContractDefinition> Cache = new(StringComparer.Ordinal);

    private ContractDefinition(ContractArtifact artifact)
    {
        Artifact = artifact;
        Abi = ContractAbi.FromJson(artifact.AbiJson);
    }

    /// <summary>The definition of a contract compiled into this assembly (parsed once).</summary>
    public static ContractDefinition Get(string name) => Cache.GetOrAdd(name, n => new ContractDefinition(ContractArtifacts.Get(n)));

    public string Name => Artifact.Name;
    public ContractArtifact Artifact { get; }
    public ContractAbi Abi { get; }

    /// <summary>Creation bytecode followed by the ABI-encoded constructor arguments.</summary>
    public byte[] EncodeDeployment(params object?[] arguments) =>
        Abi.Constructor is { } ctor ? ctor.EncodeDeployment(Artifact.Bytecode, arguments)
        : arguments.Length == 0 ? Artifact.Bytecode
        : throw new ArgumentException($"{Name} has no constructor but {arguments.Length} arguments were given");

    /// <summary>Calldata for <paramref name="function"/> (a name, or a full signature when overloaded).</summary>
    public byte[] Encode(string function, params object?[] arguments) => Abi.GetFunction(function).EncodeCall(arguments);

    /// <summary>Decodes the return data of <paramref name="function"/>.</summary>
    public AbiValues DecodeOutput(string function, ReadOnlySpan<byte> returnData) => Abi.GetFunction(function).DecodeOutput(returnData);

    /// <summary>Decodes a log emitted by this contract, or null when no event of its ABI matches.</summary>
    public DecodedEvent? DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data) => Abi.DecodeLog(topics, data);

    /// <summary>topic0 of an event of this contract.</summary>
    public byte[] Topic0(string eventName) => Abi.GetEvent(eventName).Topic0.ToArray();

    public override string ToString() => $"contract {Name}";
}

/// <summary>Names of the contracts the node deploys and talks to.</summary>
public static class ContractNames
{
    public const string Mailbox = "Mailbox";
    public const string MultisigIsm = "MultisigIsm";
    public const string ValidatorRegistry = "ValidatorRegistry";
    public const string TokenBridge = "TokenBridge";
    public const string BridgedToken = "BridgedToken";
    public const string TestErc20 = "TestERC20";
    public const string IntentPool = "IntentPool";
    public const string PositionManager = "PositionManager";
    public const string PriceFeed = "PriceFeed";
    public const string ConstantProductPool = "ConstantProductPool";
}
