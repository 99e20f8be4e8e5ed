using System.Buffers;

namespace Interop.Relayers.Persistence;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that grows by chunks (4 KiB doubling up to 64 KiB, all below the 85,000-byte large-object
/// threshold) instead of copying into ever larger arrays, then copies everything once into an array of exactly the written
/// size. Serializing a large snapshot leaves short-lived small-object garbage and one array, not a series of power-of-two
/// arrays in the large object heap.
/// </summary>
public sealed class ChunkedBufferWriter : IBufferWriter<byte>
{
    /// <summary>The first chunk's size.</summary>
    public const int FirstChunk = 4 * 1024;

    /// <summary>The largest chunk allocated when no larger size is asked for (stays in the small object heap).</summary>
    public const int MaxChunk = 64 * 1024;

    private readonly List<(byte[] Chunk, int Used)> _full = [];
    private byte[] _current = [];
    private int _used;
    private long _fullBytes;

    /// <summary>Bytes written so far.</summary>
    public long WrittenCount => _fullBytes + _used;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _current.Length - _used) throw new InvalidOperationException($"cannot advance {count} bytes past the end of the buffer");
        _used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var start = Reserve(sizeHint); // replaces _current when it is full: read it after
        return _current.AsMemory(start);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var start = Reserve(sizeHint);
        return _current.AsSpan(start);
    }

    /// <summary>Everything written, in one array of exactly <see cref="WrittenCount"/> bytes.</summary>
    public byte[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)WrittenCount));
        var at = 0;
        foreach (var (chunk, used) in _full)
        {
            chunk.AsSpan(0, used).CopyTo(result.AsSpan(at));
            at += used;
        }
        _current.AsSpan(0, _used).CopyTo(result.AsSpan(at));
        return result;
    }

    // Makes room for at least max(sizeHint, 1) bytes and returns where the free space starts in _current.
    private int Reserve(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_current.Length - _used >= needed) return _used;
        if (_used > 0)
        {
            _full.Add((_current, _used));
            _fullBytes += _used;
        }
        var size = _current.Length == 0 ? FirstChunk : Math.Min(MaxChunk, _current.Length * 2);
        _current = new byte[Math.Max(size, needed)];
        _used = 0;
        return 0;
    }
}
