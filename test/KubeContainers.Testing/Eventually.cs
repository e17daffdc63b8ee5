namespace KubeContainers.Testing;

/// <summary>
/// Waits for a condition with a deadline, polling; fails with the last observation instead of hanging. The one
/// wait of every test project: <see cref="Returns{T}"/> and <see cref="True"/> poll an asynchronous probe (an API
/// read, kubectl) and retry one that throws; <see cref="Until{T}(Func{T}, Func{T, bool}, string, TimeSpan?)"/> polls
/// a synchronous one (an in-process cluster read), whose exception fails the test at once.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan UntilTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds and returns that value; a probe that throws is retried.</summary>
    public static async Task<T> Returns<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        var last = "nothing yet";
        while (true)
        {
            try
            {
                var value = await probe();
                if (done(value))
                {
                    return value;
                }

                last = Describe(value);
            }
            catch (Exception e) when (e is not ShouldAssertException and not OperationCanceledException)
            {
                last = $"{e.GetType().Name}: {e.Message}";
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds}s waiting for {what}; last seen: {last}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static Task True(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) => Returns(probe, ok => ok, what, timeout);

    /// <summary>Polls a synchronous <paramref name="probe"/> until <paramref name="condition"/> holds and returns that value.</summary>
    public static async Task<T> Until<T>(Func<T> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? UntilTimeout);
        while (true)
        {
            var last = probe();
            if (condition(last))
            {
                return last;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {(timeout ?? UntilTimeout).TotalSeconds}s waiting for {what}; last seen: {Describe(last)}");
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
