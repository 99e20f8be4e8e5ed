using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Interop.Ethereum.Abi;

/// <summary>
/// A contract's ABI: its functions, events, errors and constructor, from the standard JSON ABI or human-readable
/// signatures, with lookups by name, selector and topic0 for decoding calls, logs and reverts.
/// </summary>
public sealed class ContractAbi
{
    private readonly Dictionary<Selector, AbiFunction> _functionsBySelector = [];
    private readonly Dictionary<Selector, AbiError> _errorsBySelector = [];
    private readonly Dictionary<(ulong, ulong, ulong, ulong), List<AbiEvent>> _eventsByTopic0 = [];
    // Lookups that succeeded, by the string asked for (hot callers look the same function up per transaction they build).
    private readonly ConcurrentDictionary<string, AbiFunction> _functionsByName = new(StringComparer.Ordinal);

    public ContractAbi(IEnumerable<AbiFunction> functions, IEnumerable<AbiEvent> events, IEnumerable<AbiError> errors,
        AbiConstructor? constructor = null, bool hasFallback = false, bool hasReceive = false)
    {
        Functions = [.. functions];
        Events = [.. events];
        Errors = [.. errors];
        Constructor = constructor;
        HasFallback = hasFallback;
        HasReceive = hasReceive;
        foreach (var function in Functions)
        {
            if (_functionsBySelector.TryGetValue(function.Selector, out var other) && other.Signature != function.Signature)
                throw new ArgumentException($"{function.Signature} and {other.Signature} share the selector {function.Selector}", nameof(functions));
            _functionsBySelector[function.Selector] = function;
        }
        foreach (var error in Errors) _errorsBySelector.TryAdd(error.Selector, error);
        foreach (var e in Events.Where(e => !e.Anonymous))
        {
            var key = Key(e.Topic0);
            if (!_eventsByTopic0.TryGetValue(key, out var list)) _eventsByTopic0[key] = list = [];
            list.Add(e);
        }
    }

    public IReadOnlyList<AbiFunction> Functions { get; }

    public IReadOnlyList<AbiEvent> Events { get; }

    public IReadOnlyList<AbiError> Errors { get; }

    public AbiConstructor? Constructor { get; }

    public bool HasFallback { get; }

    public bool HasReceive { get; }

    /// <summary>
    /// Parses the standard JSON ABI (an array of function, event, error, constructor, fallback and receive entries,
    /// with tuple components and indexed flags), or a compiler artifact object holding it under "abi".
    /// </summary>
    /// <exception cref="FormatException">Names the entry and field that is wrong.</exception>
    public static ContractAbi FromJson(string json) => AbiJson.Parse(json);

    /// <summary>
    /// Builds an ABI from human-readable signatures: "function transfer(address to, uint256 amount) returns (bool)",
    /// "event Transfer(address indexed from, address indexed to, uint256 value)", "error Unauthorized(address)",
    /// "constructor(address owner)", "fallback() external", "receive() external payable".
    /// </summary>
    public static ContractAbi FromSignatures(params IEnumerable<string> signatures)
    {
        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiError>();
        AbiConstructor? constructor = null;
        bool fallback = false, receive = false;
        foreach (var signature in signatures)
        {
            var keyword = signature.TrimStart().Split([' ', '('], 2)[0];
            switch (keyword)
            {
                case "fallback": fallback = true; break;
                case "receive": receive = true; break;
                case "event": events.Add(AbiEvent.Parse(signature)); break;
                case "error": errors.Add(AbiError.Parse(signature)); break;
                case "constructor":
                    var parsed = SignatureParser.ParseSignature(signature, "constructor");
                    constructor = new AbiConstructor(parsed.Inputs, parsed.StateMutability);
                    break;
                default: functions.Add(AbiFunction.Parse(signature)); break;
            }
        }
        return new ContractAbi(functions, events, errors, constructor, fallback, receive);
    }

    /// <summary>The function called <paramref name="nameOrSignature"/>; overloaded names need the signature ("f(uint256)").</summary>
    /// <exception cref="KeyNotFoundException">No such function, or the name is overloaded; the message lists candidates.</exception>
    public AbiFunction GetFunction(string nameOrSignature)
    {
        ArgumentNullException.ThrowIfNull(nameOrSignature);
        if (_functionsByName.TryGetValue(nameOrSignature, out var cached)) return cached;
        var found = Find(Functions, nameOrSignature, f => f.Name, f => f.Signature, "function");
        _functionsByName.TryAdd(nameOrSignature, found);
        return found;
    }

    public bool TryGetFunction(Selector selector, [MaybeNullWhen(false)] out AbiFunction function) =>
        _functionsBySelector.TryGetValue(selector, out function);

    /// <summary>The event called <paramref name="nameOrSignature"/>; overloaded names need the signature.</summary>
    public AbiEvent GetEvent(string nameOrSignature) => Find(Events, nameOrSignature, e => e.Name, e => e.Signature, "event");

    /// <summary>The error called <paramref name="nameOrSignature"/>; overloaded names need the signature.</summary>
    public AbiError GetError(string nameOrSignature) => Find(Errors, nameOrSignature, e => e.Name, e => e.Signature, "error");

    public bool TryGetError(Selector selector, [MaybeNullWhen(false)] out AbiError error) =>
        _errorsBySelector.TryGetValue(selector, out error);

    /// <summary>Decodes calldata of any function in this ABI, or returns null when no function has its selector.</summary>
    /// <exception cref="AbiDecodingException">The selector is known but the arguments are malformed.</exception>
    public DecodedCall? DecodeCall(ReadOnlySpan<byte> calldata, AbiDecodingMode mode = AbiDecodingMode.Standard)
    {
        if (calldata.Length < Selector.Size || !TryGetFunction(Selector.FromBytes(calldata), out var function)) return null;
        return new DecodedCall(function, function.DecodeInput(calldata, mode));
    }

    /// <summary>
    /// Decodes a log of any non-anonymous event in this ABI, or returns null when none has its topic0 and topic
    /// count (logs of other contracts or events are common when indexing, so that is not an error).
    /// </summary>
    /// <exception cref="AbiDecodingException">The event is known but the log is malformed.</exception>
    public DecodedEvent? DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data, AbiDecodingMode mode = AbiDecodingMode.Standard)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0 || topics[0] is not { Length: 32 } topic0 || !_eventsByTopic0.TryGetValue(Key(topic0), out var candidates))
            return null;
        // Two events can share a signature and differ only in which parameters are indexed (ERC-20 vs ERC-721 Transfer).
        var match = candidates.FirstOrDefault(e => e.Matches(topics));
        return match is null ? null : new DecodedEvent(match, match.DecodeLog(topics, data, mode));
    }

    /// <summary>Decodes revert data, recognising this ABI's custom errors; never throws.</summary>
    public RevertReason DecodeRevert(ReadOnlySpan<byte> data) => RevertReason.Decode(data, this);

    private static T Find<T>(IReadOnlyList<T> items, string nameOrSignature, Func<T, string> name, Func<T, string> signature, string what)
    {
        ArgumentNullException.ThrowIfNull(nameOrSignature);
        List<T> matches;
        if (nameOrSignature.Contains('('))
        {
            // Canonicalise so "transfer(address, uint)" finds "transfer(address,uint256)".
            var canonical = SignatureParser.ParseSignature(nameOrSignature, what);
            var wanted = canonical.Name + ParameterList.Of(canonical.Inputs).CanonicalTypes;
            matches = [.. items.Where(i => signature(i) == wanted)];
        }
        else
        {
            matches = [.. items.Where(i => name(i) == nameOrSignature)];
        }
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new KeyNotFoundException(
                $"no {what} '{nameOrSignature}' in the ABI; it has: {(items.Count == 0 ? "none" : string.Join(", ", items.Select(signature)))}"),
            _ => throw new KeyNotFoundException(
                $"{what} '{nameOrSignature}' is overloaded; ask for one of: {string.Join(", ", matches.Select(signature))}"),
        };
    }

    private static (ulong, ulong, ulong, ulong) Key(ReadOnlySpan<byte> topic) => (
        BinaryPrimitives.ReadUInt64BigEndian(topic),
        BinaryPrimitives.ReadUInt64BigEndian(topic[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(topic[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(topic[24..]));
}
