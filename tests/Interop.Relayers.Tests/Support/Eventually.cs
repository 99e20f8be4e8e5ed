namespace Interop.Relayers.Tests.Support;

/// <summary>Waits for a condition by polling it (for state that actors and chains reach asynchronously).</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) => TrueAsync(condition, timeout, what, null);

    /// <summary>As <see cref="TrueAsync(Func{Task{bool}}, TimeSpan, string)"/>; on a timeout the message also holds what <paramref name="explain"/> reports (where things stand).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? explain)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var state = "";
                if (explain is not null)
                {
                    try
                    {
                        state = Environment.NewLine + await explain().WaitAsync(TimeSpan.FromSeconds(30));
                    }
                    catch (Exception e)
                    {
                        state = $"{Environment.NewLine}(the diagnostics failed: {e.GetType().Name}: {e.Message})";
                    }
                }
                throw new TimeoutException($"not reached within {timeout}: {what}{state}");
            }
            await Task.Delay(200);
        }
    }
}
