namespace Interop.Ethereum.Abi;

/// <summary>
/// The head/tail layout shared by parameter lists, tuples and arrays: static values in place, dynamic values as an
/// offset (relative to the start of the sequence) to a tail that follows all heads.
/// </summary>
internal static class AbiSequence
{
    public static int GetEncodedSize(in TypeList types, ValueList values)
    {
        CheckCount(types, values);
        long size = types.HeadSize;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (!type.IsDynamic) continue;
            try
            {
                size += type.GetEncodedSize(values[i]);
            }
            catch (AbiEncodingException e) when (e.AddOuterSegment(types.Segment(i)))
            {
                throw; // unreachable: the filter only records where the error happened
            }
        }
        return CheckSize(size);
    }

    public static int Encode(in TypeList types, ValueList values, Span<byte> destination)
    {
        CheckCount(types, values);
        var head = 0;
        var tail = types.HeadSize;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            try
            {
                if (type.IsDynamic)
                {
                    AbiWords.WriteUInt32(destination.Slice(head, 32), (uint)tail);
                    tail += type.Encode(values[i], destination[tail..]);
                    head += 32;
                }
                else
                {
                    head += type.Encode(values[i], destination[head..]);
                }
            }
            catch (AbiEncodingException e) when (e.AddOuterSegment(types.Segment(i)))
            {
                throw;
            }
        }
        return tail;
    }

    public static object?[] Decode(ref AbiReader reader, in TypeList types, int basePosition, out int end)
    {
        reader.Require(basePosition, types.HeadSize, $"the head of {types.Count} values");
        var values = types.Count == 0 ? [] : new object?[types.Count];
        var head = basePosition;
        var expectedTail = basePosition + types.HeadSize;
        end = expectedTail;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            try
            {
                if (type.IsDynamic)
                {
                    var target = reader.ReadOffset(head, basePosition);
                    if (reader.Strict && target != expectedTail)
                        throw new AbiDecodingException(head,
                            $"offset points to byte {target} but strict mode requires the next tail at byte {expectedTail}");
                    values[i] = type.Decode(ref reader, target, out var tailEnd);
                    expectedTail = tailEnd;
                    end = Math.Max(end, tailEnd);
                    head += 32;
                }
                else
                {
                    values[i] = type.Decode(ref reader, head, out _);
                    head += type.StaticSize;
                }
            }
            catch (AbiDecodingException e) when (e.AddOuterSegment(types.Segment(i)))
            {
                throw;
            }
        }
        return values;
    }

    private static void CheckCount(in TypeList types, ValueList values)
    {
        if (values.Count != types.Count)
            throw new AbiEncodingException(types.CountMismatch(values.Count));
    }

    internal static int CheckSize(long size) => size <= Array.MaxLength
        ? (int)size
        : throw new AbiEncodingException($"the encoding would take {size} bytes, more than an array can hold");
}
