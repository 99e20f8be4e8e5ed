using Interop.Bridge.Protocol;
using Interop.Bridge.Relaying;
using Interop.Ethereum;
using Interop.Ethereum.Signing;
using Interop.Relayers.Relaying;

namespace Interop.Relayers.Tests.Relaying;

public sealed class RouteDecisionsTests
{
    [Fact]
    public void Request_ids_are_deterministic_per_batch_attempt_and_distinct_across_attempts_and_routes()
    {
        Assert.Equal(RouteDecisions.RequestId(901, 902, 7), RouteDecisions.RequestId(901, 902, 7));
        Assert.NotEqual(RouteDecisions.RequestId(901, 902, 7), RouteDecisions.RequestId(901, 902, 8));
        Assert.NotEqual(RouteDecisions.RequestId(901, 902, 7), RouteDecisions.RequestId(902, 901, 7));
        Assert.Equal(RouteDecisions.BatchKey("a"), RouteDecisions.BatchKey("a"));
        Assert.NotEqual(RouteDecisions.BatchKey("a"), RouteDecisions.BatchKey("b"));
    }

    [Fact]
    public void Gas_per_message_is_the_receipt_gas_divided_by_the_batch_size()
    {
        Assert.Equal(10_700UL, RouteDecisions.GasPerMessage(684_800, 64));
        Assert.Equal(50_000UL, RouteDecisions.GasPerMessage(50_000, 0));
    }

    [Fact]
    public void A_new_denylist_drops_only_queued_messages_it_matches()
    {
        var state = new RouteState(901, Mailbox(1), 902, Mailbox(2), new RelayerOptions());
        var sender = Bytes32.FromAddress(Mailbox(0xdd));
        for (ulong nonce = 0; nonce < 3; nonce++)
        {
            var message = Message(nonce, nonce == 1 ? sender : Bytes32.FromAddress(Mailbox(0xaa)));
            state.Apply(new LeafIndexed((uint)nonce, message.Id, 10));
            state.Apply(new MessageQueued(message, 10, DateTimeOffset.UnixEpoch));
        }
        state.Apply(new MessagesDelivered([2], 20));

        var drops = RouteDecisions.DenylistDrops(state, Denylist.Empty with { Senders = [sender, Bytes32.FromAddress(Mailbox(0xaa))] });

        var dropped = Assert.IsType<MessageDropped>(Assert.Single(drops, d => ((MessageDropped)d).Nonce == 1));
        Assert.Contains("denylist", dropped.Reason, StringComparison.Ordinal);
        Assert.Equal([0UL, 1UL], drops.Cast<MessageDropped>().Select(d => d.Nonce).Order());
    }

    [Fact]
    public void The_http_source_keeps_only_the_entry_its_validator_signed()
    {
        var validator = new EthKey(Enumerable.Repeat((byte)7, 32).ToArray());
        var other = new EthKey(Enumerable.Repeat((byte)8, 32).ToArray());
        var checkpoint = new Checkpoint(901, Bytes32.FromAddress(Mailbox(1)), new Bytes32(Enumerable.Repeat((byte)1, 32).ToArray()), 4);
        var older = checkpoint with { Index = 3 };
        var offers = new[]
        {
            new SignedCheckpoint(checkpoint, checkpoint.Sign(other)),
            new SignedCheckpoint(older, older.Sign(validator)),
            new SignedCheckpoint(checkpoint, checkpoint.Sign(validator)),
        };

        Assert.Equal(4u, HttpCheckpointSource.Pick(offers, validator.Address, 901, null)!.Checkpoint.Index);
        Assert.Equal(3u, HttpCheckpointSource.Pick(offers, validator.Address, 901, 3)!.Checkpoint.Index);
        Assert.Null(HttpCheckpointSource.Pick(offers, validator.Address, 902, null));
        Assert.Equal(other.Address, HttpCheckpointSource.Pick(offers, other.Address, 901, 4)!.Checkpoint.RecoverSigner(offers[0].Signature));
        // A covering answer (the validator forgot index 2 and answers its oldest kept checkpoint above it) counts; none below.
        Assert.Equal(3u, HttpCheckpointSource.Pick(offers, validator.Address, 901, 2)!.Checkpoint.Index);
        Assert.Null(HttpCheckpointSource.Pick(offers, validator.Address, 901, 5));
        Assert.Equal(4u, HttpCheckpointSource.Pick(offers, other.Address, 901, 2)!.Checkpoint.Index);
    }

    private static Address Mailbox(byte b) => new(Enumerable.Repeat(b, 20).ToArray());

    internal static InteropMessage Message(ulong nonce, Bytes32 sender, uint origin = 901, uint destination = 902) => new()
    {
        Version = InteropMessage.CurrentVersion, Nonce = nonce, Origin = origin, Sender = sender, Destination = destination,
        Recipient = Bytes32.FromAddress(Mailbox(0xbb)), GasLimit = 100_000, Body = [1, 2, 3],
    };
}
