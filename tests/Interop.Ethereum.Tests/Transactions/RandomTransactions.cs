using System.Numerics;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;

namespace Interop.Ethereum.Tests.Transactions;

/// <summary>Seeded random keys and transactions of every type, with values chosen to hit the encodings' edge cases.</summary>
internal static class RandomTransactions
{
    public static EthKey Key(Random rng)
    {
        var bytes = new byte[32];
        do rng.NextBytes(bytes);
        while (!Secp256k1.IsValidPrivateKey(bytes));
        return new EthKey(bytes);
    }

    public static Transaction Any(Random rng) => rng.Next(3) switch
    {
        0 => LegacyTx(rng, withChainId: rng.Next(4) > 0),
        1 => AccessListTx(rng),
        _ => DynamicFeeTx(rng),
    };

    public static LegacyTransaction LegacyTx(Random rng, bool withChainId) => new()
    {
        ChainId = withChainId ? ChainId(rng) : null,
        Nonce = UInt64(rng),
        GasPrice = UInt(rng, 128),
        GasLimit = UInt64(rng),
        To = To(rng),
        Value = UInt(rng, 256),
        Data = Data(rng),
    };

    public static AccessListTransaction AccessListTx(Random rng) => new()
    {
        ChainId = ChainId(rng),
        Nonce = UInt64(rng),
        GasPrice = UInt(rng, 128),
        GasLimit = UInt64(rng),
        To = To(rng),
        Value = UInt(rng, 256),
        Data = Data(rng),
        AccessList = Access(rng),
    };

    public static DynamicFeeTransaction DynamicFeeTx(Random rng) => new()
    {
        ChainId = ChainId(rng),
        Nonce = UInt64(rng),
        MaxPriorityFeePerGas = UInt(rng, 64),
        MaxFeePerGas = UInt(rng, 128),
        GasLimit = UInt64(rng),
        To = To(rng),
        Value = UInt(rng, 256),
        Data = Data(rng),
        AccessList = Access(rng),
    };

    public static ulong ChainId(Random rng) => rng.Next(5) switch
    {
        0 => 1,
        1 => 31337,
        2 => (ulong)rng.NextInt64(1, int.MaxValue),
        3 => (ulong)rng.NextInt64(1, long.MaxValue) / 2, // large, so 35 + 2·chainId needs more than 64 bits of v
        _ => (ulong)rng.Next(1, 256),
    };

    public static ulong UInt64(Random rng) => (ulong)rng.NextInt64() >> rng.Next(64);

    /// <summary>0 to 2^bits - 1, often small or zero (zero is the empty RLP string).</summary>
    public static BigInteger UInt(Random rng, int bits)
    {
        if (rng.Next(6) == 0) return BigInteger.Zero;
        var bytes = new byte[bits / 8];
        rng.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) >> rng.Next(bits);
    }

    public static Address? To(Random rng)
    {
        if (rng.Next(6) == 0) return null;
        var bytes = new byte[20];
        rng.NextBytes(bytes);
        return new Address(bytes);
    }

    public static byte[] Data(Random rng)
    {
        var bytes = new byte[rng.Next(5) == 0 ? 0 : rng.Next(1, 200)];
        rng.NextBytes(bytes);
        return bytes;
    }

    public static AccessList Access(Random rng)
    {
        var entries = new AccessListItem[rng.Next(3) == 0 ? 0 : rng.Next(1, 4)];
        for (var i = 0; i < entries.Length; i++)
        {
            var keys = new byte[rng.Next(0, 4)][];
            for (var k = 0; k < keys.Length; k++)
            {
                keys[k] = new byte[32];
                rng.NextBytes(keys[k]);
            }
            entries[i] = new AccessListItem(To(rng) ?? Address.Zero, keys);
        }
        return AccessList.Create(entries);
    }
}
