using Interop.Relayers.Hosting;

namespace Interop.Relayers.Tests.Hosting;

public sealed class NativeMemoryTests
{
    [Fact]
    public void Malloc_settings_are_applied_on_linux_glibc_unless_the_environment_sets_them()
    {
        // The test process runs on Linux with glibc here (the node's platform); the settings are harmless for it.
        var (arenas, threshold) = NativeMemory.ConfigureMalloc();
        Assert.Equal(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null, arenas);
        Assert.Equal(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null, threshold);
    }

    [Theory]
    [InlineData(0, NativeMemory.DefaultMmapThreshold)]
    [InlineData(NativeMemory.DefaultMallocArenas, 4095)]
    public void At_least_one_arena_and_a_threshold_of_a_page(int arenas, int threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeMemory.ConfigureMalloc(arenas, threshold));

    [Fact]
    public void The_smallest_allowed_values_are_accepted()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (arenas, threshold) = NativeMemory.ConfigureMalloc(1, 4096);
        Assert.Equal(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null, arenas);
        Assert.Equal(Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null, threshold);
        NativeMemory.ConfigureMalloc(); // back to the defaults for the rest of the test process
    }
}
