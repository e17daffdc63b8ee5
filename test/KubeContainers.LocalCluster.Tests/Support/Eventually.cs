namespace KubeContainers.LocalCluster.Tests.Support;

/// <summary>Waits for a condition with a deadline, polling; fails with the last observation instead of hanging.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        T last;
        Exception? lastError = null;
        do
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is not ShouldAssertException)
            {
                last = default!;
                lastError = e;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"timed out waiting for {what}; last value: {last}; last error: {lastError?.Message}");
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        ReturnsAsync(probe, ok => ok, what, timeout);

    public static Task TrueAsync(Func<bool> probe, string what, TimeSpan? timeout = null) =>
        ReturnsAsync(() => Task.FromResult(probe()), ok => ok, what, timeout);

    // Synchronous probes (in-process cluster reads): a probe that throws fails the test at once.
    private static readonly TimeSpan UntilTimeout = TimeSpan.FromSeconds(10);

    public static async Task<T> Until<T>(Func<T> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? UntilTimeout);
        T last;
        while (true)
        {
            last = probe();
            if (condition(last))
            {
                return last;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; last seen: {Describe(last)}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(condition, ok => ok, what, timeout);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Text.Json.Nodes.JsonNode node => node.ToJsonString(),
        _ => value.ToString() ?? "",
    };
}
