namespace KubeContainers.LocalCluster.Tests.Controllers;

/// <summary>Polls a probe until a condition holds or a deadline passes; the failure says what was last seen.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task<T> Until<T>(Func<T> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
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
