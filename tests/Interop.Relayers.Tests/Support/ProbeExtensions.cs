using Akka.TestKit;

namespace Interop.Relayers.Tests.Support;

public static class ProbeExtensions
{
    /// <summary>Receives messages until <paramref name="done"/> holds for everything received so far; returns them all.</summary>
    public static async Task<List<object>> CollectUntilAsync(this TestProbe probe, Func<IReadOnlyList<object>, bool> done, TimeSpan timeout)
    {
        var received = new List<object>();
        await probe.FishForMessageAsync(m =>
        {
            received.Add(m);
            return done(received);
        }, timeout);
        return received;
    }
}
