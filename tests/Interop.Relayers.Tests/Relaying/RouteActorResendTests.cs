using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Interop.Bridge.Protocol;
using Interop.Bridge.Relaying;
using Interop.Ethereum.Rpc;
using Interop.Relayers.Persistence;
using Interop.Relayers.Relaying;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Relaying;

/// <summary>
/// A batch the route handed to its TxSender and never got an acknowledgement for (the request was lost: a TxSender that
/// stopped and backed off drops its mailbox) is handed over again under the same request id; an acknowledged one is not.
/// The batch in flight comes from the route's journal (written before the route starts), so no chain is needed.
/// </summary>
public sealed class RouteActorResendTests : Akka.TestKit.Xunit2.TestKit
{
    private const uint Origin = 901, Destination = 902;
    private static readonly string Folder = Directory.CreateTempSubdirectory("interop-route-resend-").FullName;
    private static readonly Address DestinationMailbox = new(Enumerable.Repeat((byte)2, 20).ToArray());

    public RouteActorResendTests()
        : base(ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(
            PersistenceHocon.Create(PersistenceOptions.SqliteFile(Path.Combine(Folder, $"{Guid.NewGuid():N}.db")))))
    {
    }

    /// <summary>Writes one event into a persistence id's journal, as the route would have before a crash.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, object @event)
        {
            PersistenceId = persistenceId;
            Command<string>(_ =>
            {
                var replyTo = Sender;
                Persist(@event, _ => replyTo.Tell("written"));
            });
        }

        public override string PersistenceId { get; }
    }

    [Fact]
    public async Task An_unacknowledged_batch_is_handed_over_again_under_the_same_id_and_an_acknowledged_one_is_not()
    {
        var batch = new BatchRequest($"relay:{Origin}->{Destination}:batch-0", [0UL], [0xAB, 0xCD]);
        var recorded = new RouteEventsRecorded(null, null, Array.Empty<IRelayerEvent>(), Sent: batch);
        var writer = Sys.ActorOf(Props.Create(() => new JournalWriter(RouteActor.PersistenceIdFor(Origin, Destination), recorded)));
        Assert.Equal("written", await writer.Ask<string>("write", TimeSpan.FromSeconds(30)));
        Sys.Stop(writer);

        var txSender = CreateTestProbe();
        var relayer = new Address(Enumerable.Repeat((byte)9, 20).ToArray());
        var options = new RelayerOptions { MaxBatchSize = 5000, MaxWait = TimeSpan.FromHours(1), ResendAfter = TimeSpan.FromSeconds(1) };
        var wiring = new RouteWiring(Origin, new Address(Enumerable.Repeat((byte)1, 20).ToArray()), Destination, DestinationMailbox, options,
            new ValidatorSet([relayer], 1), [], RpcClient.Create(new Uri("http://127.0.0.1:9")), relayer, CreateTestProbe().Ref, CreateTestProbe().Ref,
            txSender.Ref, ActorRefs.Nobody);
        var route = Sys.ActorOf(RouteActor.Props(wiring), "route");

        // After recovery the batch in flight is handed to the TxSender, which (lost request) says nothing.
        var first = await txSender.ExpectMsgAsync<SendTransaction>(TimeSpan.FromSeconds(30));
        Assert.Equal((batch.RequestId, DestinationMailbox), (first.RequestId, first.To));
        Assert.Equal(batch.Calldata, first.Data);

        // Within ResendAfter (1 s) plus one re-check (every 5 s): handed over again, same id and calldata.
        var again = await txSender.ExpectMsgAsync<SendTransaction>(TimeSpan.FromSeconds(15));
        Assert.Equal(batch.RequestId, again.RequestId);
        Assert.Equal(batch.Calldata, again.Data);

        // Acknowledged: the TxSender journaled it and sees it through; it is not handed over again.
        route.Tell(new TransactionAccepted(Destination, batch.RequestId), txSender.Ref);
        await txSender.ExpectNoMsgAsync(TimeSpan.FromSeconds(12));
    }
}
