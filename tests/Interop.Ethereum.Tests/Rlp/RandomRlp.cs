using Interop.Ethereum.Rlp;

namespace Interop.Ethereum.Tests.Rlp;

/// <summary>Random RLP trees biased towards the encoding's boundaries (single bytes around 0x80, lengths around 55/56 and 255/256).</summary>
internal static class RandomRlp
{
    private static readonly int[] InterestingLengths = [0, 1, 2, 31, 32, 55, 56, 57, 255, 256, 300];

    /// <summary>A random tree; <paramref name="wide"/> allows lists of 20-60 items (long list headers) at the cost of size.</summary>
    public static RlpItem Item(Random rng, int maxDepth = 4, bool wide = true)
    {
        if (maxDepth == 0 || rng.Next(3) > 0) return String(rng);
        var count = wide && rng.Next(4) == 0 ? rng.Next(20, 60) : rng.Next(0, 6);
        var items = new RlpItem[count];
        for (var i = 0; i < count; i++) items[i] = Item(rng, maxDepth - 1, wide);
        return new RlpList(items);
    }

    public static RlpString String(Random rng)
    {
        var length = rng.Next(3) == 0 ? InterestingLengths[rng.Next(InterestingLengths.Length)] : rng.Next(0, 70);
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        if (length == 1 && rng.Next(2) == 0) bytes[0] = (byte)rng.Next(0x7e, 0x82); // either side of the single-byte cut-off
        return new RlpString(bytes);
    }
}
