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

    [Fact]
    public void Validate_requires_chains_when_the_devnet_is_off()
    {
        var errors = new InteropOptions { Devnet = new DevnetOptions { Enabled = false } }.Validate();
        Assert.Contains(errors, e => e.Contains("Interop:Chains is empty", StringComparison.Ordinal));
    }
}
