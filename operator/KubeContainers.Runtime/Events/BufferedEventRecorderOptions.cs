namespace KubeContainers.Runtime.Events;

/// <summary>How many Events may wait to be sent, by how many senders, and how long shutdown waits for them.</summary>
internal sealed record BufferedEventRecorderOptions
{
    /// <summary>client-go's broadcaster queues 1000 per watcher; a few per reconcile at most are recorded.</summary>
    public int Capacity { get; init; } = 1000;

    /// <summary>Concurrent Event writes; two keep up with a burst without taking the workers' share of the rate limit.</summary>
    public int Senders { get; init; } = 2;

    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
