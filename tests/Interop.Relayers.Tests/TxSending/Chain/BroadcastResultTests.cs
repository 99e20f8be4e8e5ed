using Interop.Ethereum.Rpc.Errors;
using Interop.Relayers.TxSending.Chain;

namespace Interop.Relayers.Tests.TxSending.Chain;

public sealed class BroadcastResultTests
{
    [Theory]
    [InlineData("already known")]
    [InlineData("transaction already imported")]
    [InlineData("ALREADY_EXISTS: already known")]
    [InlineData("nonce too low: next nonce 5, tx nonce 4")]
    [InlineData("Known transaction (0xabc)")]
    [InlineData("OldNonce")]
    public void Answers_meaning_the_node_has_it_or_the_nonce_is_used_are_maybe_sent(string message) =>
        Assert.Equal(BroadcastOutcome.MaybeSent, BroadcastResult.FromException(Rpc(message)).Outcome);

    [Theory]
    [InlineData("replacement transaction underpriced")]
    [InlineData("insufficient funds for gas * price + value")]
    [InlineData("max fee per gas less than block base fee")]
    public void Other_node_answers_are_rejections_with_the_nodes_words(string message)
    {
        var result = BroadcastResult.FromException(Rpc(message));

        Assert.Equal(BroadcastOutcome.Rejected, result.Outcome);
        Assert.Equal(message, result.Detail);
    }

    [Fact]
    public void A_transport_failure_is_unreachable_since_the_transaction_may_or_may_not_have_arrived()
    {
        var e = new RpcTransportException("eth_sendRawTransaction", "http://node", RpcTransportFailure.Timeout, "timed out");

        Assert.Equal(BroadcastOutcome.Unreachable, BroadcastResult.FromException(e).Outcome);
    }

    private static JsonRpcException Rpc(string message) =>
        JsonRpcException.Create("eth_sendRawTransaction", "http://node", -32000, message, null);
}
