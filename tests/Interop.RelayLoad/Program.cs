using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Akka.Actor;
using Akka.Configuration;
using Interop.Bridge.Chain;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Bridge.Indexing;
using Interop.Bridge.Relaying;
using Interop.Contracts.Bindings;
using Interop.Ethereum;
using Interop.Ethereum.Encoding;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Rpc.Model;
using Interop.Ethereum.Signing;
using Interop.RelayLoad;
using Microsoft.Extensions.Logging.Abstractions;
using Address = Interop.Ethereum.Address;

// Load run of the relayer network on the devnet (L1 900, L2s 901/902 with 1 s blocks, confirmation depth 1), route 901 -> 902.
// The network runs in a child process (NodeProcess: this program with the argument "node"), so the RSS and CPU reported
// for it are the node's; the load generator (this process) is reported apart.
//   phase 0 (backlog): a burst is dispatched before the network starts, then the network starts and is timed until every
//                      message is delivered: the relayer's own throughput, not the load generator's send rate;
//   phase 1 (latency): messages sent one at a time, each timed from its origin receipt to its Processed log on 902;
//   phase 2 (throughput): a burst of messages sent while the network runs, timed from the first origin receipt to the last
//                         delivery; CPU and RSS of this process.
//   phase 3 (sustained, optional): that many messages sent while the network runs, at most 4000 undelivered at a time;
//                         every 10,000 messages and at the end: RSS, GC heap after a full collection, delivery rate, CPU.
// Usage: dotnet run -c Release --project tests/Interop.RelayLoad -- [latencyMessages=40] [burstMessages=1000] [backlogMessages=1200] [sustainedMessages=0]
//        NODE_DOTNET_gcServer=1 (any NODE_DOTNET_x=v) runs the node process with DOTNET_x=v, e.g. Server GC as the node executable has.
if (args is ["node", var manifestArgument, var journalArgument])
{
    // As the node executable does first thing; said on stderr (forwarded by the parent) so a run shows what it measured.
    var malloc = Interop.Relayers.Hosting.NativeMemory.ConfigureMalloc();
    Console.Error.WriteLine($"node process: malloc arenas capped {malloc.Arenas}, mmap threshold fixed {malloc.MmapThreshold}");
    return await NodeProcess.RunAsync(manifestArgument, journalArgument);
}
var latencyMessages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
var burstMessages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var backlogMessages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1200;
var sustainedMessages = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
const uint Origin = 901, Destination = 902;

var folder = Directory.CreateTempSubdirectory("interop-load-").FullName;
// A block gas limit of 100M (target 50M) on every chain: the sustained phase sends ~200 transfers of ~118k gas a second on
// 901, above the default 30M limit's 15M target, which made the base fee grow ~6 % a block until the senders ran out of
// ether (sends failed from ~51,600 messages on). The node's behaviour does not depend on it.
var options = new DevnetOptions { Chains = DevnetOptions.DefaultChains() };
foreach (var chain in options.Chains) chain.GasLimit = 100_000_000;
var deployer = new DevnetDeployer(options, NullLogger.Instance);
await using var devnet = await LocalDevnet.StartAsync(options, deployer.DeployAsync, NullLogger.Instance, CancellationToken.None);
var manifestPath = Path.Combine(folder, "devnet.json");
devnet.Manifest.Save(manifestPath);
var journalPath = Path.Combine(folder, "journal.db");
NodeChild? node = null;
var exitCode = 0;
try
{
    var a = devnet.Manifest.Chain(Origin);
    var b = devnet.Manifest.Chain(Destination);
    await using var origin = new ChainClient(RpcClient.Create(new Uri(a.Rpc)), Origin);
    using var destinationRpc = RpcClient.Create(new Uri(b.Rpc));
    var bridge = ContractDefinition.Get(ContractNames.TokenBridge);
    var bridgeA = Address.Parse(a.Contracts["TokenBridge"]);
    var mailboxB = Address.Parse(b.Contracts["Mailbox"]);
    var fee = HexBigInteger.FromBytes(await origin.CallAsync(bridgeA, bridge.Encode("quoteTransferRemote", Destination)));
    var recipient = Bytes32.FromAddress(EthKey.Generate().Address).ToArray();
    Task<Receipt> Send(EthKey from, int i) => origin.SendAsync(from, bridgeA, bridge, "transferRemote", [Destination, recipient, new BigInteger(i + 1)], fee);

    // Deliveries are seen by polling the destination's Processed logs every 50 ms from a cursor block.
    var delivered = new Dictionary<ulong, DateTime>();
    var scanFrom = await destinationRpc.BlockNumberAsync();
    async Task ScanAsync()
    {
        var head = await destinationRpc.BlockNumberAsync();
        if (head < scanFrom) return;
        var logs = await destinationRpc.GetLogsAsync(new LogFilter
        {
            Addresses = [mailboxB], Topics = [[MailboxBinding.ProcessedTopic]],
            FromBlock = BlockParameter.AtNumber(scanFrom), ToBlock = BlockParameter.AtNumber(head),
        });
        var now = DateTime.UtcNow;
        foreach (var p in logs.Select(MailboxLog.Decode).OfType<ProcessedLog>().Where(p => p.Event.Origin == Origin)) delivered.TryAdd(p.Event.Nonce, now);
        scanFrom = head + 1;
    }
    async Task AwaitAsync(IEnumerable<ulong> nonces, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var wanted = nonces.ToList();
        while (wanted.Any(n => !delivered.ContainsKey(n)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{wanted.Count(n => !delivered.ContainsKey(n))} message(s) not delivered");
            await ScanAsync();
            await Task.Delay(50);
        }
    }

    // Phase 0: a backlog dispatched while no relayer runs, then drained by a freshly started network.
    var backlog = new List<ulong>();
    foreach (var chunk in Enumerable.Range(0, backlogMessages).Chunk(100))
    {
        var receipts = await Task.WhenAll(chunk.Select(i => Send(deployer.MarketMakerKeys[i % deployer.MarketMakerKeys.Count], 100_000 + i)));
        backlog.AddRange(receipts.SelectMany(r => r.Logs.Select(MailboxLog.Decode).OfType<DispatchedLog>()).Select(d => (ulong)d.Event.Index));
    }
    var backlogClock = Stopwatch.StartNew();
    node = await NodeChild.StartAsync(manifestPath, journalPath);
    Console.WriteLine($"node process {node.Id} started (network running)");
    // The node's CPU while it delivers (from the first delivery this tool sees to the last), apart from start and indexing.
    TimeSpan? drainCpuStart = null, drainWallStart = null;
    var drainDeadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
    while (backlog.Any(n => !delivered.ContainsKey(n)))
    {
        if (DateTime.UtcNow > drainDeadline) throw new TimeoutException($"{backlog.Count(n => !delivered.ContainsKey(n))} backlog message(s) not delivered");
        await ScanAsync();
        if (drainCpuStart is null && backlog.Any(delivered.ContainsKey)) (drainCpuStart, drainWallStart) = (node.Cpu(), backlogClock.Elapsed);
        await Task.Delay(50);
    }
    var drainCores = drainCpuStart is { } c0 && drainWallStart is { } w0
        ? (node.Cpu() - c0).TotalSeconds / Math.Max(0.001, (backlogClock.Elapsed - w0).TotalSeconds)
        : double.NaN;
    var backlogSeconds = backlogClock.Elapsed.TotalSeconds;
    var backlogCores = node.Cpu().TotalSeconds / backlogSeconds; // the node's whole life: start, recovery, indexing, draining
    var backlogFirst = backlog.Min(n => delivered[n]);
    var backlogRate = backlog.Count / Math.Max(0.001, (backlog.Max(n => delivered[n]) - backlogFirst).TotalSeconds);
    Console.WriteLine(FormattableString.Invariant($"backlog of {backlog.Count} messages on {Origin}->{Destination} drained by a freshly started network in {backlogSeconds:F1} s (start, recovery, indexing included): {backlog.Count / backlogSeconds:F1} msg/s overall, {backlogRate:F1} msg/s first to last delivery; {backlogCores:F2} cores (node, whole life), {drainCores:F2} cores (node, while delivering); node RSS {node.Rss() / (1024 * 1024)} MiB"));

    // Phase 1: latency, one message at a time.
    var latencies = new List<double>();
    var maker = deployer.MarketMakerKeys[0];
    for (var i = 0; i < latencyMessages; i++)
    {
        var receipt = await Send(maker, i);
        var included = DateTime.UtcNow;
        var nonce = (ulong)receipt.Logs.Select(MailboxLog.Decode).OfType<DispatchedLog>().Single().Event.Index;
        await AwaitAsync([nonce], TimeSpan.FromSeconds(30));
        latencies.Add((delivered[nonce] - included).TotalMilliseconds);
    }
    latencies.Sort();
    double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p / 100 * latencies.Count) - 1)];

    // Phase 2: a burst from three senders, measured from the first origin receipt to the last delivery.
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var nodeCpuBefore = node.Cpu();
    var wallBefore = Stopwatch.StartNew();
    var makers = deployer.MarketMakerKeys;
    var nonces = new List<ulong>();
    DateTime? firstIncluded = null;
    long peakRss = 0;
    foreach (var chunk in Enumerable.Range(0, burstMessages).Chunk(150))
    {
        var receipts = await Task.WhenAll(chunk.Select(i => Send(makers[i % makers.Count], latencyMessages + i)));
        firstIncluded ??= DateTime.UtcNow;
        nonces.AddRange(receipts.SelectMany(r => r.Logs.Select(MailboxLog.Decode).OfType<DispatchedLog>()).Select(d => (ulong)d.Event.Index));
        await ScanAsync();
        peakRss = Math.Max(peakRss, node.Rss());
    }
    var sentAt = DateTime.UtcNow;
    await AwaitAsync(nonces, TimeSpan.FromMinutes(5));
    var lastDelivered = nonces.Max(n => delivered[n]);
    process.Refresh();
    peakRss = Math.Max(peakRss, node.Rss());
    var cpu = (node.Cpu() - nodeCpuBefore).TotalSeconds;
    var generatorCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    var wall = wallBefore.Elapsed.TotalSeconds;
    var firstDelivery = nonces.Min(n => delivered[n]);
    var drainRate = nonces.Count / Math.Max(0.001, (lastDelivered - firstDelivery).TotalSeconds);
    var endToEndRate = nonces.Count / Math.Max(0.001, (lastDelivered - firstIncluded!.Value).TotalSeconds);

    Console.WriteLine(FormattableString.Invariant($"latency (origin receipt -> Processed log on {Destination}), {latencies.Count} messages one at a time: p50 {Percentile(50):F0} ms, p90 {Percentile(90):F0} ms, p99 {Percentile(99):F0} ms, max {latencies[^1]:F0} ms"));
    Console.WriteLine(FormattableString.Invariant($"burst of {nonces.Count} messages on {Origin}->{Destination}: sent in {(sentAt - firstIncluded!.Value).TotalSeconds:F1} s after the first receipt; delivered {drainRate:F1} msg/s (first to last delivery), {endToEndRate:F1} msg/s (first origin receipt to last delivery)"));
    Console.WriteLine(FormattableString.Invariant($"node process during the burst: {cpu:F1} s CPU over {wall:F1} s wall = {cpu / wall:F2} cores; peak RSS {peakRss / (1024 * 1024)} MiB (load generator apart: {generatorCpu / wall:F2} cores, RSS {process.WorkingSet64 / (1024 * 1024)} MiB)"));

    // Phase 3: sustained load, memory after every 10,000 messages.
    if (sustainedMessages > 0)
    {
        async Task<string> Memory()
        {
            var (rss, heap, committed) = await node.MemoryAsync();
            process.Refresh();
            return FormattableString.Invariant($"node RSS {rss / (1024 * 1024)} MiB, node GC heap {heap / (1024 * 1024)} MiB, GC committed {committed / (1024 * 1024)} MiB (generator RSS {process.WorkingSet64 / (1024 * 1024)} MiB)");
        }
        Console.WriteLine($"sustained: before, {await Memory()}");
        var sustainedCpu = node.Cpu();
        var generatorCpuBefore = process.TotalProcessorTime;
        var sustainedClock = Stopwatch.StartNew();
        var sustainedNonces = new List<ulong>(sustainedMessages);
        var failures = 0;
        var reported = 0;
        async Task<Receipt?> TrySend(EthKey from, int i)
        {
            try
            {
                return await Send(from, i);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Say why: the first few failures and then every 1000th (a silent count hid the cause of a stop at ~51,600 before).
                var failed = Interlocked.Increment(ref failures);
                if (failed <= 5 || failed % 1000 == 0) Console.Error.WriteLine($"send {i} from {from.Address} failed ({failed} so far): {e.GetType().Name}: {e.Message}");
                return null;
            }
        }
        var nextIndex = 0;
        int sentSoFar = 0, deliveredSoFar = 0;
        using var progressStop = new CancellationTokenSource();
        // A line every 30 s whatever the main loop does, so a stall shows (and where: sends, deliveries, the node's memory).
        var progress = Task.Run(async () =>
        {
            while (!progressStop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), progressStop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                Console.WriteLine(FormattableString.Invariant($"  progress {sustainedClock.Elapsed.TotalSeconds:F0} s: {Volatile.Read(ref sentSoFar)} sent, {Volatile.Read(ref failures)} failed sends, {Volatile.Read(ref deliveredSoFar)} delivered; node RSS {node.Rss() / (1024 * 1024)} MiB, node CPU {node.Cpu().TotalSeconds:F0} s"));
            }
        });
        while (sustainedNonces.Count + failures < sustainedMessages)
        {
            var count = Math.Min(200, sustainedMessages - sustainedNonces.Count - failures);
            var start = nextIndex;
            nextIndex += count;
            var receipts = await Task.WhenAll(Enumerable.Range(start, count).Select(i => TrySend(makers[i % makers.Count], 1_000_000 + i)));
            sustainedNonces.AddRange(receipts.OfType<Receipt>().SelectMany(r => r.Logs.Select(MailboxLog.Decode).OfType<DispatchedLog>()).Select(d => (ulong)d.Event.Index));
            await ScanAsync();
            Volatile.Write(ref sentSoFar, sustainedNonces.Count);
            Volatile.Write(ref deliveredSoFar, sustainedNonces.Count(delivered.ContainsKey));
            // Keep the undelivered backlog bounded: this measures a network that keeps up, not a queue that grows.
            while (sustainedNonces.Count - sustainedNonces.Count(delivered.ContainsKey) > 4000)
            {
                await Task.Delay(200);
                await ScanAsync();
                Volatile.Write(ref deliveredSoFar, sustainedNonces.Count(delivered.ContainsKey));
            }
            if (sustainedNonces.Count / 10_000 > reported)
            {
                reported = sustainedNonces.Count / 10_000;
                var done = sustainedNonces.Count(delivered.ContainsKey);
                Console.WriteLine(FormattableString.Invariant($"sustained: {sustainedNonces.Count} sent ({failures} failed sends), {done} delivered after {sustainedClock.Elapsed.TotalSeconds:F0} s; {await Memory()}"));
            }
        }
        await AwaitAsync(sustainedNonces, TimeSpan.FromMinutes(10));
        await progressStop.CancelAsync();
        await progress;
        var sustainedWall = sustainedClock.Elapsed.TotalSeconds;
        process.Refresh();
        var sustainedCores = (node.Cpu() - sustainedCpu).TotalSeconds / sustainedWall;
        var generatorCores = (process.TotalProcessorTime - generatorCpuBefore).TotalSeconds / sustainedWall;
        var firstSustained = sustainedNonces.Min(n => delivered[n]);
        var lastSustained = sustainedNonces.Max(n => delivered[n]);
        Console.WriteLine(FormattableString.Invariant($"sustained: {sustainedNonces.Count} messages on {Origin}->{Destination} delivered ({failures} sends failed) in {sustainedWall:F0} s: {sustainedNonces.Count / Math.Max(0.001, (lastSustained - firstSustained).TotalSeconds):F1} msg/s first to last delivery; {sustainedCores:F2} cores (node; the generator {generatorCores:F2}); after: {await Memory()}"));
        await Task.Delay(TimeSpan.FromSeconds(15));
        Console.WriteLine($"sustained: 15 s later (snapshots and trims done), {await Memory()}");
    }
}
catch (Exception e)
{
    // Reported, then the cleanup below runs: an exception nobody catches ends the process without running finally blocks,
    // which left the journal folder behind.
    Console.Error.WriteLine($"load run failed: {e}");
    exitCode = 1;
}
finally
{
    if (node is not null) await node.DisposeAsync();
    Directory.Delete(folder, recursive: true);
}
return exitCode;
