using Interop.Ethereum.Crypto;
using Interop.Ethereum.Transactions;

namespace Interop.Ethereum.Tests.Transactions;

public class TransactionRoundTripTests
{
    [Fact]
    public void Decode_of_a_signed_random_transaction_recovers_the_signer_for_every_type()
    {
        var rng = new Random(1559);
        var seen = new HashSet<TransactionType>();
        for (var i = 0; i < 300; i++)
        {
            var key = RandomTransactions.Key(rng);
            var transaction = RandomTransactions.Any(rng);
            var signed = transaction.Sign(key);
            var raw = signed.Encode();

            var decoded = SignedTransaction.Decode(raw);

            Assert.Equal(signed, decoded);
            Assert.Equal(transaction, decoded.Transaction);
            Assert.Equal(key.Address, decoded.RecoverSender());
            Assert.Equal(raw, decoded.Encode());
            Assert.Equal(Keccak256.Hash(raw), decoded.ComputeHash());
            Assert.Equal(signed.V, decoded.V);
            seen.Add(transaction.Type);
        }
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void Changing_any_signed_field_changes_the_signing_hash_and_the_recovered_sender()
    {
        var rng = new Random(2930);
        for (var i = 0; i < 50; i++)
        {
            var key = RandomTransactions.Key(rng);
            var transaction = RandomTransactions.DynamicFeeTx(rng);
            var signed = transaction.Sign(key);
            Transaction[] variants =
            [
                transaction with { ChainId = transaction.ChainId + 1 },
                transaction with { Nonce = transaction.Nonce ^ 1 },
                transaction with { MaxFeePerGas = transaction.MaxFeePerGas + 1 },
                transaction with { Value = transaction.Value + 1 },
                transaction with { Data = [.. transaction.Data, 0] },
                transaction with { To = transaction.To is null ? Address.Zero : null },
            ];
            foreach (var variant in variants)
            {
                Assert.NotEqual(transaction.GetSigningHash(), variant.GetSigningHash());
                // The old signature on changed fields still recovers *a* key, but never the signer's.
                Assert.NotEqual(key.Address, variant.WithSignature(signed.Signature).RecoverSender());
            }
        }
    }

    [Fact]
    public void Legacy_chain_id_is_recovered_from_v_for_every_chain_id()
    {
        var rng = new Random(155);
        for (var i = 0; i < 100; i++)
        {
            var transaction = RandomTransactions.LegacyTx(rng, withChainId: true);
            var signed = transaction.Sign(RandomTransactions.Key(rng));
            Assert.Equal(35 + 2 * new System.Numerics.BigInteger(transaction.ChainId!.Value) + signed.Signature.RecoveryId, signed.V);
            Assert.Equal(transaction.ChainId, ((LegacyTransaction)SignedTransaction.Decode(signed.Encode()).Transaction).ChainId);
        }
    }
}
