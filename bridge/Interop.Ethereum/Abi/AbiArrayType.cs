using System.Globalization;
using System.Text;

namespace Interop.Ethereum.Abi;

/// <summary>T[k] (fixed length) or T[] (dynamic length); values are any array or list, decoded as object?[].</summary>
public sealed class AbiArrayType : AbiType
{
    /// <summary>An array of <paramref name="elementType"/>: fixed when <paramref name="length"/> is given, else dynamic.</summary>
    /// <exception cref="ArgumentException">The length is not positive, the encoding would be too large, or nesting too deep.</exception>
    public AbiArrayType(AbiType elementType, int? length = null)
        : base(Name(elementType, length), IsDynamicArray(elementType, length), StaticSizeOf(elementType, length), Nest(elementType))
    {
        ElementType = elementType;
        Length = length;
    }

    public AbiType ElementType { get; }

    /// <summary>The fixed length k of T[k]; null for T[].</summary>
    public int? Length { get; }

    internal override int GetEncodedSize(object? value)
    {
        if (!IsDynamic) return StaticSize;
        var values = Values(value);
        var size = AbiSequence.GetEncodedSize(TypeList.Elements(ElementType, values.Count), values);
        return AbiSequence.CheckSize((Length is null ? AbiWords.Size : 0) + (long)size);
    }

    internal override int Encode(object? value, Span<byte> destination)
    {
        var values = Values(value);
        if (Length is not null) return AbiSequence.Encode(TypeList.Elements(ElementType, values.Count), values, destination);
        AbiWords.WriteUInt32(destination[..AbiWords.Size], (uint)values.Count);
        return AbiWords.Size + AbiSequence.Encode(TypeList.Elements(ElementType, values.Count), values, destination[AbiWords.Size..]);
    }

    internal override object Decode(ref AbiReader reader, int position, out int end)
    {
        if (Length is { } fixedLength)
            return AbiSequence.Decode(ref reader, TypeList.Elements(ElementType, fixedLength), position, out end);
        var count = reader.ReadLength(position, ElementType.HeadSize, "array");
        reader.Charge(AbiWords.Size, position);
        return AbiSequence.Decode(ref reader, TypeList.Elements(ElementType, count), position + AbiWords.Size, out end);
    }

    internal override int GetPackedSize(object? value)
    {
        CheckPackable();
        return AbiSequence.CheckSize(Values(value).Count * (long)AbiWords.Size);
    }

    internal override int EncodePacked(object? value, Span<byte> destination)
    {
        CheckPackable();
        // Packed mode still pads array elements to full words; it only drops the length and the offsets.
        var values = Values(value);
        for (var i = 0; i < values.Count; i++)
        {
            try
            {
                ElementType.Encode(values[i], destination[(i * AbiWords.Size)..]);
            }
            catch (AbiEncodingException e) when (e.AddOuterSegment(AbiPath.Element(i)))
            {
                throw;
            }
        }
        return values.Count * AbiWords.Size;
    }

    internal override int GetInPlaceSize(object? value)
    {
        var values = Values(value);
        long size = 0;
        for (var i = 0; i < values.Count; i++) size += ElementType.GetInPlaceSize(values[i]);
        return AbiSequence.CheckSize(size);
    }

    internal override int EncodeInPlace(object? value, Span<byte> destination)
    {
        var values = Values(value);
        var written = 0;
        for (var i = 0; i < values.Count; i++) written += ElementType.EncodeInPlace(values[i], destination[written..]);
        return written;
    }

    internal override void Format(object? value, StringBuilder builder)
    {
        var values = Values(value);
        builder.Append('[');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            ElementType.Format(values[i], builder);
        }
        builder.Append(']');
    }

    private ValueList Values(object? value)
    {
        var values = ValueList.Of(value, this);
        if (Length is { } length && values.Count != length)
            throw new AbiEncodingException($"{this} needs exactly {length} elements, got {values.Count}");
        return values;
    }

    private void CheckPackable()
    {
        if (!ElementType.IsWord)
            throw new AbiEncodingException($"abi.encodePacked does not support {this}: only arrays of value types (integers, address, bool, bytesN) can be packed");
    }

    private static string Name(AbiType elementType, int? length)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        return length is null
            ? elementType.CanonicalName + "[]"
            : string.Concat(elementType.CanonicalName, "[", length.Value.ToString(CultureInfo.InvariantCulture), "]");
    }

    private static bool IsDynamicArray(AbiType elementType, int? length) => length is null || elementType.IsDynamic;

    private static int StaticSizeOf(AbiType elementType, int? length)
    {
        if (length is not { } k) return 0;
        if (k <= 0) throw new ArgumentException($"fixed array length must be positive, got {k}", nameof(length));
        var size = (long)k * elementType.HeadSize;
        // A fixed array has to fit in one encoded buffer even when it sits in a tuple's head.
        if (size > Array.MaxLength / 2)
            throw new ArgumentException($"{elementType}[{k}] would encode to {size} bytes, too large", nameof(length));
        return elementType.IsDynamic ? 0 : (int)size;
    }

    private static int Nest(AbiType elementType) => elementType.Depth + 1 <= MaxDepth
        ? elementType.Depth + 1
        : throw new ArgumentException($"type nests deeper than {MaxDepth} levels", nameof(elementType));
}
