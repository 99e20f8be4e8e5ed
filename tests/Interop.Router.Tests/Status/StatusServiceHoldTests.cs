using System.Collections.Immutable;
using System.Numerics;
using Interop.Bridge.Status;
using Interop.Ethereum;
using Interop.Router.Status;

namespace Interop.Router.Tests.Status;

/// <summary>A canonical transfer whose message the destination TokenBridge held: FILLING with the hold named until the hold is released.</summary>
public sealed class StatusServiceHoldTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Bytes32 MessageId = new(Enumerable.Repeat((byte)0x42, 32).ToArray());
    private static readonly Address Bridge = new(Enumerable.Repeat((byte)0xbb, 20).ToArray());
    private static readonly MessageHold Hold = new(7, Bridge, Bridge, 2_000_000, DateTimeOffset.FromUnixTimeSeconds(1_900_000_000), MessageId, 12);

    /// <summary>The relayer network's answers, set by the test (the router only reads them).</summary>
    private sealed class Messages : IMessageStatusSource
    {
        public MessageRecord? Current { get; set; }

        public Task<MessageRecord?> GetAsync(Bytes32 id, CancellationToken cancellationToken = default) =>
            Task.FromResult(Current is { } r && r.Id == id ? r : null);

        public Task<IReadOnlyList<MessageRecord>> FindByTransactionAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<MessageRecord>>([]);

        public Task<IReadOnlyList<MessageRecord>> ListAsync(MessageStage? stage, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<MessageRecord>>(Current is { } r ? [r] : []);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static MessageRecord Record(MessageStage stage, MessageHold? hold) => new()
    {
        Id = MessageId, Origin = 901, Destination = 902, Nonce = 3, Sender = Bytes32.Zero, Recipient = Bytes32.FromAddress(Bridge), GasLimit = 100_000,
        Stage = stage, Hold = hold,
        History = [new(MessageStage.Dispatched, T0), .. stage == MessageStage.Dispatched ? [] : new[] { new MessageTransition(MessageStage.Held, T0.AddSeconds(5), hold?.Describe()) }],
    };

    private static (StatusService Service, Messages Source) Start()
    {
        var store = new TransferStatusStore();
        store.Add(new TransferRecord
        {
            QuoteId = "q1", FromChain = 901, ToChain = 902, ExpiresAt = T0.AddMinutes(1), FillDeadline = T0.AddMinutes(10), Status = TransferStatus.OriginConfirmed,
            MessageIds = [MessageId.ToString()],
        });
        var source = new Messages();
        return (new StatusService(store, new FixedTime(T0.AddSeconds(10)), source), source);
    }

    [Fact]
    public async Task A_held_message_keeps_the_transfer_filling_with_the_hold_named_once_and_its_release_fills_it()
    {
        var (service, source) = Start();
        source.Current = Record(MessageStage.Held, Hold);

        var held = (await service.GetAsync("q1", CancellationToken.None))!;
        await service.GetAsync("q1", CancellationToken.None); // asked again: the hold is named once

        Assert.Equal("FILLING", held.Status);
        Assert.Equal([new MessageStatus(MessageId.ToString(), "Held")], held.Messages);
        var expected = $"message {MessageId} held: hold 7 of 2000000 until 2030-03-17T17:46:40Z on TokenBridge {Bridge}";
        Assert.Equal(expected, held.History[^1].Detail);
        Assert.Single((await service.GetAsync("q1", CancellationToken.None))!.History, h => h.Detail == expected);

        source.Current = Record(MessageStage.Delivered, Hold with { ReleaseTransaction = MessageId, ReleaseBlock = 20 });
        var filled = (await service.GetAsync("q1", CancellationToken.None))!;
        Assert.Equal("FILLED", filled.Status);
        Assert.Equal(["FILLING", "FILLING", "FILLED"], filled.History.Select(h => h.Status)); // the record starts without history here

        // Never backwards: a later Held report (e.g. a destination reorg) does not undo FILLED.
        source.Current = Record(MessageStage.Held, Hold);
        Assert.Equal("FILLED", (await service.GetAsync("q1", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_held_message_this_router_did_not_quote_is_filling_with_the_hold_in_its_history()
    {
        var (service, source) = Start();
        source.Current = Record(MessageStage.Held, Hold);

        var status = (await service.GetAsync(MessageId.ToString(), CancellationToken.None))!;

        Assert.Equal("FILLING", status.Status);
        Assert.Equal("Held", status.Messages.Single().Stage);
        Assert.Equal($"Held: {Hold.Describe()}", status.History[^1].Detail);
    }

    [Fact]
    public void Only_every_message_delivered_is_filled_a_held_one_is_filling()
    {
        Assert.Equal(TransferStatus.Filling, StatusService.StatusOf([MessageStage.Delivered, MessageStage.Held]));
        Assert.Equal(TransferStatus.Filled, StatusService.StatusOf([MessageStage.Delivered, MessageStage.Delivered]));
    }
}
