using System.Globalization;

namespace Interop.Ethereum.Abi;

/// <summary>
/// Parses type strings and human-readable signatures: "uint256[2]", "(address,bytes)[]",
/// "function transfer(address to, uint256 amount) returns (bool)", "event Transfer(address indexed from, ...)",
/// "error Unauthorized(address caller)", and cast's "balanceOf(address)(uint256)".
/// </summary>
internal sealed class SignatureParser
{
    private static readonly HashSet<string> Modifiers = new(StringComparer.Ordinal)
    {
        "external", "public", "internal", "private", "view", "pure", "payable", "nonpayable", "virtual", "override",
    };

    private static readonly HashSet<string> Locations = new(StringComparer.Ordinal) { "memory", "calldata", "storage" };

    private readonly string _text;
    private readonly string _what;
    private readonly bool _allowNames;
    private int _position;

    private SignatureParser(string text, string what, bool allowNames)
    {
        _text = text ?? throw new ArgumentNullException(nameof(text));
        _what = what;
        _allowNames = allowNames;
    }

    public static AbiType ParseType(string text)
    {
        var parser = new SignatureParser(text, "ABI type", allowNames: false);
        var type = parser.Type(depth: 0);
        parser.ExpectEnd();
        return type;
    }

    public static IReadOnlyList<AbiType> ParseTypeList(string text)
    {
        var parser = new SignatureParser(text, "ABI type list", allowNames: false);
        var types = new List<AbiType>();
        parser.SkipSpace();
        if (parser.AtEnd) return types;
        do types.Add(parser.Type(depth: 0));
        while (parser.TryTake(','));
        parser.ExpectEnd();
        return types;
    }

    /// <summary>Parses a signature whose leading keyword, if any, must be <paramref name="keyword"/>.</summary>
    public static ParsedSignature ParseSignature(string text, string keyword)
    {
        var parser = new SignatureParser(text, keyword + " signature", allowNames: true);
        parser.SkipSpace();
        var start = parser._position;
        var name = parser.Identifier();
        if (name == keyword)
        {
            parser.SkipSpace();
            name = parser.Peek() == '(' && keyword == "constructor" ? keyword : parser.Identifier();
        }
        else if (name is "function" or "event" or "error" or "constructor")
        {
            throw parser.Error($"expected {(keyword is "error" or "event" ? "an" : "a")} {keyword} but found '{name}'", start);
        }
        if (name.Length == 0) throw parser.Error("expected a name");
        var inputs = parser.ParameterList(depth: 0, allowIndexed: keyword == "event");
        IReadOnlyList<AbiParameter> outputs = [];
        var mutability = StateMutability.NonPayable;
        var anonymous = false;
        while (true)
        {
            parser.SkipSpace();
            if (parser.AtEnd) break;
            if (parser.Peek() == '(' && keyword == "function")
            {
                outputs = parser.ParameterList(depth: 0, allowIndexed: false);
                continue;
            }
            var wordStart = parser._position;
            var word = parser.Identifier();
            if (word == "returns" && keyword == "function") outputs = parser.ParameterList(depth: 0, allowIndexed: false);
            else if (word == "anonymous" && keyword == "event") anonymous = true;
            else if (Modifiers.Contains(word) && keyword is "function" or "constructor")
                mutability = word switch
                {
                    "view" => StateMutability.View,
                    "pure" => StateMutability.Pure,
                    "payable" => StateMutability.Payable,
                    _ => mutability,
                };
            else throw parser.Error(word.Length == 0 ? $"unexpected '{parser.Peek()}'" : $"unexpected '{word}'", wordStart);
        }
        return new ParsedSignature(name, inputs, outputs, mutability, anonymous);
    }

    private List<AbiParameter> ParameterList(int depth, bool allowIndexed)
    {
        Expect('(');
        var parameters = new List<AbiParameter>();
        SkipSpace();
        if (TryTake(')')) return parameters;
        do parameters.Add(Parameter(depth, allowIndexed));
        while (TryTake(','));
        Expect(')');
        return parameters;
    }

    private AbiParameter Parameter(int depth, bool allowIndexed)
    {
        var type = Type(depth);
        if (!_allowNames) return new AbiParameter("", type);
        var indexed = false;
        var name = "";
        while (true)
        {
            SkipSpace();
            var start = _position;
            var word = Identifier();
            if (word.Length == 0) break;
            if (word == "indexed" && allowIndexed && !indexed && name.Length == 0) indexed = true;
            else if (Locations.Contains(word) && name.Length == 0) continue;
            else if (name.Length == 0) name = word;
            else throw Error($"unexpected '{word}' after parameter name '{name}'", start);
        }
        return new AbiParameter(name, type, indexed);
    }

    private AbiType Type(int depth)
    {
        if (depth >= AbiType.MaxDepth) throw Error($"type nests deeper than {AbiType.MaxDepth} levels");
        SkipSpace();
        var start = _position;
        AbiType type;
        if (Peek() == '(')
        {
            type = Tuple(depth, start);
        }
        else
        {
            var name = Identifier();
            if (name.Length == 0) throw Error(AtEnd ? "expected a type but the text ends" : $"expected a type but found '{Peek()}'");
            if (name == "tuple")
            {
                SkipSpace();
                if (Peek() != '(') throw Error("'tuple' must be followed by its components in parentheses");
                type = Tuple(depth, start);
            }
            else
            {
                type = Elementary(name, start);
                if (type is AbiAddressType && _allowNames) SkipKeyword("payable");
            }
        }
        while (true)
        {
            SkipSpace();
            if (Peek() != '[') return type;
            var open = _position++;
            SkipSpace();
            int? length = null;
            if (char.IsAsciiDigit(Peek()))
            {
                var digitsStart = _position;
                while (char.IsAsciiDigit(Peek())) _position++;
                var digits = _text.AsSpan(digitsStart, _position - digitsStart);
                if (digits.Length > 1 && digits[0] == '0') throw Error($"array length '{digits}' has a leading zero", digitsStart);
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k == 0)
                    throw Error($"array length '{digits}' must be from 1 to {int.MaxValue}", digitsStart);
                length = k;
            }
            Expect(']');
            type = Build(() => new AbiArrayType(type, length), open);
        }
    }

    private AbiType Tuple(int depth, int start)
    {
        var components = ParameterList(depth + 1, allowIndexed: false);
        if (components.Count == 0) throw Error("an empty tuple () is not a valid type", start);
        return Build(() => new AbiTupleType(components.Select(c => c.Type).ToArray(), components.Select(c => c.Name).ToArray()), start);
    }

    private AbiType Elementary(string name, int start)
    {
        switch (name)
        {
            case "address": return AbiAddressType.Instance;
            case "bool": return AbiBoolType.Instance;
            case "string": return AbiStringType.Instance;
            case "bytes": return AbiBytesType.Instance;
            case "uint": return AbiIntegerType.UInt256;
            case "int": return AbiIntegerType.Int256;
            case "function": throw Error("the function type is not supported", start);
        }
        if (name.StartsWith("fixed", StringComparison.Ordinal) || name.StartsWith("ufixed", StringComparison.Ordinal))
            throw Error($"fixed-point type '{name}' is not supported", start);
        if (TrySize(name, "uint", out var bits) || TrySize(name, "int", out bits))
        {
            if (bits is < 8 or > 256 || bits % 8 != 0)
                throw Error($"'{name}': integer size must be a multiple of 8 from 8 to 256", start);
            return AbiIntegerType.Get(bits, isSigned: name[0] == 'i');
        }
        if (TrySize(name, "bytes", out var size))
        {
            if (size is < 1 or > 32) throw Error($"'{name}': bytesN size must be from 1 to 32", start);
            return AbiFixedBytesType.Get(size);
        }
        throw Error($"unknown type '{name}'", start);
    }

    /// <summary>Reads N from "uintN"; N must be plain decimal without a leading zero.</summary>
    private static bool TrySize(string name, string prefix, out int size)
    {
        size = 0;
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length) return false;
        var digits = name.AsSpan(prefix.Length);
        if (digits[0] == '0' || digits.Length > 4) { size = -1; return digits.IndexOfAnyExceptInRange('0', '9') < 0; }
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    private AbiType Build(Func<AbiType> factory, int start)
    {
        try
        {
            return factory();
        }
        catch (ArgumentException e)
        {
            throw Error(e.Message.Split(" (Parameter", 2)[0], start);
        }
    }

    private string Identifier()
    {
        SkipSpace();
        var start = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '$')) _position++;
        return _text[start.._position];
    }

    private void SkipKeyword(string keyword)
    {
        var saved = _position;
        if (Identifier() != keyword) _position = saved;
    }

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_position])) _position++;
    }

    private bool AtEnd => _position >= _text.Length;

    private char Peek() => AtEnd ? '\0' : _text[_position];

    private bool TryTake(char c)
    {
        SkipSpace();
        if (Peek() != c) return false;
        _position++;
        return true;
    }

    private void Expect(char c)
    {
        if (TryTake(c)) return;
        throw Error(AtEnd ? $"expected '{c}' but the text ends" : $"expected '{c}' but found '{Peek()}'");
    }

    private void ExpectEnd()
    {
        SkipSpace();
        if (!AtEnd) throw Error($"unexpected '{_text[_position..]}' after the type");
    }

    private FormatException Error(string problem, int? position = null) =>
        new($"invalid {_what} '{Shorten(_text)}': {problem} (at position {position ?? _position})");

    private static string Shorten(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 117), "...");
}
