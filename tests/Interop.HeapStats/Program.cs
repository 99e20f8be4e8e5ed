using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

// Heap profile of a running .NET process (e.g. the load run's node):
//   dotnet run -c Release --project tests/Interop.HeapStats -- PID [top=40] [--keep]
// 1. takes a dump with heap through the diagnostics IPC channel (DiagnosticsClient.WriteDump, DumpType.WithHeap; the target
//    is paused for the dump only, a few seconds);
// 2. reads it with ClrMD: the top types by total bytes and by count (live and dead objects alike: a dump does not collect,
//    so take it right after a full GC for the live set, e.g. after the load tool's "mem" line), the largest arrays and
//    strings with the chain of types that hold them (one parent each, up to 4 levels), and the bytes reachable per
//    "owner" type below the roots (each object counted once, attributed to the first owner that reaches it);
// 3. groups the process's /proc/PID/smaps by what the mappings are: GC heap (the runtime's segments/regions), CLR native
//    heaps (loader, JIT code, stubs), managed thread stacks, the W^X double mapping, mapped files, other anonymous memory.
// The dump is written to /tmp and deleted unless --keep.
if (args.Length < 1 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var pid))
{
    Console.Error.WriteLine("usage: Interop.HeapStats PID [top=40] [--keep]");
    return 2;
}
var top = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var t) ? t : 40;
var keep = args.Contains("--keep");
var dumpPath = Path.Combine(Path.GetTempPath(), $"heapstats-{pid}-{DateTime.UtcNow:HHmmss}.dmp");

var smapsText = File.ReadAllText($"/proc/{pid}/smaps");
var rollup = File.ReadAllText($"/proc/{pid}/smaps_rollup");
var clock = System.Diagnostics.Stopwatch.StartNew();
new DiagnosticsClient(pid).WriteDump(DumpType.WithHeap, dumpPath, logDumpGeneration: false);
Console.WriteLine(FormattableString.Invariant($"dump of {pid}: {new FileInfo(dumpPath).Length / (1024 * 1024)} MiB in {clock.Elapsed.TotalSeconds:F1} s ({dumpPath})"));
try
{
    using var target = DataTarget.LoadDump(dumpPath);
    using var runtime = target.ClrVersions[0].CreateRuntime();
    var heap = runtime.Heap;

    static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    // Types by bytes and count.
    var byType = new Dictionary<string, (long Count, long Bytes)>();
    var objects = 0L;
    var total = 0L;
    var big = new List<(ulong Address, long Size, string Type)>();
    foreach (var o in heap.EnumerateObjects())
    {
        if (!o.IsValid || o.Type is null) continue;
        var name = o.Type.Name ?? "?";
        var size = (long)o.Size;
        objects++;
        total += size;
        byType[name] = byType.TryGetValue(name, out var v) ? (v.Count + 1, v.Bytes + size) : (1, size);
        if (size >= 16 * 1024 && (o.IsArray || name == "System.String")) big.Add((o.Address, size, name));
    }
    Console.WriteLine(FormattableString.Invariant($"heap: {objects:N0} objects, {Mib(total)} (live and dead as of the dump); segments:"));
    foreach (var kind in heap.Segments.GroupBy(s => s.Kind))
        Console.WriteLine(FormattableString.Invariant($"  {kind.Key}: {kind.Count()} segment(s), committed {Mib(kind.Sum(s => (long)s.CommittedMemory.Length))}, objects range {Mib(kind.Sum(s => (long)s.ObjectRange.Length))}"));
    Console.WriteLine();
    Console.WriteLine($"top {top} types by bytes:");
    foreach (var (name, (count, bytes)) in byType.OrderByDescending(p => p.Value.Bytes).Take(top))
        Console.WriteLine(FormattableString.Invariant($"  {bytes,12:N0} B {count,10:N0}  {name}"));
    Console.WriteLine();
    Console.WriteLine($"top {top} types by count:");
    foreach (var (name, (count, bytes)) in byType.OrderByDescending(p => p.Value.Count).Take(top))
        Console.WriteLine(FormattableString.Invariant($"  {count,10:N0} {bytes,12:N0} B  {name}"));

    // One parent per object, from the roots down (breadth first): the chain of holders of the big arrays, and the bytes
    // reachable below each "owner" (the first object of an interesting type on the path from a root).
    var parent = new Dictionary<ulong, ulong>();
    var queue = new Queue<ulong>();
    var rootKinds = new Dictionary<string, long>();
    foreach (var root in heap.EnumerateRoots())
    {
        rootKinds[root.RootKind.ToString()] = rootKinds.GetValueOrDefault(root.RootKind.ToString()) + 1;
        if (root.Object.Address != 0 && parent.TryAdd(root.Object.Address, 0)) queue.Enqueue(root.Object.Address);
    }
    var owner = new Dictionary<ulong, string>();
    static bool IsOwner(string? name) => name is not null && name.StartsWith("Interop.", StringComparison.Ordinal) && !name.Contains("+<", StringComparison.Ordinal);
    var ownedBytes = new Dictionary<string, (long Count, long Bytes)>();
    while (queue.Count > 0)
    {
        var address = queue.Dequeue();
        var o = heap.GetObject(address);
        if (!o.IsValid || o.Type is null) continue;
        var own = IsOwner(o.Type.Name) ? o.Type.Name! : owner.GetValueOrDefault(parent[address]) ?? "(not below an Interop.* object)";
        owner[address] = own;
        ownedBytes[own] = ownedBytes.TryGetValue(own, out var ob) ? (ob.Count + 1, ob.Bytes + (long)o.Size) : (1, (long)o.Size);
        foreach (var child in o.EnumerateReferenceAddresses(carefully: false, considerDependantHandles: true))
            if (child != 0 && parent.TryAdd(child, address)) queue.Enqueue(child);
    }
    owner.Clear();
    Console.WriteLine();
    Console.WriteLine("roots: " + string.Join(", ", rootKinds.Select(p => $"{p.Key} {p.Value}")));
    Console.WriteLine(FormattableString.Invariant($"reachable: {parent.Count:N0} objects; bytes by owner (the nearest Interop.* object above, each object counted once, breadth first from the roots):"));
    foreach (var (name, (count, bytes)) in ownedBytes.OrderByDescending(p => p.Value.Bytes).Take(top))
        Console.WriteLine(FormattableString.Invariant($"  {bytes,12:N0} B {count,10:N0}  {name}"));

    Console.WriteLine();
    Console.WriteLine($"largest {top} arrays/strings (>= 16 KiB) and who holds them:");
    foreach (var (address, size, type) in big.OrderByDescending(b => b.Size).Take(top))
    {
        var chain = new List<string>();
        var at = address;
        for (var depth = 0; depth < 5 && parent.TryGetValue(at, out var p) && p != 0; depth++)
        {
            chain.Add(heap.GetObjectType(p)?.Name ?? "?");
            at = p;
        }
        var reachable = parent.ContainsKey(address) ? "" : " (unreachable: garbage)";
        Console.WriteLine(FormattableString.Invariant($"  {size,12:N0} B {type}{reachable}"));
        if (chain.Count > 0) Console.WriteLine("      <- " + string.Join(" <- ", chain));
    }

    // The process's mappings by kind (taken just before the dump).
    var ranges = new List<(ulong Start, ulong End, string Kind)>();
    foreach (var s in heap.Segments) ranges.Add((s.CommittedMemory.Start, s.CommittedMemory.End, "GC heap"));
    foreach (var h in runtime.EnumerateClrNativeHeaps()) ranges.Add((h.MemoryRange.Start, h.MemoryRange.End, "CLR native heap: " + h.Kind));
    foreach (var th in runtime.Threads.Where(th => th.StackLimit != 0)) ranges.Add((th.StackLimit, th.StackBase, "managed thread stack"));
    var byKind = new Dictionary<string, (int Maps, long RssKb)>();
    var header = new Regex(@"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$");
    string? kindOfMap = null;
    ulong mapStart = 0, mapEnd = 0;
    foreach (var line in smapsText.Split('\n'))
    {
        var m = header.Match(line);
        if (m.Success)
        {
            mapStart = ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            mapEnd = ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var path = m.Groups[3].Value.Trim();
            kindOfMap = path switch
            {
                "" => null,
                _ when path.StartsWith("/memfd:doublemapper", StringComparison.Ordinal) => "W^X double mapping (memfd:doublemapper)",
                _ when path.EndsWith(".dll", StringComparison.Ordinal) => "mapped .dll (managed assemblies)",
                _ when path.Contains(".so", StringComparison.Ordinal) => "mapped .so (native libraries)",
                _ when path.StartsWith('[') => path,
                _ => "other mapped file: " + Path.GetFileName(path),
            };
            if (kindOfMap is null)
            {
                var hit = ranges.FirstOrDefault(r => r.Start < mapEnd && r.End > mapStart);
                kindOfMap = hit.Kind ?? "anonymous (native: malloc arenas, SQLite, other)";
            }
            continue;
        }
        if (kindOfMap is not null && line.StartsWith("Rss:", StringComparison.Ordinal))
        {
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            byKind[kindOfMap] = byKind.TryGetValue(kindOfMap, out var k) ? (k.Maps + 1, k.RssKb + kb) : (1, kb);
        }
    }
    Console.WriteLine();
    Console.WriteLine("RSS by mapping kind (/proc/PID/smaps; an anonymous mapping counts for the first CLR range it overlaps):");
    foreach (var (kind, (maps, kb)) in byKind.OrderByDescending(p => p.Value.RssKb))
        Console.WriteLine(FormattableString.Invariant($"  {kb / 1024.0,8:F1} MiB {maps,5} maps  {kind}"));
    Console.WriteLine("smaps_rollup: " + string.Join(", ", rollup.Split('\n').Where(l => l.StartsWith("Rss:") || l.StartsWith("Anonymous:") || l.StartsWith("Private_Dirty:") || l.StartsWith("Shared_Clean:") || l.StartsWith("Private_Clean:")).Select(l => Regex.Replace(l, @"\s+", " "))));
}
finally
{
    if (!keep) File.Delete(dumpPath);
}
return 0;
