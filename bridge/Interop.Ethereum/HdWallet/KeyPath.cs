using System.Globalization;
using System.Text;

namespace Interop.Ethereum.HdWallet;

/// <summary>A BIP-32 derivation path such as m/44'/60'/0'/0/0: child indices below the master key.</summary>
public sealed class KeyPath : IEquatable<KeyPath>
{
    /// <summary>Indices at or above this are hardened (written with ').</summary>
    public const uint HardenedOffset = 0x8000_0000;

    private readonly uint[] _indices;

    private KeyPath(uint[] indices) => _indices = indices;

    /// <summary>The master key itself: "m".</summary>
    public static KeyPath Master { get; } = new([]);

    /// <summary>The child indices, hardened ones with <see cref="HardenedOffset"/> added.</summary>
    public IReadOnlyList<uint> Indices => _indices;

    /// <summary>How many derivation steps below the master.</summary>
    public int Depth => _indices.Length;

    /// <summary>This path with one more (normal or hardened) step.</summary>
    public KeyPath Child(uint index, bool hardened = false)
    {
        if (hardened && index >= HardenedOffset)
            throw new ArgumentOutOfRangeException(nameof(index), index, "a hardened index is given without the offset: 0..2147483647");
        return new KeyPath([.. _indices, hardened ? index + HardenedOffset : index]);
    }

    /// <summary>
    /// Parses "m" followed by "/index" steps; a hardened step ends in ', h or H (m/44'/60'/0'/0/0, m/44h/60h/0h/0/0).
    /// </summary>
    /// <exception cref="FormatException">Names the step that is wrong and why.</exception>
    public static KeyPath Parse(string path)
    {
        if (!TryParse(path, out var result, out var error)) throw new FormatException(error);
        return result;
    }

    /// <summary>Like <see cref="Parse"/>, returning the reason instead of throwing.</summary>
    public static bool TryParse(string? path, out KeyPath result, out string error)
    {
        result = Master;
        if (string.IsNullOrWhiteSpace(path))
        {
            error = "derivation path is empty; expected something like m/44'/60'/0'/0/0";
            return false;
        }
        var text = path.Trim();
        var segments = text.Split('/');
        if (segments[0] is not ("m" or "M"))
        {
            error = $"derivation path '{text}' must start with 'm/' (the master key), e.g. m/44'/60'/0'/0/0";
            return false;
        }
        var indices = new uint[segments.Length - 1];
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var hardened = segment.Length > 0 && segment[^1] is '\'' or 'h' or 'H';
            var digits = hardened ? segment[..^1] : segment;
            if (digits.Length == 0)
            {
                error = $"derivation path '{text}': step {i} is empty" + (segment.Length == 0 ? " (a doubled or trailing '/')" : "");
                return false;
            }
            if (!digits.All(char.IsAsciiDigit))
            {
                error = $"derivation path '{text}': step {i} '{segment}' is not a number, optionally followed by ' for hardened";
                return false;
            }
            if (!uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= HardenedOffset)
            {
                error = $"derivation path '{text}': step {i} '{segment}' is out of range; an index is 0..2147483647 (add ' to harden it)";
                return false;
            }
            indices[i - 1] = hardened ? index + HardenedOffset : index;
        }
        result = new KeyPath(indices);
        error = string.Empty;
        return true;
    }

    /// <summary>The canonical text form, hardened steps marked with '.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("m");
        foreach (var index in _indices) builder.Append('/').Append(FormatIndex(index));
        return builder.ToString();
    }

    internal static string FormatIndex(uint index) =>
        index >= HardenedOffset
            ? (index - HardenedOffset).ToString(CultureInfo.InvariantCulture) + "'"
            : index.ToString(CultureInfo.InvariantCulture);

    public bool Equals(KeyPath? other) => other is not null && _indices.AsSpan().SequenceEqual(other._indices);
    public override bool Equals(object? obj) => Equals(obj as KeyPath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var index in _indices) hash.Add(index);
        return hash.ToHashCode();
    }

    public static bool operator ==(KeyPath? left, KeyPath? right) => left?.Equals(right) ?? right is null;
    public static bool operator !=(KeyPath? left, KeyPath? right) => !(left == right);
}
