using Interop.Bridge.Relaying;
using Interop.Ethereum;
using Interop.Relayers.Network;

namespace Interop.Relayers.Tests.Network;

/// <summary>The per-chain reorg window (<see cref="NetworkChain.ReorgHistoryBlocks"/>) that bounds the watchers, validators and routes.</summary>
public sealed class ReorgWindowSettingsTests
{
    private static readonly Address Mailbox = Address.Parse("0x1000000000000000000000000000000000000001");

    private static NetworkChain Chain(int depth, int? history = null) =>
        new(901, "l2a", [new Uri("http://127.0.0.1:8546")], Mailbox, depth, TimeSpan.FromSeconds(1), history);

    private static RelayerNetworkSettings Settings(NetworkChain chain) => new()
    {
        Chains = [chain],
        ValidatorKeys = [],
        ValidatorSets = new Dictionary<uint, ValidatorSet>(),
    };

    [Theory]
    [InlineData(0, 32)]
    [InlineData(1, 33)]
    [InlineData(64, 96)]
    public void By_default_the_window_is_the_confirmation_depth_plus_the_margin(int depth, int window)
    {
        Assert.Equal(window, Chain(depth).EffectiveReorgHistoryBlocks);
        Assert.Equal(depth + NetworkChain.DefaultReorgMarginBlocks, Chain(depth).EffectiveReorgHistoryBlocks);
        Assert.Empty(Settings(Chain(depth)).Validate());
    }

    [Fact]
    public void An_explicit_window_must_reach_past_the_confirmation_depth()
    {
        // One block past the depth is the smallest window that can undo anything the watcher emitted: accepted and used as is.
        Assert.Empty(Settings(Chain(12, history: 13)).Validate());
        Assert.Equal(13, Chain(12, history: 13).EffectiveReorgHistoryBlocks);
        // At the depth (or below) the watcher could not undo a single confirmed block: refused, naming the field.
        var error = Assert.Single(Settings(Chain(12, history: 12)).Validate());
        Assert.StartsWith("Chains:0:ReorgHistoryBlocks", error, StringComparison.Ordinal);
        Assert.Single(Settings(Chain(12, history: 1)).Validate());
    }
}
