using Interop.Bridge.Configuration;

namespace Interop.Bridge.Tests.Configuration;

public class InteropOptionsTests
{
    [Fact]
    public void Validate_accepts_the_defaults() => Assert.Empty(new InteropOptions().Validate());

    [Fact]
    public void Validate_names_every_bad_key()
    {
        var options = new InteropOptions
        {
            Devnet = new DevnetOptions
            {
                Threshold = 9,
                Chains = [new() { Name = "l1", ChainId = 900, Layer = ChainLayer.L1 }, new() { Name = "", ChainId = 900, Layer = ChainLayer.L2, BlockTimeSeconds = -1 }],
            },
            Chains = [new ChainOptions { Name = "x", ChainId = 5, Rpc = ["ftp://nope"], Contracts = { ["Mailbox"] = "0x123" } }],
        };
        var errors = options.Validate();
        Assert.Contains(errors, e => e.StartsWith("Interop:Devnet:Threshold", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Devnet:Chains:1:Name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Devnet:Chains:1:ChainId 900 appears twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Devnet:Chains:1:BlockTimeSeconds", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Chains:0:Rpc:0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Interop:Chains:0:Contracts:Mailbox", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(4, true)]   // one past the confirmation depth: the smallest window allowed
    [InlineData(3, false)]  // at the depth
    [InlineData(1, false)]
    public void A_chain_reorg_window_must_exceed_its_confirmation_depth(int? window, bool valid)
    {
        var options = new InteropOptions
        {
            Devnet = new DevnetOptions { Enabled = false },
            Chains = [new ChainOptions { Name = "a", ChainId = 901, Rpc = ["http://127.0.0.1:1"], ConfirmationDepth = 3, ReorgHistoryBlocks = window }],
        };
        var errors = options.Validate();
        Assert.Equal(valid, !errors.Any(e => e.StartsWith("Interop:Chains:0:ReorgHistoryBlocks", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_requires_chains_when_the_devnet_is_off()
    {
        var errors = new InteropOptions { Devnet = new DevnetOptions { Enabled = false } }.Validate();
        Assert.Contains(errors, e => e.Contains("Interop:Chains is empty", StringComparison.Ordinal));
    }
}
