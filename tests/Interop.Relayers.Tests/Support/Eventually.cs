namespace Interop.Relayers.Tests.Support;

/// <summary>Waits for a condition by polling it (for state that actors and chains reach asynchronously).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout}: {what}");
            await Task.Delay(200);
        }
    }
}
