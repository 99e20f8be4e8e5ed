using System.Globalization;
using System.Numerics;
using Interop.Ethereum.Encoding;

namespace Interop.Ethereum.Abi;

/// <summary>
/// Why a call reverted, decoded from its revert data: <see cref="Empty"/>, an <see cref="Error"/> message, a
/// <see cref="Panic"/> code, a <see cref="Custom"/> error from a contract ABI, or <see cref="Unrecognized"/> data.
/// Decoding never throws: revert data comes from arbitrary contracts and must not break error reporting.
/// </summary>
public abstract record RevertReason
{
    private readonly byte[] _data;

    private RevertReason(ReadOnlySpan<byte> data) => _data = data.ToArray();

    /// <summary>The raw revert data.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>Decodes revert data, recognising custom errors declared in <paramref name="abi"/> when given.</summary>
    public static RevertReason Decode(ReadOnlySpan<byte> data, ContractAbi? abi = null)
    {
        if (data.IsEmpty) return new Empty();
        if (data.Length < Selector.Size)
            return new Unrecognized(data, null, $"{data.Length} bytes of revert data, too short for a 4-byte selector");
        var selector = Selector.FromBytes(data);
        try
        {
            if (selector == AbiError.ErrorString.Selector)
                return new Error(data, (string)AbiError.ErrorString.Decode(data)[0]!);
            if (selector == AbiError.Panic.Selector)
                return new Panic(data, (BigInteger)AbiError.Panic.Decode(data)[0]!);
            if (abi is not null && abi.TryGetError(selector, out var error))
                return new Custom(data, error, error.Decode(data));
        }
        catch (AbiDecodingException e)
        {
            return new Unrecognized(data, selector, $"revert data with selector {selector} does not decode: {e.Message}");
        }
        return new Unrecognized(data, selector, $"unknown error selector {selector}{(abi is null ? " (no contract ABI given)" : "")}");
    }

    /// <summary>Reasons are equal when they are the same kind decoded from the same bytes.</summary>
    public virtual bool Equals(RevertReason? other) =>
        other is not null && EqualityContract == other.EqualityContract && _data.AsSpan().SequenceEqual(other._data);

    public override int GetHashCode() => HashCode.Combine(EqualityContract, _data.Length, _data.Length >= 4 ? BitConverter.ToInt32(_data, 0) : 0);

    /// <summary>Revert data given as a hex string.</summary>
    public static RevertReason Decode(string dataHex, ContractAbi? abi = null) => Decode(Hex.Decode(dataHex), abi);

    /// <summary>
    /// Empty revert data: revert() or require(cond) without a message, a call to a function that does not exist on a
    /// contract without fallback, or running out of gas in a sub-call.
    /// </summary>
    public sealed record Empty : RevertReason
    {
        internal Empty() : base([]) { }

        public override string ToString() => "reverted without data (revert() or require without a message, a missing function, or out of gas)";
    }

    /// <summary>Error(string): require(cond, "message") or revert("message").</summary>
    public sealed record Error : RevertReason
    {
        internal Error(ReadOnlySpan<byte> data, string message) : base(data) => Message = message;

        public string Message { get; }

        public override string ToString() => $"reverted: {Message}";
    }

    /// <summary>Panic(uint256): a failed assert or a checked operation (overflow, division by zero, bad index, ...).</summary>
    public sealed record Panic : RevertReason
    {
        internal Panic(ReadOnlySpan<byte> data, BigInteger code) : base(data) => Code = code;

        public BigInteger Code { get; }

        /// <summary>What the compiler uses <see cref="Code"/> for.</summary>
        public string Description => Describe(Code);

        public override string ToString() => $"panic 0x{Code.ToString("x2", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(2, '0')}: {Description}";

        /// <summary>The meaning of a Solidity panic code.</summary>
        public static string Describe(BigInteger code) => (int)BigInteger.Min(code, int.MaxValue) switch
        {
            0x00 => "generic compiler panic",
            0x01 => "assertion failed",
            0x11 => "arithmetic overflow or underflow",
            0x12 => "division or modulo by zero",
            0x21 => "conversion to an invalid enum value",
            0x22 => "incorrectly encoded storage byte array",
            0x31 => "pop() on an empty array",
            0x32 => "array index out of bounds",
            0x41 => "out of memory (too much memory allocated or array too large)",
            0x51 => "call to a zero-initialized internal function variable",
            _ => "unknown panic code",
        };
    }

    /// <summary>A custom error declared in the contract ABI, with its decoded arguments.</summary>
    public sealed record Custom : RevertReason
    {
        internal Custom(ReadOnlySpan<byte> data, AbiError definition, AbiValues arguments) : base(data)
        {
            Definition = definition;
            Arguments = arguments;
        }

        public AbiError Definition { get; }

        public AbiValues Arguments { get; }

        public string Name => Definition.Name;

        // The arguments follow from the data and the definition, so they need no comparison of their own.
        public bool Equals(Custom? other) => base.Equals(other) && Definition.Signature == other.Definition.Signature;

        public override int GetHashCode() => base.GetHashCode();

        public override string ToString() => $"reverted with {Definition.Name}({Arguments})";
    }

    /// <summary>Revert data this decoder cannot interpret; <see cref="Problem"/> says why.</summary>
    public sealed record Unrecognized : RevertReason
    {
        internal Unrecognized(ReadOnlySpan<byte> data, Selector? selector, string problem) : base(data)
        {
            Selector = selector;
            Problem = problem;
        }

        /// <summary>The first 4 bytes, when there are that many.</summary>
        public Selector? Selector { get; }

        public string Problem { get; }

        public override string ToString() => $"reverted with {Problem}: {Hex.Shorten(Hex.Encode(Data))}";
    }
}
