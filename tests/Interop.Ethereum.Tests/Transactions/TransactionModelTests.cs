using System.Numerics;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;

namespace Interop.Ethereum.Tests.Transactions;

public class TransactionModelTests
{
    private static DynamicFeeTransaction Sample(byte[] data, params byte[][] keys) => new()
    {
        ChainId = 1,
        Nonce = 1,
        MaxPriorityFeePerGas = 1,
        MaxFeePerGas = 2,
        GasLimit = 50_000,
        To = Address.Parse("0x3535353535353535353535353535353535353535"),
        Data = data,
        AccessList = [new AccessListItem(Address.Zero, keys)],
    };

    [Fact]
    public void Transactions_with_equal_fields_are_equal_even_with_distinct_arrays()
    {
        var a = Sample([1, 2, 3], new byte[32]);
        var b = Sample([1, 2, 3], new byte[32]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Sample([1, 2, 4], new byte[32]));
        Assert.NotEqual(a, Sample([1, 2, 3], Enumerable.Repeat((byte)1, 32).ToArray()));
        Assert.NotEqual<Transaction>(a, new AccessListTransaction { ChainId = 1, Nonce = 1, GasPrice = 2, GasLimit = 50_000, To = a.To, Data = [1, 2, 3] });
    }

    [Fact]
    public void Data_is_copied_so_the_callers_array_cannot_change_a_built_transaction()
    {
        var data = new byte[] { 1, 2, 3 };
        var key = new byte[32];
        var transaction = Sample(data, key);
        var hash = transaction.GetSigningHash();
        data[0] = 9;
        key[0] = 9;
        Assert.Equal(hash, transaction.GetSigningHash());
    }

    [Fact]
    public void Quantities_outside_uint256_are_rejected_with_the_field_name()
    {
        var transaction = Sample([]);
        Assert.Contains("Value", Assert.Throws<ArgumentOutOfRangeException>(() => transaction with { Value = -1 }).Message, StringComparison.Ordinal);
        Assert.Contains("MaxFeePerGas", Assert.Throws<ArgumentOutOfRangeException>(() => transaction with { MaxFeePerGas = BigInteger.One << 256 }).Message, StringComparison.Ordinal);
        Assert.Equal((BigInteger.One << 256) - 1, (transaction with { Value = (BigInteger.One << 256) - 1 }).Value);
    }

    [Fact]
    public void Access_list_entry_rejects_storage_keys_that_are_not_32_bytes() =>
        Assert.Contains("must be 32 bytes, got 31", Assert.Throws<ArgumentException>(() => new AccessListItem(Address.Zero, new byte[31])).Message, StringComparison.Ordinal);

    [Fact]
    public void WithSignature_of_an_external_signature_equals_Sign()
    {
        var key = EthKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var transaction = Sample([0xca, 0xfe]);
        var external = key.SignHash(transaction.GetSigningHash());
        Assert.Equal(transaction.Sign(key), transaction.WithSignature(external));
    }

    [Fact]
    public void ToString_shows_fields_readably_and_the_hash_of_a_signed_transaction()
    {
        var key = EthKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var creation = new LegacyTransaction { ChainId = null, Nonce = 0, GasPrice = 1, GasLimit = 100_000, To = null, Data = [0x60, 0x00] };
        var text = creation.ToString();
        Assert.Contains("Data = 0x6000", text, StringComparison.Ordinal);
        Assert.Contains("contract creation", text, StringComparison.Ordinal);
        Assert.Contains("pre-EIP-155", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Byte[]", text, StringComparison.Ordinal);

        var signed = creation.Sign(key);
        Assert.Contains(Hex.Encode(signed.ComputeHash()), signed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", signed.ToString(), StringComparison.Ordinal);
    }
}
