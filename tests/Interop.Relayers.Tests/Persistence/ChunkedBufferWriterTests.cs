using Interop.Relayers.Persistence;

namespace Interop.Relayers.Tests.Persistence;

public sealed class ChunkedBufferWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ChunkedBufferWriter.FirstChunk - 1)]
    [InlineData(ChunkedBufferWriter.FirstChunk)]      // exactly fills the first chunk
    [InlineData(ChunkedBufferWriter.FirstChunk + 1)]  // one past: a second chunk
    [InlineData(ChunkedBufferWriter.MaxChunk)]
    [InlineData(ChunkedBufferWriter.MaxChunk + 1)]
    [InlineData(3_000_000)]
    public void Bytes_written_in_pieces_come_back_in_order_in_an_array_of_exactly_their_length(int total)
    {
        var expected = new byte[total];
        new Random(total).NextBytes(expected);
        var writer = new ChunkedBufferWriter();
        var at = 0;
        var step = 1;
        while (at < total)
        {
            // Varying piece sizes, with and without a size hint.
            var piece = Math.Min(total - at, step);
            var span = writer.GetSpan(step % 3 == 0 ? piece : 0);
            piece = Math.Min(piece, span.Length);
            expected.AsSpan(at, piece).CopyTo(span);
            writer.Advance(piece);
            at += piece;
            step = step * 7 % 9973 + 1;
        }

        Assert.Equal(total, writer.WrittenCount);
        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void A_size_hint_larger_than_the_largest_chunk_is_honoured_and_advancing_past_the_span_is_refused()
    {
        var writer = new ChunkedBufferWriter();
        Assert.True(writer.GetMemory(ChunkedBufferWriter.MaxChunk * 2).Length >= ChunkedBufferWriter.MaxChunk * 2);
        var span = writer.GetSpan(10).Length;
        Assert.Throws<InvalidOperationException>(() => writer.Advance(span + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        writer.Advance(span);
        Assert.Equal(span, writer.WrittenCount);
    }
}
