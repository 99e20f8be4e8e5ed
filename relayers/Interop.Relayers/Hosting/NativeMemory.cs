using System.Runtime.InteropServices;

namespace Interop.Relayers.Hosting;

/// <summary>
/// Process-wide glibc malloc settings for the node, applied from inside the process (<see cref="ConfigureMalloc"/>, first thing
/// in <c>Main</c>) so they do not depend on how the node is started:
/// <list type="bullet">
/// <item>at most <see cref="DefaultMallocArenas"/> arenas (as <c>MALLOC_ARENA_MAX=2</c>): glibc gives threads that contend on
/// <c>malloc</c> arenas of their own, up to 8 per core, and each keeps the memory it once used;</item>
/// <item>a fixed mmap threshold of <see cref="DefaultMmapThreshold"/> (as <c>MALLOC_MMAP_THRESHOLD_=131072</c>): by default
/// glibc raises the threshold to the size of any mmapped block freed (up to 32 MiB) and the heap's trim threshold to twice
/// that, so once SQLite had copied a 10 MB snapshot blob, every later buffer of that size came from the heap and stayed
/// there (the main heap grew from 10 to 30 MiB over 50,000 messages in the load run). Fixed, large buffers are mapped and
/// unmapped each time.</item>
/// </list>
/// </summary>
public static class NativeMemory
{
    /// <summary>The arena cap applied when the environment does not set <c>MALLOC_ARENA_MAX</c>.</summary>
    public const int DefaultMallocArenas = 2;

    /// <summary>Allocations of at least this many bytes are mapped apart (and returned to the OS when freed).</summary>
    public const int DefaultMmapThreshold = 128 * 1024;

    // mallopt(3) parameters from glibc's malloc.h.
    private const int MArenaMax = -8;
    private const int MMmapThreshold = -3;

    /// <summary>
    /// Applies both settings, each unless the environment sets it (<c>MALLOC_ARENA_MAX</c>, <c>MALLOC_MMAP_THRESHOLD_</c>: the
    /// operator's choice wins). Does nothing off Linux or on a C library without <c>mallopt</c> (e.g. musl).
    /// </summary>
    /// <returns>Which settings were applied.</returns>
    public static (bool Arenas, bool MmapThreshold) ConfigureMalloc(int arenas = DefaultMallocArenas, int mmapThreshold = DefaultMmapThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(arenas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(mmapThreshold, 4096);
        if (!OperatingSystem.IsLinux()) return (false, false);
        return (Set("MALLOC_ARENA_MAX", MArenaMax, arenas), Set("MALLOC_MMAP_THRESHOLD_", MMmapThreshold, mmapThreshold));
    }

    private static bool Set(string environmentVariable, int parameter, int value)
    {
        if (Environment.GetEnvironmentVariable(environmentVariable) is not null) return false;
        try
        {
            return Mallopt(parameter, value) == 1; // mallopt returns 1 on success
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable SYSLIB1054 // blittable int arguments: nothing to marshal, and LibraryImport would need unsafe code
    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
#pragma warning restore SYSLIB1054
}
