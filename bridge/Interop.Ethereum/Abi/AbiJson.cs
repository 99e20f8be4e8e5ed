using System.Globalization;
using System.Text.Json;

namespace Interop.Ethereum.Abi;

/// <summary>Reads the standard contract ABI JSON (as solc, forge and hardhat emit it).</summary>
internal static class AbiJson
{
    public static ContractAbi Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"ABI is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("abi", out var inner)) root = inner;
            if (root.ValueKind != JsonValueKind.Array)
                throw new FormatException($"ABI JSON must be an array of entries (or an artifact with an \"abi\" array), got {root.ValueKind}");

            var functions = new List<AbiFunction>();
            var events = new List<AbiEvent>();
            var errors = new List<AbiError>();
            AbiConstructor? constructor = null;
            bool fallback = false, receive = false;
            var index = 0;
            foreach (var entry in root.EnumerateArray())
            {
                var where = $"ABI entry {index++}";
                try
                {
                    if (entry.ValueKind != JsonValueKind.Object) throw new FormatException($"expected an object, got {entry.ValueKind}");
                    // The specification lets "type" default to "function".
                    var type = OptionalString(entry, "type") ?? "function";
                    var name = OptionalString(entry, "name") ?? "";
                    where += name.Length > 0 ? $" ({type} {name})" : $" ({type})";
                    switch (type)
                    {
                        case "function":
                            functions.Add(new AbiFunction(Required(name, "name"), Parameters(entry, "inputs"), Parameters(entry, "outputs"), Mutability(entry)));
                            break;
                        case "event":
                            events.Add(new AbiEvent(Required(name, "name"), Parameters(entry, "inputs"), entry.TryGetProperty("anonymous", out var a) && a.ValueKind == JsonValueKind.True));
                            break;
                        case "error":
                            errors.Add(new AbiError(Required(name, "name"), Parameters(entry, "inputs")));
                            break;
                        case "constructor":
                            constructor = new AbiConstructor(Parameters(entry, "inputs"), Mutability(entry));
                            break;
                        case "fallback": fallback = true; break;
                        case "receive": receive = true; break;
                        default: throw new FormatException($"unknown entry type '{type}'");
                    }
                }
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
                {
                    throw new FormatException($"{where}: {e.Message}", e);
                }
            }
            return new ContractAbi(functions, events, errors, constructor, fallback, receive);
        }
    }

    private static List<AbiParameter> Parameters(JsonElement entry, string property)
    {
        if (!entry.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null) return [];
        if (array.ValueKind != JsonValueKind.Array) throw new FormatException($"\"{property}\" must be an array");
        var result = new List<AbiParameter>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            try
            {
                result.Add(Parameter(item, depth: 0));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{property}[{i}]: {e.Message}", e);
            }
            i++;
        }
        return result;
    }

    private static AbiParameter Parameter(JsonElement item, int depth)
    {
        if (item.ValueKind != JsonValueKind.Object) throw new FormatException($"a parameter must be an object, got {item.ValueKind}");
        var name = OptionalString(item, "name") ?? "";
        var typeText = OptionalString(item, "type") ?? throw new FormatException($"parameter '{name}' has no \"type\"");
        var indexed = item.TryGetProperty("indexed", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new AbiParameter(name, ParseType(item, typeText, depth), indexed);
    }

    /// <summary>"tuple", "tuple[]", "tuple[2][]" take their components from the JSON; anything else is a type string.</summary>
    private static AbiType ParseType(JsonElement item, string typeText, int depth)
    {
        if (!typeText.StartsWith("tuple", StringComparison.Ordinal)) return AbiType.Parse(typeText);
        if (depth >= AbiType.MaxDepth) throw new FormatException($"components nest deeper than {AbiType.MaxDepth} levels");
        if (!item.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
            throw new FormatException($"'{typeText}' needs a \"components\" array");
        var parameters = new List<AbiParameter>();
        var i = 0;
        foreach (var component in components.EnumerateArray())
        {
            try
            {
                parameters.Add(Parameter(component, depth + 1));
            }
            catch (FormatException e)
            {
                throw new FormatException($"components[{i}]: {e.Message}", e);
            }
            i++;
        }
        if (parameters.Count == 0) throw new FormatException($"'{typeText}' has no components");
        AbiType type = new AbiTupleType([.. parameters.Select(p => p.Type)], [.. parameters.Select(p => p.Name)]);
        var suffix = typeText.AsSpan("tuple".Length);
        while (!suffix.IsEmpty)
        {
            var close = suffix.IndexOf(']');
            if (suffix[0] != '[' || close < 0) throw new FormatException($"malformed array suffix in '{typeText}'");
            var digits = suffix[1..close];
            int? length = null;
            if (!digits.IsEmpty)
            {
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || (digits.Length > 1 && digits[0] == '0'))
                    throw new FormatException($"malformed array length in '{typeText}'");
                length = k;
            }
            type = new AbiArrayType(type, length);
            suffix = suffix[(close + 1)..];
        }
        return type;
    }

    private static StateMutability Mutability(JsonElement entry)
    {
        var text = OptionalString(entry, "stateMutability");
        if (text is null)
        {
            // ABIs from before solc 0.5 describe mutability with "constant" and "payable" flags.
            if (entry.TryGetProperty("constant", out var c) && c.ValueKind == JsonValueKind.True) return StateMutability.View;
            if (entry.TryGetProperty("payable", out var p) && p.ValueKind == JsonValueKind.True) return StateMutability.Payable;
            return StateMutability.NonPayable;
        }
        return text switch
        {
            "pure" => StateMutability.Pure,
            "view" => StateMutability.View,
            "nonpayable" => StateMutability.NonPayable,
            "payable" => StateMutability.Payable,
            _ => throw new FormatException($"unknown stateMutability '{text}'"),
        };
    }

    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Required(string value, string what) =>
        value.Length > 0 ? value : throw new FormatException($"missing \"{what}\"");
}
