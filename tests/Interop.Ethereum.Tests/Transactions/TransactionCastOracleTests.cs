using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.Signing;
using Interop.Ethereum.Transactions;
using Interop.Testing;

namespace Interop.Ethereum.Tests.Transactions;

/// <summary>Cross-checks against Foundry's `cast mktx` / `cast decode-transaction` / `cast keccak` (Rust, alloy), run offline with every field given.</summary>
public class TransactionCastOracleTests
{
    [Fact]
    public void Signed_raw_bytes_match_cast_mktx_for_random_transactions_of_every_type()
    {
        var rng = new Random(4242);
        for (var i = 0; i < 45; i++)
        {
            var key = RandomTransactions.Key(rng);
            Transaction transaction = (i % 3) switch
            {
                0 => RandomTransactions.LegacyTx(rng, withChainId: true),
                1 => RandomTransactions.AccessListTx(rng),
                _ => RandomTransactions.DynamicFeeTx(rng),
            };
            var expected = Cast.Run(MktxArguments(key, transaction));
            Assert.Equal(expected, Hex.Encode(transaction.Sign(key).Encode()));
        }
    }

    [Fact]
    public void Decode_and_sender_recovery_agree_with_cast_decode_transaction()
    {
        var rng = new Random(2718);
        for (var i = 0; i < 30; i++)
        {
            var key = RandomTransactions.Key(rng);
            var signed = RandomTransactions.Any(rng).Sign(key);
            var raw = signed.Encode();

            var decoded = SignedTransaction.Decode(raw);
            using var json = CastDecode(raw);
            var root = json.RootElement;

            Assert.Equal(Address.Parse(root.GetProperty("signer").GetString()!), decoded.RecoverSender());
            Assert.Equal(root.GetProperty("hash").GetString(), Hex.Encode(decoded.ComputeHash()));
            Assert.Equal((int)decoded.Type, (int)Quantity(root, "type"));
            Assert.Equal(decoded.Transaction.Nonce, (ulong)Quantity(root, "nonce"));
            Assert.Equal(decoded.Transaction.GasLimit, (ulong)Quantity(root, "gas"));
            Assert.Equal(decoded.Transaction.Value, Quantity(root, "value"));
            Assert.Equal(Hex.Encode(decoded.Transaction.Data), root.GetProperty("input").GetString());
            Assert.Equal(decoded.Transaction.To, root.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String ? Address.Parse(to.GetString()!) : null);
            Assert.Equal(HexBigInteger.FromBytes(decoded.Signature.R), Quantity(root, "r"));
            Assert.Equal(HexBigInteger.FromBytes(decoded.Signature.S), Quantity(root, "s"));
            Assert.Equal(decoded.V, Quantity(root, "v"));
            switch (decoded.Transaction)
            {
                case LegacyTransaction legacy:
                    Assert.Equal(legacy.GasPrice, Quantity(root, "gasPrice"));
                    if (legacy.ChainId is { } chainId) Assert.Equal(chainId, (ulong)Quantity(root, "chainId"));
                    else Assert.False(root.TryGetProperty("chainId", out _));
                    break;
                case AccessListTransaction accessList:
                    Assert.Equal(accessList.ChainId, (ulong)Quantity(root, "chainId"));
                    Assert.Equal(accessList.GasPrice, Quantity(root, "gasPrice"));
                    Assert.Equal(AccessListJson(accessList.AccessList), root.GetProperty("accessList").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
                    break;
                case DynamicFeeTransaction dynamicFee:
                    Assert.Equal(dynamicFee.ChainId, (ulong)Quantity(root, "chainId"));
                    Assert.Equal(dynamicFee.MaxFeePerGas, Quantity(root, "maxFeePerGas"));
                    Assert.Equal(dynamicFee.MaxPriorityFeePerGas, Quantity(root, "maxPriorityFeePerGas"));
                    Assert.Equal(AccessListJson(dynamicFee.AccessList), root.GetProperty("accessList").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
                    break;
            }
        }
    }

    [Fact]
    public void Transaction_hash_matches_cast_keccak_of_the_raw_bytes()
    {
        var rng = new Random(31337);
        for (var i = 0; i < 10; i++)
        {
            var signed = RandomTransactions.Any(rng).Sign(RandomTransactions.Key(rng));
            Assert.Equal(Cast.Run("keccak", Hex.Encode(signed.Encode())), Hex.Encode(signed.ComputeHash()));
        }
    }

    private static string[] MktxArguments(EthKey key, Transaction transaction)
    {
        var args = new List<string>
        {
            "mktx",
            "--private-key", Hex.Encode(key.ExportPrivateKey()),
            "--nonce", Decimal(transaction.Nonce),
            "--gas-limit", Decimal(transaction.GasLimit),
            "--value", Decimal(transaction.Value),
        };
        switch (transaction)
        {
            case LegacyTransaction legacy:
                args.AddRange(["--legacy", "--chain", Decimal(legacy.ChainId!.Value), "--gas-price", Decimal(legacy.GasPrice)]);
                break;
            case AccessListTransaction accessList:
                // cast makes a type 1 transaction from --legacy plus an access list.
                args.AddRange(["--legacy", "--chain", Decimal(accessList.ChainId), "--gas-price", Decimal(accessList.GasPrice),
                    "--access-list", AccessListJson(accessList.AccessList)]);
                break;
            case DynamicFeeTransaction dynamicFee:
                args.AddRange(["--chain", Decimal(dynamicFee.ChainId), "--gas-price", Decimal(dynamicFee.MaxFeePerGas),
                    "--priority-gas-price", Decimal(dynamicFee.MaxPriorityFeePerGas)]);
                if (dynamicFee.AccessList.Count > 0) args.AddRange(["--access-list", AccessListJson(dynamicFee.AccessList)]);
                break;
        }
        if (transaction.To is { } to)
        {
            args.Add(to.ToString());
            if (transaction.Data.Length > 0) args.Add(Hex.Encode(transaction.Data)); // a 0x-hex "signature" is raw calldata
        }
        else
        {
            args.AddRange(["--create", Hex.Encode(transaction.Data)]);
        }
        return [.. args];
    }

    private static string AccessListJson(AccessList accessList) =>
        JsonSerializer.Serialize(accessList.Select(item => new Dictionary<string, object>
        {
            ["address"] = item.Address.ToString().ToLowerInvariant(),
            ["storageKeys"] = item.StorageKeys.Select(k => Hex.Encode(k)).ToArray(),
        }));

    private static JsonDocument CastDecode(byte[] raw)
    {
        // cast prints the JSON object as a JSON string literal.
        var output = Cast.Run("decode-transaction", Hex.Encode(raw));
        var text = output.StartsWith('"') ? JsonSerializer.Deserialize<string>(output)! : output;
        return JsonDocument.Parse(text);
    }

    private static BigInteger Quantity(JsonElement root, string name) => HexBigInteger.ParseQuantity(root.GetProperty(name).GetString()!);

    private static string Decimal(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
