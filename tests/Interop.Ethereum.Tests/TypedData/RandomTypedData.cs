using System.Numerics;
using Interop.Ethereum.TypedData;

namespace Interop.Ethereum.Tests.TypedData;

/// <summary>Seeded random EIP-712 definitions and C# values: every atomic kind, fixed and dynamic arrays, nested and arrayed structs.</summary>
internal static class RandomTypedData
{
    // Mixed case on purpose: encodeType sorts ordinally, so "beta" goes after "Zed".
    private static readonly string[] StructNames = ["Zed", "Alpha", "beta", "Mid"];

    public static Eip712TypedData Create(Random rng)
    {
        var types = new Dictionary<string, IReadOnlyList<Eip712Field>>();
        var structCount = rng.Next(0, StructNames.Length + 1);
        var defined = new List<string>();
        foreach (var name in StructNames.OrderBy(_ => rng.Next()).Take(structCount))
        {
            types[name] = Fields(rng, defined, rng.Next(1, 4));
            defined.Add(name);
        }
        types["Main"] = Fields(rng, defined, rng.Next(1, 7));
        var message = (Dictionary<string, object?>)Value(rng, "Main", types);
        return Eip712TypedData.Create(types, "Main", Domain(rng), message);
    }

    private static Eip712Domain Domain(Random rng)
    {
        var salt = new byte[32];
        rng.NextBytes(salt);
        return new Eip712Domain
        {
            Name = "Interop " + rng.Next(1000), // always set so the domain type is never empty
            Version = rng.Next(2) == 0 ? null : rng.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ChainId = rng.Next(2) == 0 ? null : new BigInteger(rng.NextInt64(1, long.MaxValue)),
            VerifyingContract = rng.Next(2) == 0 ? null : RandomAddress(rng),
            Salt = rng.Next(3) == 0 ? salt : null,
        };
    }

    private static List<Eip712Field> Fields(Random rng, List<string> structs, int count)
    {
        var fields = new List<Eip712Field>();
        for (var i = 0; i < count; i++) fields.Add(new Eip712Field($"f{i}", FieldType(rng, structs, allowArray: true)));
        return fields;
    }

    private static string FieldType(Random rng, List<string> structs, bool allowArray)
    {
        var roll = rng.Next(allowArray ? 12 : 9);
        return roll switch
        {
            0 => "uint" + 8 * rng.Next(1, 33),
            1 => "int" + 8 * rng.Next(1, 33),
            2 => "bool",
            3 => "address",
            4 => "bytes" + rng.Next(1, 33),
            5 => "bytes",
            6 => "string",
            7 or 8 => structs.Count > 0 ? structs[rng.Next(structs.Count)] : "uint256",
            9 => FieldType(rng, structs, allowArray: false) + "[]",
            10 => FieldType(rng, structs, allowArray: false) + $"[{rng.Next(1, 4)}]",
            _ => FieldType(rng, structs, allowArray: false) + "[][" + rng.Next(1, 3) + "]",
        };
    }

    private static object Value(Random rng, string type, IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> types)
    {
        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            var element = type[..open];
            var length = type[(open + 1)..^1] is { Length: > 0 } digits ? int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : rng.Next(0, 4);
            return Enumerable.Range(0, length).Select(_ => Value(rng, element, types)).ToList();
        }
        if (types.TryGetValue(type, out var fields))
            return fields.ToDictionary(f => f.Name, f => (object?)Value(rng, f.Type, types));
        if (type.StartsWith("uint", StringComparison.Ordinal))
        {
            var bits = int.Parse(type[4..], System.Globalization.CultureInfo.InvariantCulture);
            var value = RandomBits(rng, bits);
            return rng.Next(4) == 0 ? "0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0') : value;
        }
        if (type.StartsWith("int", StringComparison.Ordinal))
        {
            var bits = int.Parse(type[3..], System.Globalization.CultureInfo.InvariantCulture);
            var magnitude = RandomBits(rng, bits - 1);
            return rng.Next(2) == 0 ? magnitude : -magnitude - 1;
        }
        if (type.StartsWith("bytes", StringComparison.Ordinal))
        {
            var bytes = new byte[type == "bytes" ? rng.Next(0, 70) : int.Parse(type[5..], System.Globalization.CultureInfo.InvariantCulture)];
            rng.NextBytes(bytes);
            return bytes;
        }
        return type switch
        {
            "bool" => rng.Next(2) == 0,
            "address" => rng.Next(3) == 0 ? RandomAddress(rng).ToString().ToLowerInvariant() : RandomAddress(rng),
            "string" => RandomText(rng),
            _ => throw new InvalidOperationException($"generator does not know {type}"),
        };
    }

    /// <summary>0 to 2^bits - 1, often small so that JSON numbers as well as strings get exercised.</summary>
    private static BigInteger RandomBits(Random rng, int bits)
    {
        if (rng.Next(3) == 0) return rng.Next(0, 1000);
        var bytes = new byte[(bits + 7) / 8 + 1];
        rng.NextBytes(bytes);
        bytes[^1] = 0;
        return new BigInteger(bytes) & ((BigInteger.One << bits) - 1);
    }

    private static Address RandomAddress(Random rng)
    {
        var bytes = new byte[20];
        rng.NextBytes(bytes);
        return new Address(bytes);
    }

    public static string RandomText(Random rng)
    {
        string[] pieces = ["a", "Z", " ", "é", "🐄", "\n", "\"", "\\", "日本", "0", "x", "{", "}"];
        return string.Concat(Enumerable.Range(0, rng.Next(0, 12)).Select(_ => pieces[rng.Next(pieces.Length)]));
    }
}
