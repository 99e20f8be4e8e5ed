using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Interop.Bridge.Indexing;
using Interop.Bridge.Relaying;
using Interop.Bridge.Validation;

namespace Interop.Relayers.Persistence;

/// <summary>
/// The stable JSON discriminators of the protocol cores' event hierarchies (indexer, validator, relayer events and
/// Mailbox logs) that persisted wrappers carry. Like <see cref="PersistedAsAttribute"/> names, a discriminator never
/// changes once written; a new shape gets a new name.
/// </summary>
internal static class PersistedCoreTypes
{
    private static readonly Dictionary<Type, (Type Type, string Name)[]> Hierarchies = new()
    {
        [typeof(IChainIndexEvent)] =
        [
            (typeof(BlocksIndexed), "blocks-indexed"), (typeof(Rewound), "rewound"), (typeof(ReorgBeyondHistory), "reorg-beyond-history"),
        ],
        [typeof(MailboxLog)] =
        [
            (typeof(DispatchedLog), "dispatched"), (typeof(GasPaymentLog), "gas-payment"), (typeof(ProcessedLog), "processed"),
            (typeof(ProcessFailedLog), "process-failed"), (typeof(TransferHeldLog), "transfer-held"), (typeof(HoldReleasedLog), "hold-released"),
        ],
        [typeof(IValidatorEvent)] =
        [
            (typeof(LeafAppended), "leaf-appended"), (typeof(TreeTruncated), "tree-truncated"), (typeof(CheckpointSigned), "checkpoint-signed"),
            (typeof(Halted), "halted"),
        ],
        [typeof(IRelayerEvent)] =
        [
            (typeof(LeafIndexed), "leaf-indexed"), (typeof(MessageQueued), "message-queued"), (typeof(GasPaid), "gas-paid"),
            (typeof(MessageDropped), "message-dropped"), (typeof(OriginRewound), "origin-rewound"), (typeof(MessagesDelivered), "messages-delivered"),
            (typeof(DestinationRewound), "destination-rewound"), (typeof(BatchSubmitted), "batch-submitted"), (typeof(DeliveryFailed), "delivery-failed"),
            (typeof(RouteHalted), "route-halted"), (typeof(MessageRequeued), "message-requeued"),
        ],
    };

    /// <summary>A <see cref="DefaultJsonTypeInfoResolver"/> modifier declaring each hierarchy's derived types.</summary>
    public static void AddPolymorphism(JsonTypeInfo info)
    {
        if (!Hierarchies.TryGetValue(info.Type, out var derived)) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "$kind",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var (type, name) in derived) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
    }
}
