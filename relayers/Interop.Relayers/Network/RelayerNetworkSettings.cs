using Interop.Bridge.Relaying;
using Interop.Ethereum;
using Interop.Ethereum.Signing;

namespace Interop.Relayers.Network;

/// <summary>One chain the network watches and delivers to.</summary>
/// <param name="ChainId">Chain id = message domain.</param>
/// <param name="Name">For logs and metrics labels.</param>
/// <param name="Rpc">JSON-RPC endpoints in order of preference (failover).</param>
/// <param name="Mailbox">The chain's Mailbox.</param>
/// <param name="ConfirmationDepth">Blocks a log must be buried under before it is validated/relayed.</param>
/// <param name="PollInterval">How often the watcher polls when caught up (about the block time).</param>
public sealed record NetworkChain(uint ChainId, string Name, IReadOnlyList<Uri> Rpc, Address Mailbox, int ConfirmationDepth, TimeSpan PollInterval);

/// <summary>
/// What a node's relayer network runs: the chains, the local validator keys (one Validator actor per key and origin),
/// each origin's validator set as the destination ISMs have it, where remote validators serve checkpoints, the relayer key
/// (one TxSender per destination chain), and the relay policy. Keys are never logged.
/// </summary>
public sealed record RelayerNetworkSettings
{
    public required IReadOnlyList<NetworkChain> Chains { get; init; }

    /// <summary>Validator keys this node signs with (may be empty: a relay-only node).</summary>
    public required IReadOnlyList<EthKey> ValidatorKeys { get; init; }

    /// <summary>The validator set and threshold per origin domain.</summary>
    public required IReadOnlyDictionary<uint, ValidatorSet> ValidatorSets { get; init; }

    /// <summary>Base URLs of other nodes serving <c>GET /v1/checkpoints/{origin}/{index}</c> (their validators' signatures).</summary>
    public IReadOnlyList<Uri> RemoteCheckpointEndpoints { get; init; } = [];

    /// <summary>The key that signs processBatch transactions; null for a validate-only node.</summary>
    public EthKey? RelayerKey { get; init; }

    public RelayerOptions Relay { get; init; } = new();
}
