using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Interop.Ethereum.Crypto;

namespace Interop.Ethereum.TypedData;

/// <summary>What an EIP-712 type name denotes.</summary>
internal enum Eip712Kind
{
    Uint,
    Int,
    Bool,
    Address,
    FixedBytes,
    Bytes,
    String,
    Array,
    Struct,
}

/// <summary>A parsed type name: its kind, its size (bits for integers, bytes for bytesN, length for fixed arrays), its element type.</summary>
internal readonly record struct Eip712TypeInfo(Eip712Kind Kind, int Size, string? ElementType)
{
    /// <summary>For arrays, null when dynamic.</summary>
    public int? FixedLength => Kind == Eip712Kind.Array && Size >= 0 ? Size : null;
}

/// <summary>
/// A validated set of EIP-712 struct types with their encodeType strings and type hashes, computed once: a
/// definition is checked when the typed data is built, so signing never meets an unknown type halfway through.
/// </summary>
internal sealed class Eip712Types
{
    private readonly FrozenDictionary<string, ImmutableArray<Eip712Field>> _structs;
    private readonly FrozenDictionary<string, string> _encodedTypes;
    private readonly FrozenDictionary<string, byte[]> _typeHashes;

    public Eip712Types(IReadOnlyDictionary<string, ImmutableArray<Eip712Field>> structs)
    {
        foreach (var (name, fields) in structs)
        {
            if (!IsIdentifier(name))
                throw new FormatException($"EIP-712 type name '{name}' is not an identifier (letters, digits, _ and $, not starting with a digit)");
            if (TryParseNonStruct(name, out _))
                throw new FormatException($"EIP-712 type name '{name}' is reserved for a built-in type");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                if (!seen.Add(field.Name)) throw new FormatException($"EIP-712 type '{name}' declares field '{field.Name}' twice");
                ValidateFieldType(name, field, structs);
            }
        }
        _structs = structs.ToFrozenDictionary(StringComparer.Ordinal);
        _encodedTypes = _structs.Keys.ToFrozenDictionary(name => name, BuildEncodeType, StringComparer.Ordinal);
        _typeHashes = _encodedTypes.ToFrozenDictionary(pair => pair.Key, pair => Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(pair.Value)), StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, ImmutableArray<Eip712Field>> Structs => _structs;

    public bool IsStruct(string name) => _structs.ContainsKey(name);

    public ImmutableArray<Eip712Field> FieldsOf(string structName) =>
        _structs.TryGetValue(structName, out var fields) ? fields : throw UnknownType(structName);

    public string EncodeType(string structName) =>
        _encodedTypes.TryGetValue(structName, out var encoded) ? encoded : throw UnknownType(structName);

    /// <summary>A copy of the type hash (callers may keep or change it).</summary>
    public byte[] TypeHash(string structName) => (byte[])TypeHashNoCopy(structName).Clone();

    internal byte[] TypeHashNoCopy(string structName) =>
        _typeHashes.TryGetValue(structName, out var hash) ? hash : throw UnknownType(structName);

    /// <summary>Classifies a field type; unknown names are an error (they were all checked at construction).</summary>
    public Eip712TypeInfo Parse(string type)
    {
        if (TryParseNonStruct(type, out var info)) return info;
        if (_structs.ContainsKey(type)) return new Eip712TypeInfo(Eip712Kind.Struct, 0, null);
        throw UnknownType(type);
    }

    /// <summary>Parses arrays and built-in types; false for anything else (a struct name, or nonsense).</summary>
    public static bool TryParseNonStruct(string type, out Eip712TypeInfo info)
    {
        info = default;
        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            if (open <= 0) return false;
            var inside = type.AsSpan(open + 1, type.Length - open - 2);
            var element = type[..open];
            if (inside.IsEmpty)
            {
                info = new Eip712TypeInfo(Eip712Kind.Array, -1, element);
                return true;
            }
            if (inside[0] == '0' || !int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= 0)
                return false;
            info = new Eip712TypeInfo(Eip712Kind.Array, length, element);
            return true;
        }
        switch (type)
        {
            case "bool": info = new Eip712TypeInfo(Eip712Kind.Bool, 0, null); return true;
            case "address": info = new Eip712TypeInfo(Eip712Kind.Address, 0, null); return true;
            case "bytes": info = new Eip712TypeInfo(Eip712Kind.Bytes, 0, null); return true;
            case "string": info = new Eip712TypeInfo(Eip712Kind.String, 0, null); return true;
        }
        if (type.StartsWith("uint", StringComparison.Ordinal) && TrySize(type.AsSpan(4), 8, 256, 8, out var uintBits))
        {
            info = new Eip712TypeInfo(Eip712Kind.Uint, uintBits, null);
            return true;
        }
        if (type.StartsWith("int", StringComparison.Ordinal) && TrySize(type.AsSpan(3), 8, 256, 8, out var intBits))
        {
            info = new Eip712TypeInfo(Eip712Kind.Int, intBits, null);
            return true;
        }
        if (type.StartsWith("bytes", StringComparison.Ordinal) && TrySize(type.AsSpan(5), 1, 32, 1, out var byteCount))
        {
            info = new Eip712TypeInfo(Eip712Kind.FixedBytes, byteCount, null);
            return true;
        }
        return false;
    }

    /// <summary>The struct name inside any array suffixes ("Person[2][]" -> "Person").</summary>
    public static string BaseName(string type)
    {
        var bracket = type.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? type : type[..bracket];
    }

    private static bool TrySize(ReadOnlySpan<char> digits, int min, int max, int step, out int size)
    {
        size = 0;
        // Leading zeros ("uint08") would make a second spelling of the same type, and so a second type hash.
        if (digits.IsEmpty || digits[0] == '0') return false;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size)) return false;
        return size >= min && size <= max && size % step == 0;
    }

    private static void ValidateFieldType(string structName, Eip712Field field, IReadOnlyDictionary<string, ImmutableArray<Eip712Field>> structs)
    {
        var type = field.Type;
        while (true)
        {
            if (TryParseNonStruct(type, out var info))
            {
                if (info.Kind != Eip712Kind.Array) return;
                type = info.ElementType!;
                continue;
            }
            if (structs.ContainsKey(type)) return;
            var hint = type is "uint" or "int" ? $" (write {type}256)" : type == "byte" ? " (write bytes1)" : string.Empty;
            throw new FormatException($"EIP-712 type '{structName}' field '{field.Name}' has unknown type '{field.Type}'{hint}");
        }
    }

    private string BuildEncodeType(string primary)
    {
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(primary, dependencies);
        dependencies.Remove(primary);
        var builder = new StringBuilder();
        AppendStruct(builder, primary);
        foreach (var dependency in dependencies) AppendStruct(builder, dependency);
        return builder.ToString();
    }

    private void CollectDependencies(string structName, SortedSet<string> found)
    {
        if (!found.Add(structName)) return; // already visited: recursive types terminate here
        foreach (var field in _structs[structName])
        {
            var baseName = BaseName(field.Type);
            if (_structs.ContainsKey(baseName)) CollectDependencies(baseName, found);
        }
    }

    private void AppendStruct(StringBuilder builder, string structName)
    {
        builder.Append(structName).Append('(');
        var fields = _structs[structName];
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) builder.Append(',');
            builder.Append(fields[i].Type).Append(' ').Append(fields[i].Name);
        }
        builder.Append(')');
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '$') return false;
        return true;
    }

    private static FormatException UnknownType(string name) => new($"EIP-712 type '{name}' is not defined");
}
