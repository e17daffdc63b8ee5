namespace KubeContainers.Operator.Tests.Support;

/// <summary>Waits for a condition with a deadline, polling; fails with the last observation instead of hanging.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

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

                last = value?.ToString() ?? "null";
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
}
