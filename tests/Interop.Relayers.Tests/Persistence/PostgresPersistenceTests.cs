using Akka.Actor;
using Interop.Relayers.Persistence;
using Interop.Relayers.Tests.Support;
using Interop.Relayers.TxSending;
using Interop.Relayers.TxSending.Commands;
using Interop.Relayers.TxSending.Events;
using Interop.Relayers.TxSending.Queries;
using Npgsql;
using Xunit.Abstractions;
using Address = Interop.Ethereum.Address;

namespace Interop.Relayers.Tests.Persistence;

/// <summary>The same journal and snapshot round trip on PostgreSQL (a private server per class).</summary>
public sealed class PostgresPersistenceTests(PostgresFixture postgres, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(output: output), IClassFixture<PostgresFixture>
{
    private static readonly Address Recipient = Address.Parse("0x00000000000000000000000000000000000000b2");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sender_state_survives_a_restart_on_a_postgresql_journal()
    {
        await using var harness = await TxSenderHarness.StartAsync(persistence: PersistenceOptions.PostgreSql(postgres.Server.ConnectionString));
        var first = harness.StartSystem();
        var sender = harness.StartSender(first);
        var requester = CreateTestProbe(first);
        for (var i = 0; i < 3; i++) sender.Tell(new SendTransaction($"pg-{i}", Recipient, [], 1), requester);
        var received = await requester.CollectUntilAsync(m => m.OfType<TransactionConfirmed>().Count() == 3, Timeout);
        var firstConfirmation = received.OfType<TransactionConfirmed>().Single(c => c.RequestId == "pg-0");
        // 3 queued + 3 signed + 3 confirmed events: with a snapshot every 7, recovery reads a snapshot and a tail.
        var persistenceId = TxSenderActor.PersistenceIdFor(TxSenderHarness.ChainId, harness.Key.Address);
        await AwaitConditionAsync(async () => await CountSnapshotsAsync(persistenceId) == 1, Timeout);
        await first.Terminate().WaitAsync(Timeout);

        var second = harness.StartSystem();
        var recovered = harness.StartSender(second);
        var status = await recovered.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, Timeout);
        Assert.Equal(3, status.Completed);
        Assert.Empty(status.Pending);
        Assert.Empty(status.Queued);
        await AwaitConditionAsync(async () => (await recovered.Ask<TxSenderStatus>(GetTxSenderStatus.Instance, Timeout)).NextNonce == 3, Timeout);

        var again = CreateTestProbe(second);
        recovered.Tell(new SendTransaction("pg-0", Recipient, [], 1), again);
        await again.ExpectMsgAsync<TransactionAccepted>(Timeout);
        Assert.Equal(firstConfirmation, await again.ExpectMsgAsync<TransactionConfirmed>(Timeout));
        Assert.Equal(3ul, await harness.ChainNonceAsync());
    }

    // Only the newest snapshot is kept: older ones are deleted once a newer one is stored.
    private async Task<long> CountSnapshotsAsync(string persistenceId)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM snapshot_store WHERE persistence_id = @id", connection);
        command.Parameters.AddWithValue("id", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
