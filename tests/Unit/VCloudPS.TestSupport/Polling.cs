namespace VCloudPS.TestSupport;

/// <summary>
/// The one way the simulator's tests wait for something that ends on the simulated clock (tasks, uploads): poll until it is
/// done, with a generous real-time deadline — the machine may be busy with other builds, so the deadline only catches
/// things that never finish, it never decides a result. SIM_TEST_WAIT_SECONDS overrides it.
/// </summary>
public static class Polling
{
    public static readonly TimeSpan DefaultDeadline =
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("SIM_TEST_WAIT_SECONDS"), out var s) && s > 0 ? s : 120);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, Func<T, string> describe, TimeSpan? deadline = null)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var limit = deadline ?? DefaultDeadline;
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (stopwatch.Elapsed >= limit)
                throw new TimeoutException($"still not done after {limit.TotalSeconds:0} s: {describe(value)}");
            await Task.Delay(20);
        }
    }
}
