using Interop.Node.Cli;
using Interop.Relayers.Hosting;

// Before anything allocates natively on other threads: cap glibc's malloc arenas (docs/RELAY-LOAD.md, native memory).
NativeMemory.ConfigureMalloc();
return await InteropCli.RunAsync(args);
